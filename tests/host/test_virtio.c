/* Host tests of the virtio-mmio transport against a simulated device, legacy and modern. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <pier/status.h>
#include "virtio.h"
#include "virtio_sim.h"

#define QMEM 0u              /* queue memory at the arena's start */
#define BUFS 16384u          /* request buffers after it */

static struct virtio_dev dev;
static struct virtq q;

/* A device of that version, probed, negotiated, queue 0 set up, DRIVER_OK. */
static void bring_up(uint32_t version)
{
	sim_reset(version, VIRTIO_ID_RNG);
	assert_int_equal(virtio_probe(&dev, &sim_io, VIRTIO_ID_RNG), PIER_OK);
	assert_int_equal(virtio_negotiate(&dev, 0), PIER_OK);
	uint16_t n = virtq_size(&dev, 0, 64);

	assert_int_equal(n, 8);
	assert_int_equal(virtq_setup(&dev, &q, 0, n, sim.arena + QMEM,
				     sim_bus(sim.arena + QMEM), virtq_bytes(n)), PIER_OK);
	virtio_driver_ok(&dev);
}

static int add_in(uint32_t slot, uint32_t len, uintptr_t cookie)
{
	struct virtq_buf b = { sim_bus(sim.arena + BUFS + slot * 256u), len };

	return virtq_add(&q, &b, 0, 1, (void *)cookie);
}

static void probe(uint32_t version)
{
	sim_reset(version, VIRTIO_ID_RNG);
	sim.status = VIRTIO_S_DRIVER_OK;     /* left over from an earlier driver */
	assert_int_equal(virtio_probe(&dev, &sim_io, VIRTIO_ID_RNG), PIER_OK);
	assert_int_equal(dev.version, version);
	assert_int_equal(sim.resets, 1);
	assert_int_equal(sim.status, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER);
	assert_int_equal(sim.page_size, version == 1 ? 4096 : 0);

	sim_reset(version, 2);               /* a block device is not ours */
	assert_int_equal(virtio_probe(&dev, &sim_io, VIRTIO_ID_RNG), PIER_E_NOENT);
	sim_reset(version, 0);               /* an empty slot */
	assert_int_equal(virtio_probe(&dev, &sim_io, 0), PIER_E_NOENT);
	sim_reset(version, VIRTIO_ID_RNG);
	sim.magic = 0x12345678;
	assert_int_equal(virtio_probe(&dev, &sim_io, VIRTIO_ID_RNG), PIER_E_NOENT);
	assert_int_equal(sim.status_writes, 0);   /* not a device: never touched */
}

static void test_probe_legacy(void **s) { (void)s; probe(1); }
static void test_probe_modern(void **s) { (void)s; probe(2); }

static void test_probe_unknown_version(void **s)
{
	(void)s;
	sim_reset(3, VIRTIO_ID_RNG);
	assert_int_equal(virtio_probe(&dev, &sim_io, VIRTIO_ID_RNG), PIER_E_UNSUPPORTED);
	assert_int_equal(sim.status_writes, 0);
}

static void test_negotiate_modern(void **s)
{
	(void)s;
	sim_reset(2, VIRTIO_ID_RNG);
	sim.dev_features |= 1ull << 40;
	assert_int_equal(virtio_probe(&dev, &sim_io, VIRTIO_ID_RNG), PIER_OK);
	assert_int_equal(virtio_negotiate(&dev, 0x1u | (1ull << 41)), PIER_OK);
	/* Only what both sides want, and VERSION_1 always. */
	assert_true(sim.drv_features == (VIRTIO_F_VERSION_1 | 0x1u));
	assert_true(dev.features == sim.drv_features);
	assert_true(sim.status & VIRTIO_S_FEATURES_OK);

	/* A modern device without VERSION_1 is refused before FEATURES_OK. */
	sim_reset(2, VIRTIO_ID_RNG);
	sim.dev_features = 0x1u;
	assert_int_equal(virtio_probe(&dev, &sim_io, VIRTIO_ID_RNG), PIER_OK);
	assert_int_equal(virtio_negotiate(&dev, 0x1u), PIER_E_UNSUPPORTED);
	assert_false(sim.status & VIRTIO_S_FEATURES_OK);

	/* A device that clears FEATURES_OK refuses the set. */
	sim_reset(2, VIRTIO_ID_RNG);
	sim.refuse_features = true;
	assert_int_equal(virtio_probe(&dev, &sim_io, VIRTIO_ID_RNG), PIER_OK);
	assert_int_equal(virtio_negotiate(&dev, 0), PIER_E_UNSUPPORTED);
	virtio_fail(&dev);
	assert_true(sim.status & VIRTIO_S_FAILED);
}

static void test_negotiate_legacy(void **s)
{
	(void)s;
	sim_reset(1, VIRTIO_ID_RNG);
	sim.dev_features = 0x4u | VIRTIO_F_VERSION_1;   /* not meaningful in legacy */
	assert_int_equal(virtio_probe(&dev, &sim_io, VIRTIO_ID_RNG), PIER_OK);
	assert_int_equal(virtio_negotiate(&dev, 0x4u | VIRTIO_F_VERSION_1), PIER_OK);
	assert_true(sim.drv_features == 0x4u);
	/* The simulation fails the test if FEATURES_OK is ever written. */
	assert_int_equal(sim.status, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER);
}

