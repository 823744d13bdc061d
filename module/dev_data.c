// SPDX-License-Identifier: GPL-2.0
/*
 * MS_IOC_READ and MS_IOC_WRITE: the caller's buffer at one end of a copy,
 * the space's virtual addresses at the other (ms_space_copy()); and
 * MS_IOC_EXPORT, the space's page table as an image in the caller's
 * buffer (ms_space_export()).
 */
#include <linux/uio.h>
#include <linux/uaccess.h>
#include <uapi/linux/memory_set.h>

#include "dev_ioctl.h"

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
 * @dir: ITER_SOURCE for WRITE (the buffer is stored into the space),
 *	ITER_DEST for READ (the space is loaded into the buffer)
 *
 * Return: 0 with done and result written back; -EINVAL, -EFAULT (bad
 * buffer or argument), -ENOMEM (a fault could not get a frame) or -EINTR
 * (fatal signal), with what was copied left copied.
 */
static long ms_ioc_rw(struct ms_space *space, void __user *uarg,
		      unsigned int dir)
{
	enum ms_access_result result;
	struct ms_rw_args args;
	struct iov_iter buf;
	void __user *ubuf;
	int err;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (!rw_args_valid(&args, ms_space_addr_limit(space)))
		return -EINVAL;
	ubuf = u64_to_user_ptr(args.buf);
	if (!access_ok(ubuf, args.len))
		return -EFAULT;
	iov_iter_ubuf(&buf, dir, ubuf, args.len);
	err = ms_space_copy(space, args.vaddr, args.access ? MS_VM_USER : 0,
			    &buf, &args.done, &result);
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
	return ms_ioc_rw(space, uarg, ITER_DEST);
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
	return ms_ioc_rw(space, uarg, ITER_SOURCE);
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
