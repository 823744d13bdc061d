// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/memory_set: every open file is an address space, driven by ioctls.
 *
 * This is the only file that knows about userspace: it copies arguments
 * in, checks every field (see include/uapi/linux/memory_set.h), takes the
 * space's lock and calls into the space. A rejected call changes nothing.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/log2.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "debugfs.h"
#include "dev.h"
#include "space.h"

static unsigned long max_pages = 65536;
module_param(max_pages, ulong, 0644);
MODULE_PARM_DESC(max_pages,
		 "Pages one address space may hold (default 256 MiB)");

static unsigned long max_areas = 1UL << 18;
module_param(max_areas, ulong, 0644);
MODULE_PARM_DESC(max_areas,
		 "Areas one address space may hold (default 262144)");

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
	unsigned long id;
	int err;

	if (!msf)
		return -ENOMEM;
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

/* Validation of what userspace sends. */

static bool range_valid(u64 start, u64 size)
{
	return size && PAGE_ALIGNED(start) && PAGE_ALIGNED(size) &&
	       start < MS_ADDR_LIMIT && size <= MS_ADDR_LIMIT - start;
}

static bool prot_valid(u32 prot)
{
	return !(prot & ~MS_PROT_ALL) && (!prot || (prot & MS_PROT_READ));
}

static bool map_args_valid(const struct ms_map_args *a)
{
	if (!range_valid(a->start, a->size) || !prot_valid(a->prot) ||
	    a->reserved || (a->flags & ~MS_MAP_ALL))
		return false;
	switch (a->backend) {
	case MS_BACKEND_LINEAR:
		return !(a->flags & MS_MAP_POPULATE) && PAGE_ALIGNED(a->phys) &&
		       a->phys < MS_PHYS_LIMIT &&
		       a->size <= MS_PHYS_LIMIT - a->phys;
	case MS_BACKEND_ALLOC:
		return !(a->flags & MS_MAP_HUGE) && !a->phys;
	}
	return false;
}

/* FIND_FREE: align 0 means page alignment; no fit is not invalid. */
static bool find_free_args_valid(const struct ms_find_free_args *a)
{
	return a->size && PAGE_ALIGNED(a->size) && a->size <= MS_ADDR_LIMIT &&
	       a->hint < MS_ADDR_LIMIT && a->limit_start <= a->limit_end &&
	       a->limit_end <= MS_ADDR_LIMIT &&
	       (!a->align ||
		(is_power_of_2(a->align) && a->align >= PAGE_SIZE));
}

static bool touch_access_valid(u32 access)
{
	u32 kinds = MS_PROT_READ | MS_PROT_WRITE | MS_PROT_EXEC;

	return (access & kinds) && !(access & ~(kinds | MS_PROT_USER));
}

/* The commands. Each runs with the space locked. */

static int do_map(struct ms_space *space, const struct ms_map_args *args)
{
	if (!map_args_valid(args))
		return -EINVAL;
	return ms_space_map(space, args);
}

static int do_unmap(struct ms_space *space, const struct ms_range_args *args)
{
	if (!range_valid(args->start, args->size) || args->reserved ||
	    args->prot)
		return -EINVAL;
	return ms_space_unmap(space, args->start, args->size);
}

static int do_protect(struct ms_space *space, const struct ms_range_args *args)
{
	if (!range_valid(args->start, args->size) || args->reserved ||
	    !prot_valid(args->prot))
		return -EINVAL;
	return ms_space_protect(space, args->start, args->size, args->prot);
}

static long ms_ioc_map(struct ms_space *space, void __user *uarg)
{
	struct ms_map_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	return do_map(space, &args);
}

static long ms_ioc_range(struct ms_space *space, void __user *uarg,
			 bool protect)
{
	struct ms_range_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	return protect ? do_protect(space, &args) : do_unmap(space, &args);
}

/* One op of a batch: UNMAP and PROTECT take only start, size and prot. */
static int do_batch_op(struct ms_space *space, const struct ms_batch_op *op)
{
	const struct ms_map_args *a = &op->args;
	struct ms_range_args range = {
		.start = a->start,
		.size = a->size,
		.prot = a->prot,
	};

	if (op->op == MS_BATCH_MAP)
		return do_map(space, a);
	if (a->phys || a->backend || a->flags || a->reserved)
		return -EINVAL;
	if (op->op == MS_BATCH_UNMAP)
		return do_unmap(space, &range);
	if (op->op == MS_BATCH_PROTECT)
		return do_protect(space, &range);
	return -EINVAL;
}

/* A batch is read and written back this many ops at a time. */
#define BATCH_CHUNK 64

/*
 * Before any op runs, the whole array is read and written back unchanged,
 * a chunk at a time, and so is the header: a bad or read-only buffer fails
 * with -EFAULT before anything changes.
 */
static int batch_probe(struct ms_batch_op __user *uops, u32 count,
		       struct ms_batch_op *buf, void __user *uarg,
		       const struct ms_batch_args *args)
{
	u32 i, n;

	for (i = 0; i < count; i += n) {
		n = min_t(u32, count - i, BATCH_CHUNK);
		if (copy_from_user(buf, &uops[i], n * sizeof(*buf)) ||
		    copy_to_user(&uops[i], buf, n * sizeof(*buf)))
			return -EFAULT;
		cond_resched();
	}
	return copy_to_user(uarg, args, sizeof(*args)) ? -EFAULT : 0;
}