static void setup_checks(uint32_t version)
{
	sim_reset(version, VIRTIO_ID_RNG);
	assert_int_equal(virtio_probe(&dev, &sim_io, VIRTIO_ID_RNG), PIER_OK);
	assert_int_equal(virtio_negotiate(&dev, 0), PIER_OK);
	assert_int_equal(virtq_size(&dev, 1, 64), 0);       /* no queue 1 */
	assert_int_equal(virtq_size(&dev, 0, 6), 4);        /* a power of two */
	/* Misaligned memory, a size the device cannot take, too little memory. */
	assert_int_equal(virtq_setup(&dev, &q, 0, 8, sim.arena + 64,
				     sim_bus(sim.arena + 64), virtq_bytes(8)), PIER_E_ARG);
	assert_int_equal(virtq_setup(&dev, &q, 0, 16, sim.arena,
				     sim_bus(sim.arena), virtq_bytes(16)), PIER_E_ARG);
	assert_int_equal(virtq_setup(&dev, &q, 0, 6, sim.arena,
				     sim_bus(sim.arena), virtq_bytes(8)), PIER_E_ARG);
	assert_int_equal(virtq_setup(&dev, &q, 0, 8, sim.arena,
				     sim_bus(sim.arena), virtq_bytes(8) - 1), PIER_E_ARG);
	assert_int_equal(virtq_setup(&dev, &q, 0, 8, sim.arena,
				     sim_bus(sim.arena), virtq_bytes(8)), PIER_OK);
	if (version == 1) {
		assert_int_equal(sim.q[0].pfn, SIM_BUS / 4096);
		assert_int_equal(sim.q[0].align, VIRTQ_ALIGN);
	} else {
		assert_true(sim.q[0].desc == SIM_BUS);
		assert_true(sim.q[0].avail == SIM_BUS + 16 * 8);
		assert_true(sim.q[0].used == SIM_BUS + 4096);
		assert_int_equal(sim.q[0].ready, 1);
	}
	/* A queue in use is not set up again. */
	assert_int_equal(virtq_setup(&dev, &q, 0, 8, sim.arena,
				     sim_bus(sim.arena), virtq_bytes(8)), PIER_E_STATE);
}

static void test_setup_legacy(void **s) { (void)s; setup_checks(1); }
static void test_setup_modern(void **s) { (void)s; setup_checks(2); }

static void one_request(uint32_t version)
{
	void *cookie;
	uint32_t len;

	bring_up(version);
	assert_true(sim.status & VIRTIO_S_DRIVER_OK);
	assert_int_equal(virtq_harvest(&q, &cookie, &len), 0);
	sim.fill = 0x40;
	assert_true(add_in(0, 16, 0xc0ffee) >= 0);
	assert_int_equal(sim.notifies, 0);       /* nothing before the notify */
	virtq_notify(&q);
	assert_int_equal(sim.notifies, 1);
	assert_int_equal(virtio_irq_ack(&dev), VIRTIO_IRQ_USED);
	assert_int_equal(sim.irq_status, 0);
	assert_int_equal(virtq_harvest(&q, &cookie, &len), 1);
	assert_true(cookie == (void *)0xc0ffee);
	assert_int_equal(len, 16);
	for (unsigned i = 0; i < 16; i++)
		assert_int_equal(sim.arena[BUFS + i], 0x40 + i);
	assert_int_equal(virtq_harvest(&q, &cookie, &len), 0);
	assert_int_equal(virtq_free(&q), 8);
	assert_int_equal(virtio_irq_ack(&dev), 0);
}

static void test_request_legacy(void **s) { (void)s; one_request(1); }
static void test_request_modern(void **s) { (void)s; one_request(2); }

/* Fill the queue, get PIER_E_FULL, let the device answer newest first. */
static void full_queue(uint32_t version)
{
	void *cookie;
	uint32_t len, seen = 0;

	bring_up(version);
	sim.hold = true;
	for (uintptr_t i = 0; i < 8; i++)
		assert_true(add_in((uint32_t)i, 32, i + 1) >= 0);
	assert_int_equal(virtq_free(&q), 0);
	assert_int_equal(add_in(9, 32, 99), PIER_E_FULL);
	virtq_notify(&q);
	assert_int_equal(sim.npending, 8);
	assert_int_equal(virtq_harvest(&q, &cookie, &len), 0);
	sim_complete(8, true);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(virtq_harvest(&q, &cookie, &len), 1);
		assert_int_equal(len, 32);
		seen |= 1u << ((uintptr_t)cookie - 1);
	}
	assert_int_equal(seen, 0xff);
	assert_int_equal(virtq_free(&q), 8);
	/* Chains of several buffers from the shuffled free list. */
	struct virtq_buf b[3] = {
		{ sim_bus(sim.arena + BUFS), 8 }, { sim_bus(sim.arena + BUFS + 256), 8 },
		{ sim_bus(sim.arena + BUFS + 512), 8 },
	};
	assert_true(virtq_add(&q, b, 1, 2, (void *)1) >= 0);
	assert_true(virtq_add(&q, b, 0, 3, (void *)2) >= 0);
	assert_int_equal(virtq_add(&q, b, 0, 3, (void *)3), PIER_E_FULL);
	assert_int_equal(virtq_free(&q), 2);
	virtq_notify(&q);
	sim_complete(2, false);
	assert_int_equal(virtq_harvest(&q, &cookie, &len), 1);
	assert_int_equal(len, 16);              /* the readable buffer is not counted */
	assert_int_equal(virtq_harvest(&q, &cookie, &len), 1);
	assert_int_equal(len, 24);
	assert_int_equal(virtq_free(&q), 8);
}

