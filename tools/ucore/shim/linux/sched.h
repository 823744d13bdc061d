/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace build: there is no other task to yield the CPU to. */
#ifndef _UCORE_LINUX_SCHED_H
#define _UCORE_LINUX_SCHED_H
static inline void cond_resched(void)
{
}

static inline void might_sleep(void)
{
}
#endif
