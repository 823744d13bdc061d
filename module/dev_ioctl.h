/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ioctls of /dev/memory_set, for dev.c: dev_ioctl.c, and dev_data.c
 * for the data copies.
 */
#ifndef _MEMORY_SET_DEV_IOCTL_H
#define _MEMORY_SET_DEV_IOCTL_H

#include <linux/compiler_types.h>

#include "space.h"

long ms_dev_ioctl(struct ms_space *space, bool show_phys, unsigned int cmd,
		  void __user *uarg);
long ms_ioc_rw(struct ms_space *space, void __user *uarg, bool to_space);

#endif /* _MEMORY_SET_DEV_IOCTL_H */