static void test_full_legacy(void **s) { (void)s; full_queue(1); }
static void test_full_modern(void **s) { (void)s; full_queue(2); }

/* Past 65536 requests: both rings' indices wrap; three in flight at a time. */
static void wrap(uint32_t version)
{
	void *cookie;
	uint32_t len, done = 0;
	uintptr_t next = 1, expect = 1;

	bring_up(version);
	sim.hold = true;
	while (done < 70000) {
		while (virtq_free(&q) > 5)
			assert_true(add_in((uint32_t)(next % 8), 4, next) >= 0), next++;
		virtq_notify(&q);
		sim_complete(2, false);
		while (virtq_harvest(&q, &cookie, &len) == 1) {
			assert_true((uintptr_t)cookie == expect);
			assert_int_equal(len, 4);
			expect++, done++;
		}
	}
	assert_true(q.avail_idx == (uint16_t)(next - 1));
	assert_true(sim.q[0].used_idx == (uint16_t)done);
}

static void test_wrap_legacy(void **s) { (void)s; wrap(1); }
static void test_wrap_modern(void **s) { (void)s; wrap(2); }

/* A device that lies: lengths past the buffer, a chain it does not hold. */
static void test_broken_device(void **s)
{
	void *cookie;
	uint32_t len;

	(void)s;
	bring_up(2);
	sim.extra_len = 1000;
	assert_true(add_in(0, 16, 1) >= 0);
	virtq_notify(&q);
	assert_int_equal(virtq_harvest(&q, &cookie, &len), 1);
	assert_int_equal(len, 16);

	sim.extra_len = 0;
	assert_true(add_in(0, 16, 2) >= 0);
	virtq_notify(&q);
	struct virtq_used_elem *e = (struct virtq_used_elem *)((char *)q.used + 4) + 1;

	e->id = 5;                               /* never given to it */
	assert_int_equal(virtq_harvest(&q, &cookie, &len), PIER_E_STATE);
	e->id = 200;                             /* past the queue */
	assert_int_equal(virtq_harvest(&q, &cookie, &len), PIER_E_STATE);
	q.used->idx = (uint16_t)(q.last_used + 9);   /* more than it could hold */
	assert_int_equal(virtq_harvest(&q, &cookie, &len), PIER_E_STATE);
}

static void test_bad_chains(void **s)
{
	struct virtq_buf b[9];

	(void)s;
	bring_up(1);
	for (int i = 0; i < 9; i++)
		b[i] = (struct virtq_buf){ sim_bus(sim.arena + BUFS), 8 };
	assert_int_equal(virtq_add(&q, b, 0, 0, 0), PIER_E_ARG);
	assert_int_equal(virtq_add(&q, b, 4, 5, 0), PIER_E_ARG);  /* longer than the queue */
	b[1].len = 0;
	assert_int_equal(virtq_add(&q, b, 1, 1, 0), PIER_E_ARG);
	assert_int_equal(virtq_free(&q), 8);
}

/* A device that polls says so; then no notify is written. */
static void test_no_notify(void **s)
{
	(void)s;
	bring_up(2);
	q.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	assert_true(add_in(0, 4, 1) >= 0);
	virtq_notify(&q);
	assert_int_equal(sim.notifies, 0);
	assert_int_equal(q.avail->idx, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_legacy),
		cmocka_unit_test(test_probe_modern),
		cmocka_unit_test(test_probe_unknown_version),
		cmocka_unit_test(test_negotiate_modern),
		cmocka_unit_test(test_negotiate_legacy),
		cmocka_unit_test(test_setup_legacy),
		cmocka_unit_test(test_setup_modern),
		cmocka_unit_test(test_request_legacy),
		cmocka_unit_test(test_request_modern),
		cmocka_unit_test(test_full_legacy),
		cmocka_unit_test(test_full_modern),
		cmocka_unit_test(test_wrap_legacy),
		cmocka_unit_test(test_wrap_modern),
		cmocka_unit_test(test_broken_device),
		cmocka_unit_test(test_bad_chains),
		cmocka_unit_test(test_no_notify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
