/* Generic start-up: memory, kernel ports, init; then dispatch forever. */
#include <stdbool.h>
#include <pier/pier.h>
#include "kmain.h"
#include "board.h"
#include "page.h"
#include "space.h"
#include "watch.h"
#include "sched.h"
#include "program.h"
#include "kport.h"
#include "arch.h"
#include "log.h"
#include "ktimer.h"
#include "device.h"

/* The start packet of init: its name, then the kernel command line. */
static int init_cmdline(const struct board *b, char *buf, size_t max)
{
	const char *name = "init";
	size_t n = 0;

	while (*name)
		buf[n++] = *name++;
	if (b->bootargs[0] && n + 1 < max)
		buf[n++] = ' ';
	for (const char *a = b->bootargs; *a && n < max; a++)
		buf[n++] = *a;
	return n;
}

_Noreturn void kernel_start(const struct board *b, uint64_t hartid,
			    const void *dtb, uint32_t dtb_size)
{
	char cmdline[PIER_PACKET_MAX];
	uint64_t total = 0;
	struct space *init;
	int rc;

	for (uint32_t i = 0; i < b->nmem; i++)
		total += b->mem[i].size;
	kprintf("pier: memory %lu MiB in %d range%s, %lu pages free\n",
		total >> 20, (int)b->nmem, b->nmem == 1 ? "" : "s",
		(uint64_t)page_free_count());
	(void)hartid;
	task_info_init(dtb, dtb_size);
	ktimer_init(b->timebase_hz);
	device_init(b, arch_irq_count(), dtb, dtb_size);
	bootimg_init();
	kprintf("pier: starting init\n");
	rc = program_spawn(cmdline, init_cmdline(b, cmdline, sizeof(cmdline)),
			   PIER_PRIO_DEFAULT, PIER_PRIO_MAX, PIER_R_SEND | PIER_R_SUPER, NULL, 0,
			   NULL, 0, 0, &init);
	if (rc)
		panic("cannot start init: status %d", rc);
	kernel_dispatch();
}

/* Run whatever is next; with nothing to run, wait for an interrupt. */
_Noreturn void kernel_dispatch(void)
{
	static bool said_idle;
	struct port *p;

	for (;;) {
		device_retry();
		/* An interrupt taken below may have started a handler itself. */
		if ((p = current) || (p = sched_pick()))
			break;
		/* Nothing to run: the time goes to freeing dead spaces,
		 * a bounded step at a time, interrupts served between. */
		if (space_reap() || watch_pending()) {
			arch_poll_interrupts();
			continue;
		}
		/* Said once, when nothing could ever wake the system again:
		 * no timer armed and no interrupt bound to a port. */
		if (!said_idle && !ktimer_pending() && !device_bound())
			kprintf("pier: idle\n"), said_idle = true;
		vm_cpu_charge();	/* idle time is nobody's */
		arch_wait();
		vm_cpu_restart();
		arch_poll_interrupts();
	}
	said_idle = false;
	ktimer_slice();
	arch_run(p);
}
