// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_formats: MS_IOC_SET_FORMAT and every ioctl in every page-table
 * format: the address limit of each, the raw entries QUERY reports (4 KiB,
 * huge, uncached, PROT_NONE), Accessed and Dirty after TOUCH, protections
 * a format cannot express, splits of huge leaves, LIST, FIND_FREE, BATCH,
 * STATS and CLEAR. One fixture variant per format.
 *
 * Part of the ioctl tests of /dev/memory_set (tools/ms_test/), run as
 * root inside a QEMU guest after insmod, and in the UML debug kernel.
 */
#define _GNU_SOURCE

#include <sys/mman.h>

#include "kselftest_harness.h"
#include "util.h"

#define PA	0x80003000ULL	/* the LINEAR page whose entries are checked */

static int set_format(int fd, __u32 format, __u64 *limit)
{
	struct ms_format_args a = { .format = format };
	int err = ioc(fd, MS_IOC_SET_FORMAT, &a);

	if (!err && limit)
		*limit = a.addr_limit;
	return err;
}

FIXTURE(fmt) {
	int fd;
	__u64 limit;
};

/*
 * What each format must report: the entries of PA mapped RW, R|UNCACHED
 * and PROT_NONE, of a 1 GiB RW leaf at 0x80000000, and its A and D bits.
 * Only the PROT_NONE leaf, which the MMU does not see, carries the module's
 * software leaf bit.
 */
FIXTURE_VARIANT(fmt) {
	__u32 format;
	__u64 limit;
	int levels;
	__u64 rw, ruc, none, huge_rw;
	__u64 accessed, dirty;
	int has_user;
	__u64 phys_limit;
};

FIXTURE_VARIANT_ADD(fmt, x86_64_4l) {
	.format = MS_FORMAT_X86_64_4L, .limit = 1ULL << 47, .levels = 4,
	.rw = 0x8000000080003003, .ruc = 0x8000000080003019,
	.none = 0x80003400, .huge_rw = 0x8000000080000083,
	.accessed = 1 << 5, .dirty = 1 << 6, .has_user = 1,
	.phys_limit = 1ULL << 52,
};

FIXTURE_VARIANT_ADD(fmt, x86_64_5l) {
	.format = MS_FORMAT_X86_64_5L, .limit = 1ULL << 56, .levels = 5,
	.rw = 0x8000000080003003, .ruc = 0x8000000080003019,
	.none = 0x80003400, .huge_rw = 0x8000000080000083,
	.accessed = 1 << 5, .dirty = 1 << 6, .has_user = 1,
	.phys_limit = 1ULL << 52,
};

FIXTURE_VARIANT_ADD(fmt, x86_ept) {
	.format = MS_FORMAT_X86_EPT, .limit = 1ULL << 48, .levels = 4,
	.rw = 0x80003033, .ruc = 0x80003001, .none = 0x80003800,
	.huge_rw = 0x800000b3, .accessed = 1 << 8, .dirty = 1 << 9,
	.has_user = 0, .phys_limit = 1ULL << 52,
};

FIXTURE_VARIANT_ADD(fmt, riscv_sv39) {
	.format = MS_FORMAT_RISCV_SV39, .limit = 1ULL << 38, .levels = 3,
	.rw = 0x20000c07, .ruc = 0x2000000020000c03, .none = 0x20000e00,
	.huge_rw = 0x20000007, .accessed = 1 << 6, .dirty = 1 << 7,
	.has_user = 1, .phys_limit = 1ULL << 52,
};

FIXTURE_VARIANT_ADD(fmt, riscv_sv48) {
	.format = MS_FORMAT_RISCV_SV48, .limit = 1ULL << 47, .levels = 4,
	.rw = 0x20000c07, .ruc = 0x2000000020000c03, .none = 0x20000e00,
	.huge_rw = 0x20000007, .accessed = 1 << 6, .dirty = 1 << 7,
	.has_user = 1, .phys_limit = 1ULL << 52,
};

FIXTURE_VARIANT_ADD(fmt, riscv_sv57) {
	.format = MS_FORMAT_RISCV_SV57, .limit = 1ULL << 56, .levels = 5,
	.rw = 0x20000c07, .ruc = 0x2000000020000c03, .none = 0x20000e00,
	.huge_rw = 0x20000007, .accessed = 1 << 6, .dirty = 1 << 7,
	.has_user = 1, .phys_limit = 1ULL << 52,
};

