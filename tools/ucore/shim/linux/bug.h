/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace build of the core: a WARN is fatal, so that tests see it. */
#ifndef _UCORE_LINUX_BUG_H
#define _UCORE_LINUX_BUG_H
#include <stdio.h>
#include <stdlib.h>

#define WARN_ON_ONCE(cond) ({						\
	int __c = !!(cond);						\
	if (__c) {							\
		fprintf(stderr, "WARN_ON_ONCE(%s) at %s:%d\n", #cond,	\
			__FILE__, __LINE__);				\
		abort();						\
	}								\
	__c;								\
})
#endif
