# Host test of how each device's DMA is kept coherent: dma_mode() over the board
# blobs in $(DTB_DIR) and tests/host/dts/dma-coherence.dts, with board discovery's cache controller.
HOST_TESTS += dmamode
HOST_SRCS_dmamode := tests/host/test_dmamode.c kernel/dma_coherent.c lib/fdt/fdt.c lib/fdt/fdt_prop.c lib/fdt/fdt_dev.c \
	kernel/board.c kernel/board_harts.c kernel/board_ccache.c
$(B)/host/test_dmamode: $(B)/host/dts/dma-coherence.dtb
