/* A small printf for the kernel: enough for boot messages, faults and panics. */
#include <stdarg.h>
#include <stdint.h>
#include "log.h"
#include "arch.h"

static void put_num(uint64_t v, unsigned base, int width, char pad, int neg)
{
	char buf[24];
	int n = 0;

	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		buf[n++] = '-';
	while (width-- > n)
		arch_putchar(pad);
	while (n)
		arch_putchar(buf[--n]);
}

void kvprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			arch_putchar(*fmt);
			continue;
		}
		char pad = ' ';
		int width = 0, lng = 0;

		if (*++fmt == '0')
			pad = *fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l')
			lng = 1, fmt++;
		if (*fmt == 's') {
			const char *s = va_arg(ap, const char *);
			for (s = s ? s : "(null)"; *s; s++)
				arch_putchar(*s);
		} else if (*fmt == 'c') {
			arch_putchar(va_arg(ap, int));
		} else if (*fmt == 'd') {
			int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			put_num(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, width, pad, v < 0);
		} else if (*fmt == 'u' || *fmt == 'x') {
			uint64_t v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
			put_num(v, *fmt == 'u' ? 10 : 16, width, pad, 0);
		} else if (*fmt == 'p') {
			arch_putchar('0');
			arch_putchar('x');
			put_num((uintptr_t)va_arg(ap, void *), 16, 16, '0', 0);
		} else {
			arch_putchar('%');
			if (!*fmt)
				break;
			arch_putchar(*fmt);
		}
	}
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

void kputs_n(const char *s, uint32_t n)
{
	while (n--)
		arch_putchar(*s++);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	kprintf("\npier: panic: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	arch_halt();
}

void kernel_bug(const char *what, uint64_t value)
{
	panic("kernel bug: %s (0x%lx)", what, value);
}
