# Host test of the virtio-mmio transport against a simulated device of both versions.
HOST_TESTS += virtio
HOST_SRCS_virtio := tests/host/test_virtio.c tests/host/virtio_sim.c \
	drivers/common/virtio.c drivers/common/virtq.c
$(B)/host/test_virtio: HOSTCFLAGS += -Idrivers/common
$(B)/host/test_virtio: drivers/common/virtio.h tests/host/virtio_sim.h
