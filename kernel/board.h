/* Board discovery: what the kernel needs to know, read once from the device tree. */
#ifndef KERNEL_BOARD_H
#define KERNEL_BOARD_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "fdt.h"

/*
 * board_from_fdt() fills a plain struct: no pointers into the blob, so the
 * blob's memory may be reused once it returns. A table that would overflow
 * is an error, never silently cut short. Errors are FDT_E_* (fdt.h) or:
 */
enum board_err {
	BOARD_E_MISSING = -32,  /* a required node or property is absent (/cpus, memory, timebase, reg) */
	BOARD_E_TOO_MANY = -33, /* more entries than a BOARD_MAX_* table holds */
	BOARD_E_STDOUT = -34,   /* /chosen stdout-path names no node */
};

#define BOARD_MAX_MEM 8         /* RAM ranges, over all /memory nodes */
#define BOARD_MAX_RESERVED 16   /* /reserved-memory ranges plus memreserve entries */
#define BOARD_MAX_HARTS 32      /* cpu nodes under /cpus, usable or not */
#define BOARD_MAX_CLINT 16      /* CLINT and ACLINT register ranges */
#define BOARD_MODEL_MAX 64
#define BOARD_BOOTARGS_MAX 256
#define BOARD_PATH_MAX 64       /* node paths, e.g. "/soc/serial@10000000" */
#define BOARD_COMPAT_MAX 96     /* a whole compatible list, NULs included */
#define BOARD_ISA_MAX 256       /* riscv,isa strings grow with every extension */
#define BOARD_MMU_MAX 16

#define BOARD_IRQ_S_EXT 9u      /* mcause/scause code of the S-mode external interrupt */

struct board_range {
	uint64_t base;
	uint64_t size;
};

struct board_uart {
	bool present;           /* /chosen names a stdout node */
	char path[BOARD_PATH_MAX];
	char compatible[BOARD_COMPAT_MAX];   /* the first (most specific) string */
	char compat_list[BOARD_COMPAT_MAX];  /* every string, each NUL-terminated */
	uint32_t compat_len;    /* bytes used in compat_list */
	uint64_t base;
	uint64_t size;
	uint32_t reg_shift;     /* register stride is 1 << reg_shift; default 0 */
	uint32_t reg_io_width;  /* access width in bytes; default 1 */
	uint32_t irq;           /* first interrupt at its controller; 0 = none (PLIC irq 0 is never used) */
	uint64_t clock_hz;      /* clock-frequency, or 0 when absent (clocks = <...> instead) */
};

struct board_plic {
	bool present;           /* a "riscv,plic0" or "sifive,plic-1.0.0" node exists */
	char path[BOARD_PATH_MAX];
	uint64_t base;
	uint64_t size;
	uint32_t ndev;          /* riscv,ndev: highest interrupt source number */
	uint32_t phandle;       /* what devices' interrupt-parent points at */
};

/* A SiFive composable cache controller: what non-coherent DMA flushes through. */
struct board_ccache {
	bool present;           /* a node with one of board_ccache.c's compatibles */
	uint64_t base;          /* its registers */
	uint64_t size;
	uint32_t line;          /* cache-block-size; 64 when absent */
};

struct board_hart {
	uint64_t hartid;        /* reg of the cpu node: the id SBI calls use */
	bool okay;              /* status absent, "okay" or "ok" */
	bool usable;            /* okay and an Sv39/Sv48/Sv57 MMU: can run this kernel */
	bool sstc;              /* has the Sstc extension (stimecmp) */
	char mmu_type[BOARD_MMU_MAX];   /* e.g. "riscv,sv39"; "" when absent */
	char isa[BOARD_ISA_MAX];        /* riscv,isa; "" when absent */
	uint32_t intc_phandle;  /* phandle of its riscv,cpu-intc child; 0 if none */
	int32_t plic_s_ctx;     /* PLIC context of its S-mode external interrupt; -1 = none */
};

struct board {
	char model[BOARD_MODEL_MAX];    /* "" when absent */
	uint64_t timebase_hz;   /* rate of the time CSR */
	uint32_t nmem;
	struct board_range mem[BOARD_MAX_MEM];
	uint32_t nreserved;
	struct board_range reserved[BOARD_MAX_RESERVED];
	char bootargs[BOARD_BOOTARGS_MAX];      /* "" when absent */
	struct board_uart uart;
	struct board_plic plic;
	/* The hart-local timers and software interrupts ("riscv,clint0",
	 * "sifive,clint0", "riscv,aclint-*"), enabled or not: firmware's
	 * registers, which no device handle may cover. */
	uint32_t nclint;
	struct board_range clint[BOARD_MAX_CLINT];
	uint32_t nharts;
	struct board_hart harts[BOARD_MAX_HARTS];
	struct board_ccache ccache;
};

/* len_limit: bytes readable at fdt; the blob's totalsize must fit in them. */
int board_from_fdt(const void *fdt, size_t len_limit, struct board *b);

#endif
