// SPDX-License-Identifier: GPL-2.0
/*
 * MS_IOC_READ and MS_IOC_WRITE: the caller's buffer at one end of a copy,
 * the space's virtual addresses at the other (ms_space_copy()); and
 * MS_IOC_EXPORT, the space's page table as an image in the caller's
 * buffer (ms_space_export()).
 */
#include <linux/pagemap.h>
#include <linux/uio.h>
#include <linux/uaccess.h>
#include <uapi/linux/memory_set.h>

#include "dev_ioctl.h"

/* The caller's side of a copy: its buffer, in userspace. */
struct user_copier {
	struct ms_copier copier;
	u8 __user *buf;
};

static int copy_user(struct ms_copier *copier, void *data, u64 done, u64 len,
		     enum ms_copy_dir dir)
{
	struct user_copier *uc =
		container_of(copier, struct user_copier, copier);
	u8 __user *at = uc->buf + done;
	unsigned long left;

	if (dir == MS_COPY_TO_SPACE)
		left = copy_from_user(data, at, len);
	else
		left = copy_to_user(at, data, len);
	return left ? -EFAULT : 0;
}

/*
 * Fault the caller's part of the next page in first (without writing to
 * it): a bad buffer ends the copy before the space faults a page in.
 */
static int ready_user(struct ms_copier *copier, u64 done, u64 len,
		      enum ms_copy_dir dir)
{
	struct user_copier *uc =
		container_of(copier, struct user_copier, copier);
	u8 __user *at = uc->buf + done;
	size_t left;

	if (dir == MS_COPY_TO_SPACE)
		left = fault_in_readable((const char __user *)at, len);
	else
		left = fault_in_safe_writeable((const char __user *)at, len);
	return left ? -EFAULT : 0;
}

/*
 * Any alignment; @vaddr + @len may reach the space's address limit, not
 * pass it.
 */
static bool rw_args_valid(const struct ms_rw_args *a, u64 limit)
{
	return !(a->access & ~MS_PROT_USER) && a->vaddr <= limit &&
	       a->len <= limit - a->vaddr;
}

/*
 * MS_IOC_READ or MS_IOC_WRITE on a locked space
 * @space: the space, its lock held
 * @uarg: the &struct ms_rw_args in userspace
 * @dir: MS_COPY_TO_SPACE for WRITE (from the buffer into the space),
 *	MS_COPY_FROM_SPACE for READ
 *
 * Return: 0 with done and result written back; -EINVAL, -EFAULT (bad
 * buffer or argument), -ENOMEM (a fault could not get a frame) or -EINTR
 * (fatal signal), with what was copied left copied.
 */
static long ms_ioc_rw(struct ms_space *space, void __user *uarg,
		      enum ms_copy_dir dir)
{
	struct user_copier uc = {
		.copier = { .ready = ready_user, .copy = copy_user },
	};
	enum ms_access_result result;
	struct ms_rw_args args;
	int err;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (!rw_args_valid(&args, ms_space_addr_limit(space)))
		return -EINVAL;
	uc.buf = u64_to_user_ptr(args.buf);
	if (!access_ok(uc.buf, args.len))
		return -EFAULT;
	err = ms_space_copy(space, args.vaddr, args.len,
			    args.access ? MS_VM_USER : 0, dir, &uc.copier,
			    &args.done, &result);
	if (err)
		return err;
	args.result = result;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

/**
 * ms_ioc_read() - MS_IOC_READ: copy out of the space into the buffer
 * @space: the space, its lock held
 * @uarg: the &struct ms_rw_args in userspace
 * @show_phys: unused (the file's CAP_SYS_ADMIN)
 *
 * Return: as ms_ioc_rw().
 */
long ms_ioc_read(struct ms_space *space, void __user *uarg, bool show_phys)
{
	return ms_ioc_rw(space, uarg, MS_COPY_FROM_SPACE);
}

/**
 * ms_ioc_write() - MS_IOC_WRITE: copy from the buffer into the space
 * @space: the space, its lock held
 * @uarg: the &struct ms_rw_args in userspace
 * @show_phys: unused (the file's CAP_SYS_ADMIN)
 *
 * Return: as ms_ioc_rw().
 */
long ms_ioc_write(struct ms_space *space, void __user *uarg, bool show_phys)
{
	return ms_ioc_rw(space, uarg, MS_COPY_TO_SPACE);
}

/**
 * ms_ioc_export() - MS_IOC_EXPORT: the page table as a loadable image
 * @space: the space, its lock held; nothing of it changes
 * @uarg: the &struct ms_export_args in userspace
 * @show_phys: unused: the image names no physical address of the machine
 *
 * Return: 0 with the image in the buffer and size and root written back;
 * -EINVAL (flags, reserved, base); -ENOSPC with size and root written
 * back if the buffer is absent or short; -EFAULT; -ENOMEM; -EINTR.
 */
long ms_ioc_export(struct ms_space *space, void __user *uarg, bool show_phys)
{
	struct ms_export_args args;
	struct iov_iter out;
	void __user *buf;
	int err;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.flags || args.reserved)
		return -EINVAL;
	err = ms_space_export_size(space, args.base, &args.size);
	if (err)
		return err;
	args.root = args.base;
	if (!args.buf || args.len < args.size)
		return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT :
								 -ENOSPC;
	buf = u64_to_user_ptr(args.buf);
	if (!access_ok(buf, args.size))
		return -EFAULT;
	iov_iter_ubuf(&out, ITER_DEST, buf, args.size);
	err = ms_space_export(space, args.base, &out);
	if (err)
		return err;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}
