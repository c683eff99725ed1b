/* The kernel log: formatted output on the early console, and panic. */
#ifndef LOG_H
#define LOG_H

#include <stdarg.h>
#include <stdint.h>

/* %s %c %d %u %x %p, with l for 64-bit, a width and 0 padding. */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
void kputs_n(const char *s, uint32_t n);
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An internal inconsistency found by a check: panics with what and value. */
_Noreturn void kernel_bug(const char *what, uint64_t value);

#endif
