/* Traps: the system call, user faults, and kernel faults (a panic with the registers). */
#include <pier/pier.h>
#include "csr.h"
#include "context.h"
#include "sbi.h"
#include "port.h"
#include "space.h"
#include "sched.h"
#include "ipc.h"
#include "kmain.h"
#include "arch.h"
#include "log.h"
#include "plic.h"
#include "ktimer.h"
#include "device.h"
#include "irqoff.h"
#include "uaccess.h"
#include "fpu.h"
#include "fp_insn.h"

void user_return(struct context *c) __attribute__((noreturn));

static const char *cause_name(uint64_t cause)
{
	switch (cause) {
	case CAUSE_MISALIGNED_FETCH: return "misaligned fetch";
	case CAUSE_FETCH_ACCESS: return "fetch access fault";
	case CAUSE_ILLEGAL_INSN: return "illegal instruction";
	case CAUSE_BREAKPOINT: return "breakpoint";
	case CAUSE_MISALIGNED_LOAD: return "misaligned load";
	case CAUSE_LOAD_ACCESS: return "load access fault";
	case CAUSE_MISALIGNED_STORE: return "misaligned store";
	case CAUSE_STORE_ACCESS: return "store access fault";
	case CAUSE_FETCH_PAGE: return "fetch page fault";
	case CAUSE_LOAD_PAGE: return "load page fault";
	case CAUSE_STORE_PAGE: return "store page fault";
	}
	return "unknown trap";
}

/*
 * A fault stops the faulting activation and nobody else: its port stops,
 * a call it was serving is answered PIER_E_FAULTED, and the space's
 * supervisor gets a PIER_MSG_FAULT packet to decide (init kills the
 * space). With no supervisor to tell, the space is destroyed. grow_rc:
 * why a page could not be had at the address (0: not that); grow_port
 * is whose stack it is in, or -1 for a page of the program's image.
 */
static __attribute__((noinline, cold)) void user_fault(struct port *cur, uint64_t cause,
							const char *why, int grow_rc, int grow_port)
{
	struct space *s = cur->space;
	struct port *sup = s->supervisor;
	struct pier_fault f = {
		.space = s->id, .cause = cause, .addr = csr_read(stval),
		.pc = ctx_pc(&cur->ctx),
	};
	bool told = sup && sup != cur &&
		ipc_deliver(NULL, sup, PIER_MSG_FAULT, &f, sizeof(f), 0, NULL, 0) == PIER_OK;
	const char *end = told ? "supervisor told" : "space destroyed";
	int ovf = cause == CAUSE_ILLEGAL_INSN ? -1 : port_stack_overflow(cur, f.addr);

	if (grow_rc && grow_port < 0)
		kprintf("pier: space %lu (%s) fault: program load out of memory (%s) on a %s "
			"pc=0x%lx addr=0x%lx; %s\n", s->id, s->name,
			grow_rc == PIER_E_QUOTA ? "quota used up" : "no free page",
			cause_name(cause), f.pc, f.addr, end);
	else if (grow_rc)
		kprintf("pier: space %lu (%s) fault: stack growth out of memory (%s) in port %d "
			"of space %lu (%s) pc=0x%lx addr=0x%lx; %s\n", s->id, s->name,
			grow_rc == PIER_E_QUOTA ? "quota used up" : "no free page", grow_port,
			s->id, cause_name(cause), f.pc, f.addr, end);
	else if (ovf >= 0)
		kprintf("pier: space %lu (%s) fault: stack overflow in port %d of space %lu "
			"(%s) pc=0x%lx addr=0x%lx; %s\n", s->id, s->name, ovf, s->id,
			cause_name(cause), f.pc, f.addr, end);
	else
		kprintf("pier: space %lu (%s) fault: %s%s pc=0x%lx addr=0x%lx; %s\n",
			s->id, s->name, cause_name(cause), why, f.pc, f.addr, end);
	if (told) {
		s->faulted = true;
		sched_stop_current();
		if (sched_outranked())
			sched_preempt_current();
	} else {
		space_destroy(s, PIER_ENDED_FAULT, PIER_E_FAULTED);
	}
}

/*
 * A page fault: a touch of a handler stack's page not mapped yet maps it
 * (port_stack_grow), a touch of a page of the program's image not loaded
 * yet loads it (image.c) if its segment allows the access, each charged
 * to the space; the instruction runs again. Any other, or a page that
 * cannot be had, is a fault. An AMO faults as a store, an LR as a load.
 * A fetch never grows a stack (its pages are never executable: a fetch
 * there would fault again for ever).
 */
static __attribute__((noinline)) void page_fault(struct port *cur, uint64_t cause)
{
	struct space *s = cur->space;
	uint64_t va = csr_read(stval);
	unsigned need = cause == CAUSE_FETCH_PAGE ? VM_X : cause == CAUSE_STORE_PAGE ? VM_W : VM_R;
	int port = -1;
	int rc = need == VM_X ? PIER_E_UNMAPPED : port_stack_grow(s, va, &port);

	if (rc == PIER_E_UNMAPPED) {
		port = -1;
		rc = image_fault(&s->vm, &s->image, va, need);
	}
	if (rc)
		user_fault(cur, cause, "", rc == PIER_E_UNMAPPED ? 0 : rc, port);
}

