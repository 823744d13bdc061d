// SPDX-License-Identifier: GPL-2.0
/*
 * Lab "merge" (labs/merge/README.md): MS_MAP_MERGE from userspace. Built
 * and run by scripts/grade.sh in the UML kernel the lab's KUnit tests
 * ran in.
 */
#include "kselftest_harness.h"
#include "space_fixture.h"

/* The ABI the lab adds, as labs/merge/README.md gives it. */
#ifndef MS_MAP_MERGE
#define MS_MAP_MERGE	0x8
#endif

/* K is a page (tools/ms_test/util.h). */
TEST_F(space, merge_joins_what_continues)
{
	struct ms_area_info a[4];

	ASSERT_EQ(0, map(self->fd, 0x400000, 4 * K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, map(self->fd, 0x410000, 4 * K, 0, RW, ALLOC, 0));
	ASSERT_EQ(2, nr_areas(self->fd));
	ASSERT_EQ(0, map(self->fd, 0x404000, 12 * K, 0, RW, ALLOC,
			 MS_MAP_MERGE));
	ASSERT_EQ(1, list(self->fd, 0, a, 4));
	EXPECT_EQ(0x400000, a[0].start);
	EXPECT_EQ(20 * K, a[0].size);
	/* LINEAR: where phys continues, and only there. */
	ASSERT_EQ(0, map(self->fd, G, 16 * K, 16 * M, RW, LINEAR, 0));
	ASSERT_EQ(0, map(self->fd, G + 16 * K, 16 * K, 16 * M + 16 * K, RW,
			 LINEAR, MS_MAP_MERGE));
	ASSERT_EQ(0, map(self->fd, G + 32 * K, 16 * K, 32 * M, RW, LINEAR,
			 MS_MAP_MERGE));
	ASSERT_EQ(3, list(self->fd, 0, a, 4));
	EXPECT_EQ(32 * K, a[1].size);
	EXPECT_EQ(16 * M, a[1].phys);
	EXPECT_EQ(32 * M, a[2].phys);
	EXPECT_EQ(16 * M + 16 * K + 8,
		  query(self->fd, G + 16 * K + 8).paddr);
}

TEST_F(space, merge_keeps_apart_what_differs)
{
	ASSERT_EQ(0, map(self->fd, 0x400000, 4 * K, 0, R, ALLOC, 0));
	ASSERT_EQ(0, map(self->fd, 0x404000, 4 * K, 0, RW, ALLOC,
			 MS_MAP_MERGE));
	ASSERT_EQ(0, map(self->fd, 0x408000, 4 * K, 0, RW, ALLOC,
			 MS_MAP_MERGE | MS_MAP_POPULATE));
	ASSERT_EQ(0, map(self->fd, 0x40d000, 4 * K, 0, RW, ALLOC,
			 MS_MAP_MERGE));
	EXPECT_EQ(4, nr_areas(self->fd));
	/* Without the flag, areas stay apart as they always did. */
	ASSERT_EQ(0, map(self->fd, 0x411000, 4 * K, 0, RW, ALLOC, 0));
	EXPECT_EQ(5, nr_areas(self->fd));
}

TEST_F(space, merge_with_replace_and_batch)
{
	struct ms_batch_op ops[2] = {
		{ .op = MS_BATCH_MAP, .args = { .start = 0x500000, .size = K,
			.prot = RW, .backend = ALLOC } },
		{ .op = MS_BATCH_MAP, .args = { .start = 0x501000, .size = K,
			.prot = RW, .backend = ALLOC, .flags = MS_MAP_MERGE } },
	};
	struct ms_batch_args b = { .ops = (uintptr_t)ops, .count = 2 };

	ASSERT_EQ(0, map(self->fd, 0x400000, 16 * K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, map(self->fd, 0x404000, 4 * K, 0, R, ALLOC,
			 MS_MAP_REPLACE));
	EXPECT_EQ(3, nr_areas(self->fd));
	ASSERT_EQ(0, map(self->fd, 0x404000, 4 * K, 0, RW, ALLOC,
			 MS_MAP_REPLACE | MS_MAP_MERGE));
	EXPECT_EQ(1, nr_areas(self->fd));
	ASSERT_EQ(0, ioc(self->fd, MS_IOC_BATCH, &b));
	EXPECT_EQ(0, ops[0].result);
	EXPECT_EQ(0, ops[1].result);
	EXPECT_EQ(2, nr_areas(self->fd));
}

TEST_F(space, merge_flag_is_checked)
{
	/* The flags MS_MAP_ALL names, and no other. */
	EXPECT_EQ(MS_MAP_MERGE, MS_MAP_ALL & MS_MAP_MERGE);
	EXPECT_EQ(-EINVAL, map(self->fd, 0x400000, K, 0, RW, ALLOC,
			       MS_MAP_MERGE << 1));
	EXPECT_EQ(-EEXIST, (map(self->fd, 0x400000, K, 0, RW, ALLOC, 0),
			    map(self->fd, 0x400000, K, 0, RW, ALLOC,
				MS_MAP_MERGE)));
	EXPECT_EQ(1, nr_areas(self->fd));
}

TEST_HARNESS_MAIN
