/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace build: one thread, so a mutex only records whether it is held,
 * for lockdep_assert_held(). Taking it twice or releasing it unheld is a
 * bug of the caller and aborts.
 */
#ifndef _UCORE_LINUX_MUTEX_H
#define _UCORE_LINUX_MUTEX_H
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

struct mutex {
	bool held;
};

static inline void ucore_mutex_die(const char *what)
{
	fprintf(stderr, "mutex: %s\n", what);
	abort();
}

static inline void mutex_init(struct mutex *lock)
{
	lock->held = false;
}

static inline void mutex_destroy(struct mutex *lock)
{
	if (lock->held)
		ucore_mutex_die("destroyed while held");
}

static inline void mutex_lock(struct mutex *lock)
{
	if (lock->held)
		ucore_mutex_die("taken twice (a deadlock in the kernel)");
	lock->held = true;
}

static inline void mutex_unlock(struct mutex *lock)
{
	if (!lock->held)
		ucore_mutex_die("released while not held");
	lock->held = false;
}

static inline bool mutex_is_locked(const struct mutex *lock)
{
	return lock->held;
}
#endif