/*
 * Run the ops of one chunk, counting them in @args->done. Return: 1 to go
 * on, 0 to stop (an op failed with STOP_ON_ERROR), or -EINTR on a fatal
 * signal (the results so far are still reported).
 */
static int batch_run_chunk(struct ms_space *space, struct ms_batch_op *ops,
			   u32 n, struct ms_batch_args *args)
{
	u32 i;

	for (i = 0; i < n; i++) {
		if (fatal_signal_pending(current))
			return -EINTR;
		ops[i].result = do_batch_op(space, &ops[i]);
		args->done++;
		cond_resched();
		if (ops[i].result && (args->flags & MS_BATCH_STOP_ON_ERROR))
			return 0;
	}
	return 1;
}

/*
 * The ops run a chunk at a time (no buffer grows with the batch); each
 * chunk's results are written back as it completes.
 */
static long ms_ioc_batch(struct ms_space *space, void __user *uarg)
{
	struct ms_batch_op __user *uops;
	struct ms_batch_args args;
	struct ms_batch_op *buf;
	u32 first, n;
	long ret;
	int go = 1;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.count > MS_BATCH_MAX || args.reserved ||
	    (args.flags & ~MS_BATCH_STOP_ON_ERROR))
		return -EINVAL;
	uops = u64_to_user_ptr(args.ops);
	buf = kmalloc_array(BATCH_CHUNK, sizeof(*buf), GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	ret = batch_probe(uops, args.count, buf, uarg, &args);
	for (args.done = 0; !ret && go > 0 && args.done < args.count;) {
		first = args.done;
		n = min_t(u32, args.count - first, BATCH_CHUNK);
		if (copy_from_user(buf, &uops[first], n * sizeof(*buf))) {
			ret = -EFAULT;
			break;
		}
		go = batch_run_chunk(space, buf, n, &args);
		if (copy_to_user(&uops[first], buf,
				 (args.done - first) * sizeof(*buf)))
			ret = -EFAULT;
	}
	if (!ret && copy_to_user(uarg, &args, sizeof(args)))
		ret = -EFAULT;
	kfree(buf);
	return ret ?: min(go, 0);
}

static long ms_ioc_find_free(struct ms_space *space, void __user *uarg)
{
	struct ms_find_free_args args;
	int err;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (!find_free_args_valid(&args))
		return -EINVAL;
	err = memory_set_find_free_area(&space->set, args.hint, args.size,
					args.limit_start, args.limit_end,
					args.align ?: PAGE_SIZE, &args.addr);
	if (err)
		return err;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long ms_ioc_list(struct ms_space *space, void __user *uarg)
{
	struct ms_list_args args;
	struct ms_area_info __user *out;
	struct ms_area_info info;
	struct memory_area *area;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	out = u64_to_user_ptr(args.areas);
	area = memory_set_first_from(&space->set, args.from);
	for (args.count = 0; area && args.count < args.capacity;
	     area = memory_area_next(area), args.count++) {
		ms_space_area_info(space, area, &info);
		if (copy_to_user(&out[args.count], &info, sizeof(info)))
			return -EFAULT;
		cond_resched();
	}
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long ms_ioc_query(struct ms_file *msf, void __user *uarg)
{
	struct ms_query_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.vaddr >= MS_ADDR_LIMIT)
		return -EINVAL;
	ms_space_query(&msf->space, &args, msf->show_phys);
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long ms_ioc_touch(struct ms_space *space, void __user *uarg)
{
	struct ms_touch_args args;
	int err;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.vaddr >= MS_ADDR_LIMIT || !touch_access_valid(args.access))
		return -EINVAL;
	err = ms_space_touch(space, args.vaddr, args.access, &args.result);
	if (err)
		return err;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long ms_ioc_stats(struct ms_space *space, void __user *uarg)
{
	struct ms_stats stats;

	ms_space_stats(space, &stats);
	return copy_to_user(uarg, &stats, sizeof(stats)) ? -EFAULT : 0;
}

static long ms_dispatch(struct ms_file *msf, unsigned int cmd,
			void __user *uarg)
{
	struct ms_space *space = &msf->space;

	switch (cmd) {
	case MS_IOC_MAP:
		return ms_ioc_map(space, uarg);
	case MS_IOC_UNMAP:
		return ms_ioc_range(space, uarg, false);
	case MS_IOC_PROTECT:
		return ms_ioc_range(space, uarg, true);
	case MS_IOC_FIND_FREE:
		return ms_ioc_find_free(space, uarg);
	case MS_IOC_LIST:
		return ms_ioc_list(space, uarg);
	case MS_IOC_QUERY:
		return ms_ioc_query(msf, uarg);
	case MS_IOC_TOUCH:
		return ms_ioc_touch(space, uarg);
	case MS_IOC_CLEAR:
		return ms_space_clear(space);
	case MS_IOC_STATS:
		return ms_ioc_stats(space, uarg);
	case MS_IOC_BATCH:
		return ms_ioc_batch(space, uarg);
	}
	return -ENOTTY;
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
	ret = ms_dispatch(msf, cmd, (void __user *)arg);
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