FIXTURE_VARIANT_ADD(fmt, arm64_4k) {
	.format = MS_FORMAT_ARM64_4K, .limit = 1ULL << 48, .levels = 4,
	.rw = 0x0060000080003b03, .ruc = 0x0060000080003b8b,
	.none = 0x0100000080003002, .huge_rw = 0x0060000080000b01,
	.accessed = 1 << 10, .dirty = 0, .has_user = 1,
	.phys_limit = 1ULL << 48,
};

FIXTURE_SETUP(fmt)
{
	self->fd = open(DEV, O_RDWR);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, set_format(self->fd, variant->format, &self->limit));
}

FIXTURE_TEARDOWN(fmt)
{
	close(self->fd);
}

TEST_F(fmt, limit_and_busy)
{
	struct ms_stats before;
	__u64 limit = 0;

	EXPECT_EQ(variant->limit, self->limit);
	/* Empty: it may choose again, the same format or another. */
	ASSERT_EQ(0, set_format(self->fd, MS_FORMAT_X86_64_4L, &limit));
	EXPECT_EQ(1ULL << 47, limit);
	ASSERT_EQ(0, set_format(self->fd, variant->format, &limit));
	EXPECT_EQ(variant->limit, limit);
	ASSERT_EQ(0, map(self->fd, 0x400000, 4 * K, 0, R, ALLOC, 0));
	before = stats(self->fd);
	EXPECT_EQ(-EBUSY, set_format(self->fd, variant->format, NULL));
	EXPECT_EQ(-EBUSY, set_format(self->fd, MS_FORMAT_X86_64_4L, NULL));
	EXPECT_TRUE(same_stats(before, stats(self->fd)));
	/* A PROT_NONE area is an area too. */
	ASSERT_EQ(0, protect(self->fd, 0x400000, 4 * K, 0));
	EXPECT_EQ(-EBUSY, set_format(self->fd, variant->format, NULL));
	ASSERT_EQ(0, unmap(self->fd, 0x400000, 4 * K));
	EXPECT_EQ(0, set_format(self->fd, variant->format, NULL));
	ASSERT_EQ(0, map(self->fd, 0x400000, 4 * K, 0, R, ALLOC, 0));
	ASSERT_EQ(0, ioc(self->fd, MS_IOC_CLEAR, NULL));
	EXPECT_EQ(0, set_format(self->fd, variant->format, NULL));
}

TEST_F(fmt, bad_arguments)
{
	struct ms_format_args a = { .format = variant->format, .reserved = 1 };
	struct ms_format_args *ro;

	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_SET_FORMAT, &a));
	a = (struct ms_format_args){ .format = MS_FORMAT_COUNT };
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_SET_FORMAT, &a));
	a.format = 0xffffffff;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_SET_FORMAT, &a));
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_SET_FORMAT, (void *)8));
	/* A read-only argument fails before the format changes. */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ro->format = variant->format >= MS_FORMAT_RISCV_SV39 &&
				     variant->format <= MS_FORMAT_RISCV_SV57 ?
			     MS_FORMAT_X86_EPT :
			     MS_FORMAT_RISCV_SV39;
	ASSERT_EQ(0, mprotect(ro, 4096, PROT_READ));
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_SET_FORMAT, ro));
	munmap(ro, 4096);
	/* Still this variant's format: its limit and its entries. */
	EXPECT_EQ(0, map(self->fd, self->limit - K, K, 0, R, ALLOC, 0));
	ASSERT_EQ(0, map(self->fd, 0x400000, K, PA, RW, LINEAR, 0));
	EXPECT_EQ(variant->rw, query(self->fd, 0x400000).entry);
}

