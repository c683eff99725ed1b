/* getentropy(): random bytes from the "rng0" service (a hardware source). */
#define _DEFAULT_SOURCE   /* getentropy: beyond C11 */
#include <errno.h>
#include <unistd.h>
#include <pier/rng.h>
#include <libpier.h>

/*
 * POSIX semantics: all of len bytes or -1. errno: EIO for len above
 * PIER_RNG_MAX (256, GETENTROPY_MAX) or when the source fails; ENOSYS
 * when there is no "rng0" service (or this program may not look it up);
 * EFAULT for a NULL buffer. One call to the driver, which holds it until
 * the device has filled it. picolibc's arc4random() calls this too.
 */
static uint32_t rng;             /* a send handle to "rng0", or 0 */

int getentropy(void *buf, size_t len)
{
	struct pier_rng_read req = { .size = (uint32_t)len };
	uint32_t got = 0;
	int rc = PIER_OK;

	if (len > PIER_RNG_MAX) {
		errno = EIO;
		return -1;
	}
	if (len == 0)
		return 0;
	if (!buf) {
		errno = EFAULT;
		return -1;
	}
	if (!rng)
		rc = pier_lookup("rng0", &rng);
	if (rc != PIER_OK) {
		rng = 0;      /* the service may come later: look again next time */
		errno = ENOSYS;
		return -1;
	}
	rc = pier_call(rng, PIER_RNG_READ, &req, sizeof(req), buf, req.size, &got);
	if (rc == PIER_E_RESTARTED)   /* its driver started again: once more */
		rc = pier_call(rng, PIER_RNG_READ, &req, sizeof(req), buf, req.size, &got);
	if (rc != PIER_OK || got != len) {
		errno = EIO;
		return -1;
	}
	return 0;
}
