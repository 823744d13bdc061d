/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ioctls of /dev/memory_set, for dev.c: dev_ioctl.c, and dev_data.c
 * for the data copies.
 */
#ifndef _MEMORY_SET_DEV_IOCTL_H
#define _MEMORY_SET_DEV_IOCTL_H

#include <linux/compiler_types.h>
#include <linux/fs.h>

#include "space.h"

/**
 * struct ms_ioc_command - one ioctl command
 * @cmd: MS_IOC_*
 * @mode: what the file must be open for (FMODE_READ, FMODE_WRITE or 0):
 *	-EBADF otherwise
 * @run: carry it out on the space, its lock held; @show_phys says whether
 *	the file was opened with CAP_SYS_ADMIN. NULL for MS_IOC_CLONE, which
 *	makes a new file (dev.c).
 */
struct ms_ioc_command {
	unsigned int cmd;
	fmode_t mode;
	long (*run)(struct ms_space *space, void __user *uarg, bool show_phys);
};

const struct ms_ioc_command *ms_ioc_command(unsigned int cmd);
long ms_ioc_read(struct ms_space *space, void __user *uarg, bool show_phys);
long ms_ioc_write(struct ms_space *space, void __user *uarg, bool show_phys);
long ms_ioc_export(struct ms_space *space, void __user *uarg, bool show_phys);

#endif /* _MEMORY_SET_DEV_IOCTL_H */
