/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace build: no task is ever killed in the middle of a call. */
#ifndef _UCORE_LINUX_SCHED_SIGNAL_H
#define _UCORE_LINUX_SCHED_SIGNAL_H
#include <stdbool.h>

#define current	NULL

static inline bool fatal_signal_pending(const void *task)
{
	return false;
}
#endif
