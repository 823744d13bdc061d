/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace build: ULONG_MAX and friends come with C's own limits.h. */
#ifndef _UCORE_LINUX_LIMITS_H
#define _UCORE_LINUX_LIMITS_H
#include <limits.h>
#endif
