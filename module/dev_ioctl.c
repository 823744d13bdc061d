// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctls of /dev/memory_set: each copies its argument in, checks every
 * field (see include/uapi/linux/memory_set.h), calls the space and copies
 * the answer back. A rejected call changes nothing.
 *
 * With dev.c and dev_data.c, the only files that know about userspace.
 */
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <uapi/linux/memory_set.h>

#include "dev_ioctl.h"

/* Validation of what userspace sends. */

/* The space's pages are 4 KiB whatever the kernel's PAGE_SIZE. */
static bool page_aligned(u64 x)
{
	return IS_ALIGNED(x, MS_PAGE_SIZE);
}

/* @limit: the space's address limit, its format's (MS_ADDR_LIMIT by default) */
static bool range_valid(u64 start, u64 size, u64 limit)
{
	return size && page_aligned(start) && page_aligned(size) &&
	       start < limit && size <= limit - start;
}

static bool prot_valid(u32 prot)
{
	return !(prot & ~MS_PROT_ALL) && (!prot || (prot & MS_PROT_READ));
}

static bool map_args_valid(const struct ms_map_args *a, u64 limit)
{
	if (!range_valid(a->start, a->size, limit) || !prot_valid(a->prot) ||
	    a->reserved || (a->flags & ~MS_MAP_ALL))
		return false;
	switch (a->backend) {
	case MS_BACKEND_LINEAR:
		return !(a->flags & MS_MAP_POPULATE) && page_aligned(a->phys) &&
		       a->phys < MS_PHYS_LIMIT &&
		       a->size <= MS_PHYS_LIMIT - a->phys;
	case MS_BACKEND_ALLOC:
		return !(a->flags & MS_MAP_HUGE) && !a->phys;
	}
	return false;
}

/* FIND_FREE: align 0 means page alignment; no fit is not invalid. */
static bool find_free_args_valid(const struct ms_find_free_args *a, u64 limit)
{
	return a->size && page_aligned(a->size) && a->size <= limit &&
	       a->hint < limit && a->limit_start <= a->limit_end &&
	       a->limit_end <= limit &&
	       (!a->align ||
		(is_power_of_2(a->align) && a->align >= MS_PAGE_SIZE));
}

static bool touch_access_valid(u32 access)
{
	u32 kinds = MS_PROT_READ | MS_PROT_WRITE | MS_PROT_EXEC;

	return (access & kinds) && !(access & ~(kinds | MS_PROT_USER));
}

/*
 * The ABI's words are the kernel's: MS_PROT_* are MS_VM_*, MS_TOUCH_* are
 * the values of enum ms_access_result, MS_FORMAT_* of enum
 * ms_pt_format_id. Nothing translates them; the build checks they agree.
 */
static_assert(!((MS_PROT_READ ^ MS_VM_READ) | (MS_PROT_WRITE ^ MS_VM_WRITE) |
		(MS_PROT_EXEC ^ MS_VM_EXEC) | (MS_PROT_USER ^ MS_VM_USER) |
		(MS_PROT_UNCACHED ^ MS_VM_UNCACHED)));
static_assert(!((MS_TOUCH_OK ^ MS_ACCESS_OK) |
		(MS_TOUCH_MAPERR ^ MS_ACCESS_MAPERR) |
		(MS_TOUCH_ACCERR ^ MS_ACCESS_ACCERR) |
		(MS_TOUCH_NODATA ^ MS_ACCESS_NODATA)));
static_assert(!((MS_FORMAT_X86_64_4L ^ MS_PT_X86_64_4L) |
		(MS_FORMAT_X86_64_5L ^ MS_PT_X86_64_5L) |
		(MS_FORMAT_X86_EPT ^ MS_PT_X86_EPT) |
		(MS_FORMAT_RISCV_SV39 ^ MS_PT_RISCV_SV39) |
		(MS_FORMAT_RISCV_SV48 ^ MS_PT_RISCV_SV48) |
		(MS_FORMAT_RISCV_SV57 ^ MS_PT_RISCV_SV57) |
		(MS_FORMAT_ARM64_4K ^ MS_PT_ARM64_4K) |
		(MS_FORMAT_COUNT ^ MS_PT_NR_FORMATS)));

