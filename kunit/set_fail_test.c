// SPDX-License-Identifier: GPL-2.0
/*
 * Failure injection in the core: the backend fails its 1st, 2nd, ... call
 * until the operation succeeds; after each failure the set (areas, entries
 * and split marks) equals its snapshot. Each operation runs with the
 * crate's mock backend and with one that also splits.
 *
 * The layout before each operation, one character per 0x400 bytes (see
 * mock_expect_strip()); the sweep's range [0x2800, 0x8800) cuts two areas:
 *
 *	aaaa....aaaa....bbbb....aaaa....aaaa....aaaa....
 *	          [======== range =======]
 */
#include <kunit/test.h>

#include "mock.h"

#define CUT_START	0x2800
#define CUT_SIZE	0x6000
#define CUT_END		(CUT_START + CUT_SIZE)

enum fail_op { FAIL_MAP_REPLACE, FAIL_UNMAP, FAIL_PROTECT, FAIL_CLEAR };

struct fail_case {
	const char *name;
	enum fail_op op;
	const struct mapping_backend_ops *ops;
};

static const struct fail_case fail_cases[] = {
	{ "map_replace", FAIL_MAP_REPLACE, &mock_ops },
	{ "unmap", FAIL_UNMAP, &mock_ops },
	{ "protect", FAIL_PROTECT, &mock_ops },
	{ "clear", FAIL_CLEAR, &mock_ops },
	{ "map_replace_with_splits", FAIL_MAP_REPLACE, &mock_split_ops },
	{ "unmap_with_splits", FAIL_UNMAP, &mock_split_ops },
	{ "protect_with_splits", FAIL_PROTECT, &mock_split_ops },
	{ "clear_with_splits", FAIL_CLEAR, &mock_split_ops },
};

static void fail_case_desc(const struct fail_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fail, fail_cases, fail_case_desc);

static int run_fail_op(struct kunit *test, struct memory_set *set,
		       const struct fail_case *c)
{
	switch (c->op) {
	case FAIL_MAP_REPLACE:	/* cuts two areas, swallows two */
		return mock_map(test, set, c->ops, CUT_START, CUT_SIZE, 5, true);
	case FAIL_UNMAP:	/* cuts two areas, removes two */
		return memory_set_unmap(set, CUT_START, CUT_SIZE);
	case FAIL_PROTECT:	/* cuts two areas, re-flags one, skips one */
		return memory_set_protect(set, CUT_START, CUT_SIZE, 2);
	case FAIL_CLEAR:
		return memory_set_clear(set);
	}
	return -EINVAL;
}

static void setup(struct kunit *test, struct memory_set *set,
		  const struct fail_case *c)
{
	u64 start;

	for (start = 0; start < 0xc000; start += 0x2000)
		KUNIT_ASSERT_EQ(test, mock_map(test, set, c->ops, start, 0x1000,
					       1, false), 0);
	/* One area is already protected: it must be skipped. */
	KUNIT_ASSERT_EQ(test, memory_set_protect(set, 0x4000, 0x1000, 2), 0);
	mock_expect_strip(test, set, 0, 0x400,
			  "aaaa....aaaa....bbbb....aaaa....aaaa....aaaa....");
}

static void test_fail_every_call(struct kunit *test)
{
	const struct fail_case *c = test->param_value;
	struct mock_snapshot *snap = kunit_kzalloc(test, sizeof(*snap),
						   GFP_KERNEL);
	struct memory_set set;
	struct mock_pt *pt = mock_pt_new(test);
	unsigned int n;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, snap);
	memory_set_init(&set, pt);
	setup(test, &set, c);
	mock_snapshot_take(test, &set, snap);
	for (n = 1;; n++) {
		pt->nr_calls = 0;
		pt->fail_at = n;
		err = run_fail_op(test, &set, c);
		pt->fail_at = 0;
		if (!err)
			break;
		KUNIT_ASSERT_EQ_MSG(test, err, MOCK_ERR_FAIL, "call %u", n);
		mock_snapshot_expect(test, &set, snap);
	}
	/* The op made calls; the last one succeeded, none failed. */
	KUNIT_EXPECT_GT(test, n, 2U);
	KUNIT_EXPECT_LT(test, pt->nr_calls, n);
	/* A backend that splits was asked to cut exactly there. */
	if (c->ops->split && c->op != FAIL_CLEAR) {
		KUNIT_EXPECT_EQ(test, pt->cut[CUT_START],
				snap->pt.cut[CUT_START] + 1);
		KUNIT_EXPECT_EQ(test, pt->cut[CUT_END], snap->pt.cut[CUT_END] + 1);
	}
	mock_check_tree(test, &set);
	mock_expect_entries(test, &set);
	KUNIT_EXPECT_EQ(test, memory_set_clear(&set), 0);
}

static struct kunit_case memory_set_fail_cases[] = {
	KUNIT_CASE_PARAM(test_fail_every_call, fail_gen_params),
	{}
};

static struct kunit_suite memory_set_fail_suite = {
	.name = "memory_set_core_failure",
	.test_cases = memory_set_fail_cases,
};

kunit_test_suite(memory_set_fail_suite);
