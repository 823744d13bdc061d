// SPDX-License-Identifier: GPL-2.0
/*
 * Lab "vfork" (labs/vfork/README.md): a space that several files share,
 * freed by its last user (ms_space_new(), ms_space_get(), ms_space_put()),
 * as Linux's mm_struct counts its users (mmget(), mmput()).
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <uapi/linux/memory_set.h>

#include "fail.h"
#include "space_util.h"

#define RW	(MS_VM_READ | MS_VM_WRITE)

static int populate(struct ms_space *space, u64 start, u64 size)
{
	struct ms_map_req req = {
		.start = start, .size = size, .prot = RW,
		.backend = { .kind = MS_KIND_ALLOC, .populate = true },
	};
	int err;

	mutex_lock(&space->lock);
	err = ms_space_map(space, &req);
	mutex_unlock(&space->lock);
	return err;
}

/* A new space is empty: its root table, no area, one user to free it. */
static void test_new_space_is_empty(struct kunit *test)
{
	long held = ms_space_pages_held();
	struct ms_space_stats stats;
	struct ms_space *space;

	space = ms_space_new(64, 16);
	KUNIT_ASSERT_NOT_NULL(test, space);
	space_stats(space, &stats);
	KUNIT_EXPECT_EQ(test, stats.nr_areas, 0);
	KUNIT_EXPECT_EQ(test, stats.pt_pages, 1);
	KUNIT_EXPECT_EQ(test, ms_space_pages_held(), held + 1);
	/* Its limits are the ones asked for. */
	KUNIT_EXPECT_EQ(test, space->set.max_areas, 16);
	KUNIT_EXPECT_EQ(test, populate(space, SZ_1M, 64 * SZ_4K), -ENOMEM);
	ms_space_put(space);
	KUNIT_EXPECT_EQ(test, ms_space_pages_held(), held);
}

/* Every user but the last leaves the space as it is. */
static void test_last_user_frees(struct kunit *test)
{
	long held = ms_space_pages_held(), areas = ms_space_areas_held();
	struct ms_space *space, *again;
	struct ms_pt_leaf leaf;

	space = ms_space_new(4096, ULONG_MAX);
	KUNIT_ASSERT_NOT_NULL(test, space);
	KUNIT_ASSERT_EQ(test, populate(space, SZ_1M, SZ_16K), 0);
	again = ms_space_get(space);
	KUNIT_EXPECT_PTR_EQ(test, again, space);
	ms_space_get(space);
	ms_space_put(space);
	ms_space_put(again);
	/* One user left: everything is still there. */
	KUNIT_EXPECT_TRUE(test, space_translate(space, SZ_1M + SZ_8K, &leaf));
	KUNIT_EXPECT_TRUE(test, leaf.owned);
	KUNIT_EXPECT_GT(test, ms_space_pages_held(), held + 4);
	KUNIT_EXPECT_EQ(test, ms_space_areas_held(), areas + 1);
	ms_space_put(space);
	KUNIT_EXPECT_EQ(test, ms_space_pages_held(), held);
	KUNIT_EXPECT_EQ(test, ms_space_areas_held(), areas);
}

/* What one user changes, every user sees: it is one space. */
static void test_users_share_one_space(struct kunit *test)
{
	struct ms_space *space, *other;
	enum ms_access_result result;
	struct ms_pt_leaf leaf;

	space = ms_space_new(4096, ULONG_MAX);
	KUNIT_ASSERT_NOT_NULL(test, space);
	other = ms_space_get(space);
	KUNIT_ASSERT_EQ(test, space_map(other, SZ_1M, SZ_16K, 0, RW,
					MS_KIND_ALLOC, 0), 0);
	KUNIT_ASSERT_EQ(test, space_touch(space, SZ_1M, MS_VM_WRITE, &result),
			0);
	KUNIT_EXPECT_EQ(test, result, MS_ACCESS_OK);
	KUNIT_EXPECT_TRUE(test, space_translate(other, SZ_1M, &leaf));
	KUNIT_EXPECT_TRUE(test, leaf.dirty);
	ms_space_put(space);
	ms_space_put(other);
}

/* No memory for a new space: NULL, and nothing held. */
static void test_new_space_fails_cleanly(struct kunit *test)
{
	long held = ms_space_pages_held(), areas = ms_space_areas_held();
	struct ms_space *space;

	ms_fail_nth = 1;
	space = ms_space_new(4096, ULONG_MAX);
	ms_fail_nth = 0;
	KUNIT_EXPECT_NULL(test, space);
	KUNIT_EXPECT_EQ(test, ms_space_pages_held(), held);
	KUNIT_EXPECT_EQ(test, ms_space_areas_held(), areas);
	if (space)
		ms_space_put(space);
}

/* The ABI is in the header, as the assignment gives it. */
static void test_vfork_abi_in_the_header(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, MS_IOC_CLONE_VM, _IO(MS_IOC_MAGIC, 0x11));
}

static struct kunit_case lab_vfork_cases[] = {
	KUNIT_CASE(test_vfork_abi_in_the_header),
	KUNIT_CASE(test_new_space_is_empty),
	KUNIT_CASE(test_last_user_frees),
	KUNIT_CASE(test_users_share_one_space),
	KUNIT_CASE(test_new_space_fails_cleanly),
	{}
};

static struct kunit_suite lab_vfork_suite = {
	.name = "memory_set_lab_vfork",
	.test_cases = lab_vfork_cases,
};

kunit_test_suite(lab_vfork_suite);
