// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_phys_hidden (from an attack by a reviewer): uid 65534 hunts for
 * the physical address of an ALLOC frame in every page-table format: QUERY
 * of a touched, a written, a PROT_NONE, a shared (cloned) and a copied-on-
 * write frame, in the parent and in the clone, and READ/WRITE/TOUCH of a
 * LINEAR page (which must reach no data).
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "util.h"

#define VA	0x200000ULL

static int hidden(int fd, __u64 va, __u64 addr_bits)
{
	struct ms_query_args q = { .vaddr = va };

	if (ioctl(fd, MS_IOC_QUERY, &q) || !q.page_size)
		return 0; /* nothing to see: fine */
	return q.paddr == 0 && !(q.entry & addr_bits);
}

static int one_format(__u32 format)
{
	/* Where the format keeps the frame number: RISC-V 10..53, else 12..51. */
	const int riscv = format >= MS_FORMAT_RISCV_SV39 &&
			  format <= MS_FORMAT_RISCV_SV57;
	const __u64 addr_bits = riscv ? ((1ULL << 54) - 1) & ~((1ULL << 10) - 1) :
					((1ULL << 52) - 1) & ~((1ULL << 12) - 1);
	struct ms_format_args f = { .format = format };
	struct ms_touch_args t = { .vaddr = VA, .access = MS_PROT_READ };
	__u64 tag = 0x1234, back = 0;
	struct ms_rw_args a = { .vaddr = VA, .buf = (uintptr_t)&tag,
				.len = sizeof(tag) };
	int fd = open(DEV, O_RDWR), child;

	if (fd < 0 || ioctl(fd, MS_IOC_SET_FORMAT, &f))
		return 1;
	if (map(fd, VA, 2 * K, 0, RW, ALLOC, 0) ||
	    ioctl(fd, MS_IOC_TOUCH, &t) || !hidden(fd, VA, addr_bits))
		return 2;
	a.vaddr = VA + K;
	if (ioctl(fd, MS_IOC_WRITE, &a) || !hidden(fd, VA + K, addr_bits))
		return 3;
	if (map(fd, VA + 2 * K, K, 0, RW, ALLOC, MS_MAP_POPULATE) ||
	    protect(fd, VA + 2 * K, K, 0) ||
	    !hidden(fd, VA + 2 * K, addr_bits))
		return 4;
	child = ioctl(fd, MS_IOC_CLONE);
	if (child < 0 || !hidden(child, VA + K, addr_bits) ||
	    !hidden(fd, VA + K, addr_bits) ||
	    !hidden(child, VA + 2 * K, addr_bits))
		return 5;
	if (ioctl(child, MS_IOC_WRITE, &a) || !hidden(child, VA + K, addr_bits))
		return 6;
	/* A LINEAR page: TOUCH walks, READ and WRITE reach no data. */
	if (map(fd, 0x40000000, K, 0x1000, RW, LINEAR, 0))
		return 7;
	a = (struct ms_rw_args){ .vaddr = 0x40000000, .buf = (uintptr_t)&back,
				 .len = sizeof(back) };
	if (ioctl(fd, MS_IOC_READ, &a) || a.result != MS_TOUCH_NODATA ||
	    a.done || back)
		return 8;
	a.buf = (uintptr_t)&tag;
	if (ioctl(fd, MS_IOC_WRITE, &a) || a.result != MS_TOUCH_NODATA ||
	    a.done)
		return 9;
	close(child);
	close(fd);
	return 0;
}

static int nobody(void)
{
	__u32 f;
	int err;

	for (f = 0; f < MS_FORMAT_COUNT; f++) {
		err = one_format(f);
		if (err)
			return f * 10 + err;
	}
	return 0;
}

TEST(no_frame_address_in_any_format)
{
	EXPECT_EQ(0, as_nobody(nobody));
}

TEST_HARNESS_MAIN
