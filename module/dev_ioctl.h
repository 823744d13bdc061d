/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ioctls of /dev/memory_set, for dev.c.
 */
#ifndef _MEMORY_SET_DEV_IOCTL_H
#define _MEMORY_SET_DEV_IOCTL_H

#include <linux/compiler_types.h>

#include "space.h"

long ms_dev_ioctl(struct ms_space *space, bool show_phys, unsigned int cmd,
		  void __user *uarg);

#endif /* _MEMORY_SET_DEV_IOCTL_H */
