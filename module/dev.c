// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/memory_set: every open file is an address space, driven by ioctls
 * (dev_ioctl.c, dev_data.c). This file opens and closes them, clones them
 * into new files (MS_IOC_CLONE), takes the space's lock and the opener's
 * memory cgroup around each ioctl, and registers the misc device. dev.c
 * and dev_*.c are the only files that know userspace.
 */
#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/file.h>
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

static unsigned long max_areas_total;
module_param(max_areas_total, ulong, 0644);
MODULE_PARM_DESC(max_areas_total,
		 "Areas all spaces may hold together (0: RAM/8 of nodes)");

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

static const struct file_operations ms_fops;

/* max_areas_total's default: an eighth of RAM, in area nodes. */
static unsigned long default_areas_total(void)
{
	return totalram_pages() * (PAGE_SIZE / 8) / sizeof(struct memory_area);
}

/* An open file's state: an empty space, with the limits of the moment. */
static struct ms_file *ms_file_alloc(void)
{
	struct ms_file *msf = kzalloc(sizeof(*msf), GFP_KERNEL_ACCOUNT);
	unsigned long pages, areas;

	if (!msf)
		return NULL;
	/* Like the other limits, read when a space is made. */
	pages = READ_ONCE(max_pages_total);
	areas = READ_ONCE(max_areas_total);
	ms_space_set_total_limits(pages ?: totalram_pages() / 4,
				  areas ?: default_areas_total());
	if (ms_space_init(&msf->space, READ_ONCE(max_pages),
			  READ_ONCE(max_areas))) {
		kfree(msf);
		return NULL;
	}
	msf->memcg = get_mem_cgroup_from_mm(current->mm);
	return msf;
}

/* Its debugfs folder, once the space is ready to be seen. */
static void ms_file_publish(struct ms_file *msf)
{
	unsigned long id = atomic_long_inc_return(&next_space_id);

	msf->debugfs = ms_debugfs_add_space(&msf->space, id);
}

static void ms_file_free(struct ms_file *msf)
{
	/* A clone that failed was never published. */
	if (msf->debugfs)
		ms_debugfs_remove_space(msf->debugfs);
	ms_space_destroy(&msf->space);
	mem_cgroup_put(msf->memcg);
	kfree(msf);
}

static int ms_open(struct inode *inode, struct file *file)
{
	struct ms_file *msf = ms_file_alloc();

	if (!msf)
		return -ENOMEM;
	/* Like /proc/pid/pagemap: decided once, by the opener's credentials. */
	msf->show_phys = file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN);
	ms_file_publish(msf);
	file->private_data = msf;
	return 0;
}

static int ms_release(struct inode *inode, struct file *file)
{
	ms_file_free(file->private_data);
	return 0;
}

/* Copy @parent's space into @msf, charging the caller's memory cgroup. */
static int ms_clone_space(struct ms_file *msf, struct ms_file *parent)
{
	struct mem_cgroup *old_memcg;
	int err;

	if (mutex_lock_interruptible(&parent->space.lock))
		return -ERESTARTSYS;
	old_memcg = set_active_memcg(msf->memcg);
	err = ms_space_clone(&msf->space, &parent->space);
	set_active_memcg(old_memcg);
	mutex_unlock(&parent->space.lock);
	return err;
}

/*
 * MS_IOC_CLONE: a new file whose space is a copy-on-write copy of this
 * one, like fork, opened for what this one is (@acc: O_RDWR or
 * O_WRONLY). It sees physical addresses if this file does.
 *
 * Everything that can fail comes before the copy: the copy write-protects
 * the parent's frames, so a failure after it would change the parent.
 * The new file holds an empty space until then; on failure its release
 * frees it.
 */
static long ms_clone(struct ms_file *parent, int acc)
{
	struct ms_file *msf;
	struct file *file;
	int fd, err;

	fd = get_unused_fd_flags(acc | O_CLOEXEC);
	if (fd < 0)
		return fd;
	err = -ENOMEM;
	msf = ms_file_alloc();
	if (!msf)
		goto put_fd;
	msf->show_phys = parent->show_phys;
	file = anon_inode_getfile("[memory_set]", &ms_fops, msf,
				  acc | O_CLOEXEC);
	if (IS_ERR(file)) {
		ms_file_free(msf);
		err = PTR_ERR(file);
		goto put_fd;
	}
	err = ms_clone_space(msf, parent);
	if (err) {
		fput(file); /* its release frees @msf */
		goto put_fd;
	}
	ms_file_publish(msf);
	fd_install(fd, file);
	return fd;
put_fd:
	put_unused_fd(fd);
	return err;
}

static long ms_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	const struct ms_ioc_command *command = ms_ioc_command(cmd);
	struct ms_file *msf = file->private_data;
	struct mem_cgroup *old_memcg;
	long ret;

	if (!command)
		return -ENOTTY;
	if ((file->f_mode & command->mode) != command->mode)
		return -EBADF;
	if (!command->run) /* MS_IOC_CLONE */
		return ms_clone(msf, file->f_flags & O_ACCMODE);
	if (mutex_lock_interruptible(&msf->space.lock))
		return -ERESTARTSYS;
	old_memcg = set_active_memcg(msf->memcg);
	ret = command->run(&msf->space, (void __user *)arg, msf->show_phys);
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
