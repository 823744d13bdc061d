/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace build: lockdep_assert_held() checks the one-thread mutex. */
#ifndef _UCORE_LINUX_LOCKDEP_H
#define _UCORE_LINUX_LOCKDEP_H
#include <stdio.h>
#include <stdlib.h>
#include <linux/mutex.h>

#define lockdep_assert_held(lock) do {					\
	if (!mutex_is_locked(lock)) {					\
		fprintf(stderr, "lockdep_assert_held(%s) at %s:%d\n",	\
			#lock, __FILE__, __LINE__);			\
		abort();						\
	}								\
} while (0)
#endif
