/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace build: one thread, so atomic_long_t (from tools' types.h) is a
 * plain counter.
 */
#ifndef _UCORE_LINUX_ATOMIC_H
#define _UCORE_LINUX_ATOMIC_H
#include <linux/types.h>

#define ATOMIC_LONG_INIT(i)	{ (i) }

static inline long atomic_long_read(const atomic_long_t *v)
{
	return v->counter;
}

static inline void atomic_long_set(atomic_long_t *v, long i)
{
	v->counter = i;
}

static inline void atomic_long_inc(atomic_long_t *v)
{
	v->counter++;
}

static inline void atomic_long_dec(atomic_long_t *v)
{
	v->counter--;
}

static inline long atomic_long_add_return(long i, atomic_long_t *v)
{
	return v->counter += i;
}

static inline void atomic_long_sub(long i, atomic_long_t *v)
{
	v->counter -= i;
}

/* Store @new at *@ptr if it holds @old; return what it held. */
#define cmpxchg(ptr, old, new) __sync_val_compare_and_swap(ptr, old, new)
#endif