static u32 user_backend(enum ms_backend_kind kind)
{
	return kind == MS_KIND_LINEAR ? MS_BACKEND_LINEAR : MS_BACKEND_ALLOC;
}

/* A map request checked (-EINVAL) and put in the space's words. */
static int map_req(const struct ms_map_args *a, u64 limit,
		   struct ms_map_req *req)
{
	if (!map_args_valid(a, limit))
		return -EINVAL;
	*req = (struct ms_map_req){
		.start = a->start,
		.size = a->size,
		.phys = a->phys,
		.prot = a->prot,
		.backend = {
			.kind = a->backend == MS_BACKEND_LINEAR ?
					MS_KIND_LINEAR : MS_KIND_ALLOC,
			.huge = a->flags & MS_MAP_HUGE,
			.populate = a->flags & MS_MAP_POPULATE,
		},
		.replace = a->flags & MS_MAP_REPLACE,
	};
	return 0;
}

static void area_info(const struct ms_area_report *r, struct ms_area_info *info)
{
	*info = (struct ms_area_info){
		.start = r->start,
		.size = r->size,
		.phys = r->phys,
		.prot = r->prot,
		.backend = user_backend(r->kind),
		.resident_bytes = r->resident_bytes,
	};
}

/* The commands. Each runs with the space locked. */

static int do_unmap(struct ms_space *space, const struct ms_range_args *args)
{
	if (!range_valid(args->start, args->size, ms_space_addr_limit(space)) ||
	    args->reserved || args->prot)
		return -EINVAL;
	return ms_space_unmap(space, args->start, args->size);
}

static int do_protect(struct ms_space *space, const struct ms_range_args *args)
{
	if (!range_valid(args->start, args->size, ms_space_addr_limit(space)) ||
	    args->reserved || !prot_valid(args->prot))
		return -EINVAL;
	return ms_space_protect(space, args->start, args->size, args->prot);
}

static long ms_ioc_map(struct ms_space *space, void __user *uarg,
		       bool show_phys)
{
	struct ms_map_args args;
	struct ms_map_req req;
	int err;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	err = map_req(&args, ms_space_addr_limit(space), &req);
	return err ?: ms_space_map(space, &req);
}

static long ms_ioc_unmap(struct ms_space *space, void __user *uarg,
			 bool show_phys)
{
	struct ms_range_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	return do_unmap(space, &args);
}