TEST_F(fmt, query_raw_entries)
{
	struct ms_query_args q;

	ASSERT_EQ(0, map(self->fd, 0x400000, 16 * K, PA - 3 * K, RW, LINEAR,
			 0));
	q = query(self->fd, 0x403abc);
	EXPECT_EQ(PA + 0xabc, q.paddr);
	EXPECT_EQ(4096, q.page_size);
	EXPECT_EQ(RW, q.prot);
	EXPECT_EQ(variant->rw, q.entry);
	EXPECT_EQ(variant->levels, stats(self->fd).pt_pages);
	/* Uncached, read-only. */
	ASSERT_EQ(0, protect(self->fd, 0x403000, K, R | MS_PROT_UNCACHED));
	q = query(self->fd, 0x403000);
	EXPECT_EQ(R | MS_PROT_UNCACHED, q.prot);
	EXPECT_EQ(variant->ruc, q.entry);
	/* PROT_NONE: the entry stays, not present, with its address. */
	ASSERT_EQ(0, protect(self->fd, 0x403000, K, 0));
	q = query(self->fd, 0x403000);
	EXPECT_EQ(0, q.prot);
	EXPECT_EQ(4096, q.page_size);
	EXPECT_EQ(variant->none, q.entry);
	EXPECT_EQ(MS_TOUCH_ACCERR, touch(self->fd, 0x403000, R));
	ASSERT_EQ(0, unmap(self->fd, 0x400000, 16 * K));
	EXPECT_EQ(0, query(self->fd, 0x403abc).page_size);
	EXPECT_EQ(1, stats(self->fd).pt_pages);
}

TEST_F(fmt, huge_leaves_split_and_reclaim)
{
	struct ms_query_args q;

	ASSERT_EQ(0, map(self->fd, G, G + 2 * M, 0x80000000, RW, LINEAR,
			 MS_MAP_HUGE));
	q = query(self->fd, G + 0x123456);
	EXPECT_EQ(G, q.page_size);
	EXPECT_EQ(0x80123456, q.paddr);
	EXPECT_EQ(variant->huge_rw, q.entry);
	EXPECT_EQ(2 * M, query(self->fd, 2 * G + 5).page_size);
	/* Cut one page: 1G -> 2M leaves -> 4K leaves in one 2M. */
	ASSERT_EQ(0, unmap(self->fd, G + 4 * M, K));
	EXPECT_EQ(0, query(self->fd, G + 4 * M).page_size);
	q = query(self->fd, G + 4 * M + K);
	EXPECT_EQ(4096, q.page_size);
	EXPECT_EQ(0x80000000 + 4 * M + K, q.paddr);
	EXPECT_EQ(2 * M, query(self->fd, G).page_size);
	EXPECT_EQ(2 * M, query(self->fd, 2 * G - 1).page_size);
	EXPECT_EQ(2, nr_areas(self->fd));
	ASSERT_EQ(0, ioc(self->fd, MS_IOC_CLEAR, NULL));
	EXPECT_EQ(1, stats(self->fd).pt_pages);
}

TEST_F(fmt, touch_sets_accessed_and_dirty)
{
	__u32 user = variant->has_user ? MS_PROT_USER : 0;
	struct ms_query_args q;

	ASSERT_EQ(0, map(self->fd, 0x400000, 4 * K, 0, RW | user, ALLOC, 0));
	EXPECT_EQ(0, query(self->fd, 0x400000).page_size);
	EXPECT_EQ(MS_TOUCH_OK, touch(self->fd, 0x400000, R | user));
	q = query(self->fd, 0x400000);
	EXPECT_EQ(variant->accessed, q.entry & (variant->accessed | variant->dirty));
	EXPECT_EQ(MS_TOUCH_OK, touch(self->fd, 0x400000, MS_PROT_WRITE));
	q = query(self->fd, 0x400000);
	EXPECT_EQ(variant->accessed | variant->dirty,
		  q.entry & (variant->accessed | variant->dirty));
	EXPECT_EQ(1, stats(self->fd).data_pages);
	EXPECT_EQ(MS_TOUCH_ACCERR, touch(self->fd, 0x400000, MS_PROT_EXEC));
	EXPECT_EQ(MS_TOUCH_MAPERR, touch(self->fd, 0x800000, R));
	/* A user access to a supervisor page: EPT does not know the mode. */
	ASSERT_EQ(0, map(self->fd, 0x800000, K, 0, RW, ALLOC, 0));
	EXPECT_EQ(variant->has_user ? MS_TOUCH_ACCERR : MS_TOUCH_OK,
		  touch(self->fd, 0x800000, R | MS_PROT_USER));
}

