/* How every virtio driver starts: its device, its setup, its service ready; or the device marked failed. */
#include <stdio.h>
#include <libpier.h>
#include "virtio.h"

/*
 * init names the service a driver serves as argv[1] ("rng0", "blk1": one
 * per device); started by hand, the driver keeps its default *service.
 * setup maps the device into vdev and makes the service's port. On any
 * failure after the device was reached, it is told FAILED (the virtio
 * status bit), so it stops, and the reason is printed: main's result.
 */
int virtio_driver_start(int argc, char **argv, const char *driver, const char **service,
			uint32_t *dev, struct virtio_dev *vdev, int (*setup)(void))
{
	int rc;

	if (argc > 1)
		*service = argv[1];
	rc = pier_my_device(dev);
	if (rc == PIER_OK)
		rc = setup();
	if (rc == PIER_OK)
		rc = pier_serve_ready(*service);
	if (rc == PIER_OK)
		return 0;
	if (vdev->io)
		virtio_fail(vdev);
	printf("%s: %s\n", driver, pier_strerror(rc));
	return 1;
}