/* The instruction at the faulting pc (one that the CPU just fetched), or 0 if unreadable. */
static uint32_t fetch_insn(struct port *cur)
{
	uint16_t half[2] = { 0, 0 };
	uint64_t pc = ctx_pc(&cur->ctx);
	struct vm *vm = &cur->space->vm;

	if (copy_from_user(vm, &half[0], pc, 2) != PIER_OK)
		return 0;
	if ((half[0] & 3) == 3 && copy_from_user(vm, &half[1], pc + 2, 2) != PIER_OK)
		return 0;
	return half[0] | (uint32_t)half[1] << 16;
}

/*
 * An illegal instruction: if it needs the FPU, lend it (fpu.c) and run it
 * again. On a hart without F and D it is a fault, reported as what it is.
 */
static __attribute__((noinline)) void illegal(struct port *cur)
{
	bool was_on = fpu_was_on;   /* trap_entry_fp: taken with FS on; read once, whatever it was */

	fpu_was_on = 0;
	if (!fp_insn(fetch_insn(cur)))
		user_fault(cur, CAUSE_ILLEGAL_INSN, "", 0, 0);
	else if (!fpu_trap(&cur->ctx, was_on))
		user_fault(cur, CAUSE_ILLEGAL_INSN, fpu_present ? "" :
			   " (uses floating point; this hart has none)", 0, 0);
}

/* Not an interrupt: an FP instruction to lend the FPU for, a stack or image page to map, or a fault.
 * Out of line, so that the interrupt path is what it was without FP. */
static __attribute__((noinline)) void exception(struct port *cur, uint64_t cause)
{
	if (cause == CAUSE_ILLEGAL_INSN)
		illegal(cur);
	else if (cause == CAUSE_LOAD_PAGE || cause == CAUSE_STORE_PAGE ||
		 cause == CAUSE_FETCH_PAGE)
		page_fault(cur, cause);
	else
		user_fault(cur, cause, "", 0, 0);
}

/* An interrupt: the timer, or the PLIC with one or more sources pending. */
static void interrupt(uint64_t code)
{
	if (code == IRQ_S_TIMER) {
		ktimer_tick();
	} else if (code == IRQ_S_EXT) {
#ifdef PIER_BENCH
		/* Benchmark builds only: figure 6 of docs/performance.md. */
		device_irq_stamp = csr_read(instret);
#endif
		/* sip.SEIP is the PLIC's line: claim again only while it is
		 * up. Read late, it costs one more trap, never a lost source. */
		for (uint32_t irq = plic_claim(); irq;
		     irq = csr_read(sip) & SIE_SEIE ? plic_claim() : 0)
			device_irq(irq);
		if (sched_outranked())
			sched_preempt_current();
	}
}

/* The idle loop woke up: handle what is pending, as a trap would. */
void arch_poll_interrupts(void)
{
	uint64_t pending = csr_read(sip) & csr_read(sie);

	if (pending & SIE_STIE)
		interrupt(IRQ_S_TIMER);
	if (pending & SIE_SEIE)
		interrupt(IRQ_S_EXT);
}

/* After a trap: the same or another activation runs on, or the kernel picks. */
static _Noreturn void trap_done(void)
{
	if (current) {
		ktimer_slice();     /* a send may have readied a peer of equal priority */
		arch_run(current);
	}
	kernel_dispatch();
}

/* From trap.S: the running activation took an interrupt or a fault; all its registers are in ctx. */
_Noreturn void trap_user(struct context *ctx)
{
	struct port *cur = current;
	uint64_t cause = csr_read(scause);

	if (&cur->ctx != ctx)
		panic("trap from an activation that is not current");
	if (cause & SCAUSE_INTERRUPT)
		interrupt(cause & ~SCAUSE_INTERRUPT);
	else
		exception(cur, cause);
	trap_done();
}

/* trap.S hands the system call to ipc_fast and ipc_slow with the context as the port. */
_Static_assert(__builtin_offsetof(struct port, ctx) == 0, "a port starts with its context");
_Static_assert(sizeof(struct pier_frame) == FRAME_SIZE, "trap.S reads a frame");
_Static_assert(USER_END == 1ul << USER_VA_BITS, "and only from user space");

static const char *const reg_names[32] = {
	"pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
	"a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
	"s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

/* The kernel runs with interrupts off, so any trap here is a kernel bug. */
__attribute__((cold)) _Noreturn void trap_kernel(struct context *ctx)
{
	uint64_t cause = csr_read(scause);

	kprintf("\npier: panic: kernel trap: %s (scause 0x%lx) sepc=0x%lx stval=0x%lx\n",
		cause & SCAUSE_INTERRUPT ? "interrupt" : cause_name(cause),
		cause, csr_read(sepc), csr_read(stval));
	for (int i = 0; i < 32; i++)
		kprintf("%4s=%016lx%s", reg_names[i], ctx->x[i], i % 4 == 3 ? "\n" : " ");
	arch_halt();
}

_Noreturn void arch_run(struct port *p)
{
	/* sret goes to U-mode (SPP is clear: see arch_setup), where S-mode
	 * interrupts are always taken. */
	vm_activate(&p->space->vm);
	user_return(&p->ctx);
}

void arch_port_free(struct port *p)
{
	fpu_forget(&p->ctx);
}

void arch_putchar(int c)
{
	sbi_putchar(c);
}

void arch_wait(void)
{
#ifdef PIER_IRQOFF
	irqoff_exit();          /* wfi ends a stretch: any interrupt wakes it */
	wfi();
	irqoff_wake();
#else
	wfi();
#endif
}

void arch_poweroff(void)
{
	sbi_shutdown();
}

_Noreturn void arch_halt(void)
{
	for (;;)
		wfi();
}

uint32_t arch_irq_count(void)
{
	return plic_ndev();
}