TEST_F(fmt, user_only_where_expressible)
{
	struct ms_batch_op op = {
		.op = MS_BATCH_MAP,
		.args = { .start = 0x900000, .size = K,
			  .prot = R | MS_PROT_USER, .backend = ALLOC },
	};
	struct ms_batch_args b = { .ops = (uintptr_t)&op, .count = 1 };
	int want = variant->has_user ? 0 : -EINVAL;

	EXPECT_EQ(want, map(self->fd, 0x400000, K, 0, R | MS_PROT_USER, ALLOC,
			    0));
	ASSERT_EQ(0, map(self->fd, 0x500000, K, 0, R, ALLOC, MS_MAP_POPULATE));
	EXPECT_EQ(want, protect(self->fd, 0x500000, K, R | MS_PROT_USER));
	EXPECT_EQ(variant->has_user ? R | MS_PROT_USER : R,
		  query(self->fd, 0x500000).prot);
	ASSERT_EQ(0, ioc(self->fd, MS_IOC_BATCH, &b));
	EXPECT_EQ(want, op.result);
}

TEST_F(fmt, address_limit)
{
	struct ms_find_free_args f = { .size = 2 * K, .limit_end = self->limit,
				       .hint = self->limit - 16 * K };
	struct ms_query_args q = { .vaddr = self->limit };
	struct ms_touch_args t = { .vaddr = self->limit, .access = R };
	__u64 top = self->limit - K;

	EXPECT_EQ(-EINVAL, map(self->fd, self->limit, K, 0, R, ALLOC, 0));
	EXPECT_EQ(-EINVAL, map(self->fd, top, 2 * K, 0, R, ALLOC, 0));
	ASSERT_EQ(0, map(self->fd, top, K, 0x1000, RW, LINEAR, 0));
	EXPECT_EQ(0x1000 + 5, query(self->fd, top + 5).paddr);
	EXPECT_EQ(MS_TOUCH_OK, touch(self->fd, top, MS_PROT_WRITE));
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_QUERY, &q));
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_TOUCH, &t));
	EXPECT_EQ(-EINVAL, unmap(self->fd, self->limit, K));
	EXPECT_EQ(-EINVAL, protect(self->fd, top, 2 * K, R));
	ASSERT_EQ(0, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	EXPECT_EQ(self->limit - 16 * K, f.addr);
	f.size = 16 * K;
	EXPECT_EQ(-ENOMEM, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	f.limit_end = self->limit + K;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	f = (struct ms_find_free_args){ .size = self->limit + K,
					.limit_end = self->limit };
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	ASSERT_EQ(0, protect(self->fd, top, K, R));
	ASSERT_EQ(0, unmap(self->fd, top, K));
	EXPECT_EQ(1, stats(self->fd).pt_pages);
}

TEST_F(fmt, physical_limit)
{
	__u64 top = variant->phys_limit;

	EXPECT_EQ(-EINVAL, map(self->fd, 0x400000, K, top, R, LINEAR, 0));
	EXPECT_EQ(-EINVAL, map(self->fd, 0x400000, 2 * K, top - K, R, LINEAR,
			       0));
	ASSERT_EQ(0, map(self->fd, 0x400000, K, top - K, R, LINEAR, 0));
	EXPECT_EQ(top - K, query(self->fd, 0x400000).paddr);
	EXPECT_EQ(1, nr_areas(self->fd));
}

TEST_F(fmt, list_stats_clear)
{
	struct ms_area_info info[2];

	ASSERT_EQ(0, map(self->fd, 0x400000, 8 * K, 0, RW, ALLOC,
			 MS_MAP_POPULATE));
	ASSERT_EQ(0, map(self->fd, 0x800000, 4 * K, 0x1000000, R, LINEAR, 0));
	ASSERT_EQ(2, list(self->fd, 0, info, 2));
	EXPECT_EQ(8 * K, info[0].resident_bytes);
	EXPECT_EQ(0x1000000, info[1].phys);
	EXPECT_EQ(8, stats(self->fd).data_pages);
	ASSERT_EQ(0, unmap(self->fd, 0x402000, K));
	EXPECT_EQ(7, stats(self->fd).data_pages);
	EXPECT_EQ(3, nr_areas(self->fd));
	ASSERT_EQ(0, ioc(self->fd, MS_IOC_CLEAR, NULL));
	EXPECT_EQ(0, stats(self->fd).data_pages);
	EXPECT_EQ(1, stats(self->fd).pt_pages);
}

TEST_HARNESS_MAIN
