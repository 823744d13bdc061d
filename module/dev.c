// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/memory_set: every open file is an address space, driven by ioctls
 * (dev_ioctl.c). This file opens and closes them, takes the space's lock
 * and the opener's memory cgroup around each ioctl, and registers the misc
 * device. dev.c and dev_ioctl.c are the only files that know userspace.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/memcontrol.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <uapi/linux/memory_set.h>

#include "debugfs.h"
#include "dev.h"
#include "dev_ioctl.h"

static unsigned long max_pages = 65536;
module_param(max_pages, ulong, 0644);
MODULE_PARM_DESC(max_pages,
		 "Pages one address space may hold (default 256 MiB)");

static unsigned long max_areas = 1UL << 18;
module_param(max_areas, ulong, 0644);
MODULE_PARM_DESC(max_areas,
		 "Areas one address space may hold (default 262144)");

static unsigned long max_pages_total;
module_param(max_pages_total, ulong, 0644);
MODULE_PARM_DESC(max_pages_total,
		 "Pages all spaces may hold together (0: a quarter of RAM)");

static ushort dev_mode = 0600;
module_param(dev_mode, ushort, 0444);
MODULE_PARM_DESC(dev_mode, "Mode of /dev/memory_set (default 0600: root only)");

/* What an open file holds. */
struct ms_file {
	struct ms_space space;
	bool show_phys; /* opener had CAP_SYS_ADMIN */
	struct mem_cgroup *memcg; /* the opener's: every ioctl charges it */
	struct dentry *debugfs; /* /sys/kernel/debug/memory_set/<id> */
};

static atomic_long_t next_space_id = ATOMIC_LONG_INIT(0);

static int ms_open(struct inode *inode, struct file *file)
{
	struct ms_file *msf = kzalloc(sizeof(*msf), GFP_KERNEL_ACCOUNT);
	unsigned long id, total;
	int err;

	if (!msf)
		return -ENOMEM;
	/* Like the other limits, read when a space is opened. */
	total = READ_ONCE(max_pages_total);
	ms_pt_set_total_limit(total ?: totalram_pages() / 4);
	err = ms_space_init(&msf->space, READ_ONCE(max_pages),
			    READ_ONCE(max_areas));
	if (err) {
		kfree(msf);
		return err;
	}
	msf->memcg = get_mem_cgroup_from_mm(current->mm);
	/* Like /proc/pid/pagemap: decided once, by the opener's credentials. */
	msf->show_phys = file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN);
	id = atomic_long_inc_return(&next_space_id);
	msf->debugfs = ms_debugfs_add_space(&msf->space, id);
	file->private_data = msf;
	return 0;
}

static int ms_release(struct inode *inode, struct file *file)
{
	struct ms_file *msf = file->private_data;

	ms_debugfs_remove_space(msf->debugfs);
	ms_space_destroy(&msf->space);
	mem_cgroup_put(msf->memcg);
	kfree(msf);
	return 0;
}

static long ms_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ms_file *msf = file->private_data;
	struct mem_cgroup *old_memcg;
	long ret;

	if (_IOC_TYPE(cmd) != MS_IOC_MAGIC)
		return -ENOTTY;
	if (mutex_lock_interruptible(&msf->space.lock))
		return -ERESTARTSYS;
	old_memcg = set_active_memcg(msf->memcg);
	ret = ms_dev_ioctl(&msf->space, msf->show_phys, cmd,
			   (void __user *)arg);
	set_active_memcg(old_memcg);
	mutex_unlock(&msf->space.lock);
	return ret;
}

static const struct file_operations ms_fops = {
	.owner = THIS_MODULE,
	.open = ms_open,
	.release = ms_release,
	.unlocked_ioctl = ms_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice ms_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "memory_set",
	.fops = &ms_fops,
};

/**
 * ms_dev_register() - create /dev/memory_set
 *
 * Return: 0 or misc_register()'s error.
 */
int ms_dev_register(void)
{
	ms_miscdev.mode = dev_mode;
	return misc_register(&ms_miscdev);
}

/**
 * ms_dev_unregister() - remove /dev/memory_set
 *
 * The module cannot be unloaded while a file is open, so no space is left.
 */
void ms_dev_unregister(void)
{
	misc_deregister(&ms_miscdev);
}
