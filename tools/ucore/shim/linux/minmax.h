/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace build of the core: min() and max() come with tools' kernel.h. */
#ifndef _UCORE_LINUX_MINMAX_H
#define _UCORE_LINUX_MINMAX_H
#include <linux/kernel.h>
#include <linux/align.h>
#endif
