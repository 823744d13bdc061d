/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace build: a WARN is fatal, so that tests see it. */
#ifndef _UCORE_LINUX_BUG_H
#define _UCORE_LINUX_BUG_H
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/compiler.h>

/*
 * Not declared with the printf format attribute: the module prints u64
 * with %llx, as the kernel's u64 is unsigned long long, and tools' is
 * unsigned long (the same 64 bits on x86_64).
 */
static inline void __noreturn
ucore_die(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

#define WARN_ON_ONCE(cond) ({						\
	int __c = !!(cond);						\
	if (__c)							\
		ucore_die(__FILE__, __LINE__, "WARN_ON_ONCE(%s)", #cond);\
	__c;								\
})

#define WARN_ON(cond) WARN_ON_ONCE(cond)

#define WARN(cond, fmt, ...) ({						\
	int __c = !!(cond);						\
	if (__c)							\
		ucore_die(__FILE__, __LINE__, "WARN: " fmt, ##__VA_ARGS__);\
	__c;								\
})
#endif
