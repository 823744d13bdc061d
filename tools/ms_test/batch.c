// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_batch: MS_IOC_BATCH runs each op as the single ioctl would.
 *
 * Part of the ioctl tests of /dev/memory_set (tools/ms_test/), run as
 * root inside a QEMU guest after insmod, and in the UML debug kernel where
 * the module is built in (KASAN, lockdep). Built on the kernel's kselftest
 * harness. Every rejected call is checked for its errno and for leaving
 * STATS (and where it matters LIST) unchanged.
 */
#define _GNU_SOURCE

#include "kselftest_harness.h"
#include "space_fixture.h"

static struct ms_batch_op bop(__u32 op, __u64 start, __u64 size, __u32 prot,
			      __u32 backend, __u32 flags)
{
	return (struct ms_batch_op){ .op = op, .result = 12345,
		.args = { .start = start, .size = size, .prot = prot,
			  .backend = backend, .flags = flags } };
}

TEST_F(space, batch_runs_each_op_and_reports_it)
{
	struct ms_batch_op ops[] = {
		bop(MS_BATCH_MAP, 0x10000, 16 * K, RW, ALLOC, MS_MAP_POPULATE),
		bop(MS_BATCH_MAP, 0x10000, K, R, ALLOC, 0),		/* EEXIST */
		bop(MS_BATCH_PROTECT, 0x11000, K, R, 0, 0),
		bop(MS_BATCH_UNMAP, 0x14000, 4 * K, 0, 0, 0),
		bop(MS_BATCH_UNMAP, 0x10000, K, R, 0, 0),		/* prot */
		bop(7, 0x10000, K, 0, 0, 0),				/* op */
		bop(MS_BATCH_UNMAP, 0x10000, K, 0, 0, MS_MAP_REPLACE),	/* flags */
		bop(MS_BATCH_MAP, 0x10001, K, R, ALLOC, 0),		/* align */
	};
	struct ms_batch_args b = { .ops = (uintptr_t)ops, .count = 8 };

	ASSERT_EQ(0, ioc(self->fd, MS_IOC_BATCH, &b));
	EXPECT_EQ(8, b.done);
	EXPECT_EQ(0, ops[0].result);
	EXPECT_EQ(-EEXIST, ops[1].result);
	EXPECT_EQ(0, ops[2].result);
	EXPECT_EQ(0, ops[3].result);
	EXPECT_EQ(-EINVAL, ops[4].result);
	EXPECT_EQ(-EINVAL, ops[5].result);
	EXPECT_EQ(-EINVAL, ops[6].result);
	EXPECT_EQ(-EINVAL, ops[7].result);
	EXPECT_EQ(4, nr_areas(self->fd));	/* protect cut one, unmap another */
	EXPECT_EQ(12, stats(self->fd).data_pages);
	EXPECT_EQ(R, query(self->fd, 0x11000).prot);

	/* Stop at the first failure: the rest is not run. */
	ops[0] = bop(MS_BATCH_UNMAP, 0x10000, K, 0, 0, 0);
	ops[1] = bop(MS_BATCH_MAP, 0x11000, K, R, ALLOC, 0);	/* EEXIST */
	ops[2] = bop(MS_BATCH_UNMAP, 0x11000, K, 0, 0, 0);
	b = (struct ms_batch_args){ .ops = (uintptr_t)ops, .count = 3,
				    .flags = MS_BATCH_STOP_ON_ERROR };
	ASSERT_EQ(0, ioc(self->fd, MS_IOC_BATCH, &b));
	EXPECT_EQ(2, b.done);
	EXPECT_EQ(0, ops[0].result);
	EXPECT_EQ(-EEXIST, ops[1].result);
	EXPECT_EQ(12345, ops[2].result);
	EXPECT_EQ(R, query(self->fd, 0x11000).prot);
	b = (struct ms_batch_args){ .ops = 0, .count = 0 };
	EXPECT_EQ(0, ioc(self->fd, MS_IOC_BATCH, &b));
	EXPECT_EQ(0, b.done);
}

TEST_F(space, batch_rejects_bad_headers_and_buffers)
{
	struct ms_batch_op *ops = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct ms_batch_args b = { .ops = (uintptr_t)ops, .count = 2 };
	struct ms_stats before = stats(self->fd);

	ASSERT_NE(MAP_FAILED, ops);
	ASSERT_EQ(0, munmap((char *)ops + 4096, 4096));	/* a hole after it */
	ops[0] = bop(MS_BATCH_MAP, 0x10000, K, R, ALLOC, 0);
	ops[1] = bop(MS_BATCH_MAP, 0x20000, K, R, ALLOC, 0);
	b.count = MS_BATCH_MAX + 1;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_BATCH, &b));
	b.count = 2;
	b.flags = 0x2;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_BATCH, &b));
	b.flags = 0;
	b.reserved = 1;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_BATCH, &b));
	b.reserved = 0;
	/* The array runs off the end of the mapping: nothing is done. */
	b.ops = (uintptr_t)ops + 4096 - sizeof(*ops);
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_BATCH, &b));
	b.ops = 16;
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_BATCH, &b));
	/* A read-only array cannot take the results: nothing is done. */
	b.ops = (uintptr_t)ops;
	ASSERT_EQ(0, mprotect(ops, 4096, PROT_READ));
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_BATCH, &b));
	EXPECT_TRUE(same_stats(before, stats(self->fd)));
	munmap(ops, 4096);
}

TEST_HARNESS_MAIN