static long ms_ioc_protect(struct ms_space *space, void __user *uarg,
			   bool show_phys)
{
	struct ms_range_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	return do_protect(space, &args);
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
	struct ms_map_req req;
	int err;

	if (op->op == MS_BATCH_MAP) {
		err = map_req(a, ms_space_addr_limit(space), &req);
		return err ?: ms_space_map(space, &req);
	}
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
static long ms_ioc_batch(struct ms_space *space, void __user *uarg,
			 bool show_phys)
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

static long ms_ioc_find_free(struct ms_space *space, void __user *uarg,
			     bool show_phys)
{
	struct ms_find_free_args args;
	int err;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (!find_free_args_valid(&args, ms_space_addr_limit(space)))
		return -EINVAL;
	err = ms_space_find_free(space, args.hint, args.size, args.limit_start,
				 args.limit_end, args.align ?: MS_PAGE_SIZE,
				 &args.addr);
	if (err)
		return err;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long ms_ioc_list(struct ms_space *space, void __user *uarg,
			bool show_phys)
{
	struct ms_area_info __user *out;
	struct ms_area_report report;
	struct ms_list_args args;
	struct ms_area_info info;
	u64 from;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	out = u64_to_user_ptr(args.areas);
	for (from = args.from, args.count = 0;
	     args.count < args.capacity &&
	     ms_space_area_from(space, from, &report);
	     args.count++) {
		area_info(&report, &info);
		if (copy_to_user(&out[args.count], &info, sizeof(info)))
			return -EFAULT;
		from = report.start + report.size;
		cond_resched();
	}
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

/*
 * QUERY: the leaf, with the address of a frame the table owns hidden
 * unless the file was opened with CAP_SYS_ADMIN (as pagemap hides PFNs).
 */
static void query_reply(struct ms_space *space, bool show_phys,
			struct ms_query_args *q)
{
	struct ms_pt_leaf leaf;
	u64 vaddr = q->vaddr;

	*q = (struct ms_query_args){ .vaddr = vaddr };
	if (!ms_space_translate(space, vaddr, &leaf))
		return;
	q->page_size = leaf.size;
	q->prot = leaf.prot;
	q->entry = leaf.entry;
	q->paddr = leaf.phys;
	if (leaf.owned && !show_phys) {
		q->entry &= ~leaf.addr_mask;
		q->paddr = 0;
	}
}

static long ms_ioc_query(struct ms_space *space, void __user *uarg,
			 bool show_phys)
{
	struct ms_query_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.vaddr >= ms_space_addr_limit(space))
		return -EINVAL;
	query_reply(space, show_phys, &args);
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long ms_ioc_touch(struct ms_space *space, void __user *uarg,
			 bool show_phys)
{
	enum ms_access_result result;
	struct ms_touch_args args;
	int err;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.vaddr >= ms_space_addr_limit(space) ||
	    !touch_access_valid(args.access))
		return -EINVAL;
	err = ms_space_touch(space, args.vaddr, args.access, &result);
	if (err)
		return err;
	args.result = result;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long ms_ioc_stats(struct ms_space *space, void __user *uarg,
			 bool show_phys)
{
	struct ms_space_stats s;
	struct ms_stats stats;

	ms_space_stats(space, &s);
	stats = (struct ms_stats){
		.nr_areas = s.nr_areas,
		.mapped_bytes = s.mapped_bytes,
		.pt_pages = s.pt_pages,
		.data_pages = s.data_pages,
	};
	return copy_to_user(uarg, &stats, sizeof(stats)) ? -EFAULT : 0;
}

/*
 * SET_FORMAT: the argument is written back unchanged first, so that a
 * read-only buffer fails with -EFAULT before the format changes.
 */
static long ms_ioc_set_format(struct ms_space *space, void __user *uarg,
			      bool show_phys)
{
	struct ms_format_args args;
	int err;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.reserved || args.format >= MS_FORMAT_COUNT)
		return -EINVAL;
	if (copy_to_user(uarg, &args, sizeof(args)))
		return -EFAULT;
	err = ms_space_set_format(space, args.format);
	if (err)
		return err;
	args.addr_limit = ms_space_addr_limit(space);
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long ms_ioc_clear(struct ms_space *space, void __user *uarg,
			 bool show_phys)
{
	return ms_space_clear(space);
}

/*
 * Every command: what the file must be open for, and its handler. READ and
 * EXPORT copy data out; every command that changes the space (or makes a
 * new one) needs write access; STATS, LIST, QUERY and FIND_FREE only look.
 */
static const struct ms_ioc_command commands[] = {
	{ MS_IOC_MAP, FMODE_WRITE, ms_ioc_map },
	{ MS_IOC_UNMAP, FMODE_WRITE, ms_ioc_unmap },
	{ MS_IOC_PROTECT, FMODE_WRITE, ms_ioc_protect },
	{ MS_IOC_FIND_FREE, 0, ms_ioc_find_free },
	{ MS_IOC_LIST, 0, ms_ioc_list },
	{ MS_IOC_QUERY, 0, ms_ioc_query },
	{ MS_IOC_TOUCH, FMODE_WRITE, ms_ioc_touch },
	{ MS_IOC_CLEAR, FMODE_WRITE, ms_ioc_clear },
	{ MS_IOC_STATS, 0, ms_ioc_stats },
	{ MS_IOC_BATCH, FMODE_WRITE, ms_ioc_batch },
	{ MS_IOC_READ, FMODE_READ, ms_ioc_read },
	{ MS_IOC_WRITE, FMODE_WRITE, ms_ioc_write },
	{ MS_IOC_SET_FORMAT, FMODE_WRITE, ms_ioc_set_format },
	{ MS_IOC_EXPORT, FMODE_READ, ms_ioc_export },
	{ MS_IOC_CLONE, FMODE_WRITE, NULL }, /* dev.c: it makes a file */
};

/**
 * ms_ioc_command() - an ioctl command of /dev/memory_set
 * @cmd: the command number, as the caller gave it
 *
 * Return: its entry, or NULL if it is none of the module's (-ENOTTY).
 */
const struct ms_ioc_command *ms_ioc_command(unsigned int cmd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (commands[i].cmd == cmd)
			return &commands[i];
	return NULL;
}
