// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers of the KUnit suites that drive a whole address space.
 */
#include <linux/string.h>

#include "fail.h"
#include "space_util.h"

/**
 * space_map() - map a range of a space, as MS_IOC_MAP would
 * @space: the space
 * @start: first address
 * @size: length
 * @phys: LINEAR: physical address of @start
 * @prot: MS_VM_* bits
 * @kind: the backend
 * @flags: SPACE_MAP_* bits
 *
 * Return: ms_space_map()'s result.
 */
int space_map(struct ms_space *space, u64 start, u64 size, u64 phys, u32 prot,
	      enum ms_backend_kind kind, u32 flags)
{
	struct ms_map_req req = {
		.start = start, .size = size, .phys = phys, .prot = prot,
		.backend = {
			.kind = kind,
			.huge = flags & SPACE_MAP_HUGE,
			.populate = flags & SPACE_MAP_POPULATE,
		},
		.replace = flags & SPACE_MAP_REPLACE,
	};
	int err;

	mutex_lock(&space->lock);
	err = ms_space_map(space, &req);
	mutex_unlock(&space->lock);
	return err;
}

/**
 * space_translate() - ms_space_translate() with the space's lock taken
 * @space: the space
 * @va: the address
 * @leaf: on success, the leaf decoded
 *
 * Return: true if a leaf maps @va.
 */
bool space_translate(struct ms_space *space, u64 va, struct ms_pt_leaf *leaf)
{
	bool found;

	mutex_lock(&space->lock);
	found = ms_space_translate(space, va, leaf);
	mutex_unlock(&space->lock);
	return found;
}

/**
 * space_stats() - ms_space_stats() with the space's lock taken
 * @space: the space
 * @stats: what it holds
 */
void space_stats(struct ms_space *space, struct ms_space_stats *stats)
{
	mutex_lock(&space->lock);
	ms_space_stats(space, stats);
	mutex_unlock(&space->lock);
}

/**
 * space_snap_new() - a snapshot buffer freed with the test
 * @test: the test
 *
 * Return: the buffer; the test is aborted if it cannot be allocated.
 */
struct space_snap *space_snap_new(struct kunit *test)
{
	struct space_snap *snap = kunit_kzalloc(test, sizeof(*snap), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, snap);
	return snap;
}

/**
 * space_snap_take() - record the areas and every leaf of a space
 * @test: the test
 * @space: the space
 * @snap: where to record them
 */
void space_snap_take(struct kunit *test, struct ms_space *space,
		     struct space_snap *snap)
{
	struct memory_area *area;

	snap->nr = 0;
	for (area = memory_set_first(&space->set); area;
	     area = memory_area_next(area)) {
		KUNIT_ASSERT_LT(test, snap->nr, SNAP_AREAS);
		snap->a[snap->nr].start = area->start;
		snap->a[snap->nr].end = area->end;
		snap->a[snap->nr].offset = area->offset;
		snap->a[snap->nr].flags = area->flags;
		snap->a[snap->nr].ops = memory_area_ops(area);
		snap->nr++;
	}
	pt_dump_take(test, &space->pt, &snap->pt);
}

/**
 * space_snap_expect_equal() - expect two snapshots to be the same
 * @test: the test
 * @a: one snapshot
 * @b: the other
 */
void space_snap_expect_equal(struct kunit *test, const struct space_snap *a,
			     const struct space_snap *b)
{
	unsigned long i;

	KUNIT_ASSERT_EQ(test, a->nr, b->nr);
	for (i = 0; i < a->nr; i++)
		KUNIT_EXPECT_EQ(test, memcmp(&a->a[i], &b->a[i], sizeof(a->a[i])), 0);
	pt_dump_expect_equal(test, &a->pt, &b->pt);
}

/**
 * space_touch() - one access, as MS_IOC_TOUCH would make it
 * @space: the space
 * @va: the address
 * @access: MS_VM_* access bits
 * @result: how it ended
 *
 * Return: ms_space_touch()'s result.
 */
int space_touch(struct ms_space *space, u64 va, u32 access,
		enum ms_access_result *result)
{
	int err;

	mutex_lock(&space->lock);
	err = ms_space_touch(space, va, access, result);
	mutex_unlock(&space->lock);
	return err;
}

/**
 * space_set_format() - give an empty space a format
 * @space: the space, with no area
 * @fmt: one of the formats
 */
void space_set_format(struct ms_space *space, const struct ms_pt_format *fmt)
{
	enum ms_pt_format_id id;

	for (id = 0; id < MS_PT_NR_FORMATS; id++) {
		if (ms_pt_format_get(id) != fmt)
			continue;
		mutex_lock(&space->lock);
		WARN_ON(ms_space_set_format(space, id));
		mutex_unlock(&space->lock);
	}
}

/**
 * space_test_init() - a fresh space in test->priv (a suite's .init)
 * @test: the test
 *
 * Budget 4096 pages, no area limit, no injected failure.
 *
 * Return: 0.
 */
int space_test_init(struct kunit *test)
{
	struct ms_space *space = kunit_kzalloc(test, sizeof(*space), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, space);
	ms_fail_nth = 0;
	ms_fail_blocks = false;
	KUNIT_ASSERT_EQ(test, ms_space_init(space, 4096, ULONG_MAX), 0);
	test->priv = space;
	return 0;
}

/**
 * space_test_exit() - destroy the space of space_test_init() (a suite's .exit)
 * @test: the test
 */
void space_test_exit(struct kunit *test)
{
	ms_fail_nth = 0;
	ms_fail_blocks = false;
	ms_space_destroy(test->priv);
}

/**
 * space_copy() - copy between a space and a kernel buffer, as MS_IOC_READ
 *	and MS_IOC_WRITE would
 * @space: the space
 * @va: first address in the space
 * @buf: the buffer, @len bytes
 * @len: bytes to copy
 * @access: 0, or MS_VM_USER for a user-mode copy
 * @dir: ITER_SOURCE (@buf is stored into the space) or ITER_DEST (@buf
 *	takes what the space holds)
 * @done: bytes copied
 * @result: how the copy ended
 *
 * Return: ms_space_copy()'s result.
 */
int space_copy(struct ms_space *space, u64 va, void *buf, u64 len, u32 access,
	       unsigned int dir, u64 *done, enum ms_access_result *result)
{
	struct kvec vec = { .iov_base = buf, .iov_len = len };
	struct iov_iter iter;
	int err;

	iov_iter_kvec(&iter, dir, &vec, 1, len);
	mutex_lock(&space->lock);
	err = ms_space_copy(space, va, access, &iter, done, result);
	mutex_unlock(&space->lock);
	return err;
}

static int space_resource_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

static void space_resource_free(struct kunit_resource *res)
{
	ms_space_destroy(res->data);
	kfree(res->data);
}

/**
 * space_write_str() - store a string and its NUL at @va, as MS_IOC_WRITE
 * @test: the test; it stops unless the whole string is copied
 * @space: the space
 * @va: where
 * @s: the string
 */
void space_write_str(struct kunit *test, struct ms_space *space, u64 va,
		     const char *s)
{
	enum ms_access_result result;
	u64 done;

	KUNIT_ASSERT_EQ(test, space_copy(space, va, (void *)s, strlen(s) + 1, 0,
					 ITER_SOURCE, &done, &result), 0);
	KUNIT_ASSERT_EQ(test, result, MS_ACCESS_OK);
}

/**
 * space_expect_str() - expect a string (and its NUL) at @va, as MS_IOC_READ
 * @test: the test
 * @space: the space
 * @va: where
 * @want: the string expected, shorter than 16 bytes
 */
void space_expect_str(struct kunit *test, struct ms_space *space, u64 va,
		      const char *want)
{
	enum ms_access_result result;
	char got[16] = {};
	u64 done;

	KUNIT_ASSERT_LT(test, strlen(want), sizeof(got));
	KUNIT_ASSERT_EQ(test, space_copy(space, va, got, strlen(want) + 1, 0,
					 ITER_DEST, &done, &result), 0);
	KUNIT_EXPECT_EQ(test, result, MS_ACCESS_OK);
	KUNIT_EXPECT_STREQ(test, got, want);
}

/**
 * space_new() - one more space, destroyed with the test
 * @test: the test
 * @max_pages: its page budget
 * @fmt: its page-table format
 *
 * Return: the space; the test is aborted if it cannot be made.
 */
struct ms_space *space_new(struct kunit *test, unsigned long max_pages,
			   const struct ms_pt_format *fmt)
{
	struct ms_space *space = kzalloc(sizeof(*space), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, space);
	if (ms_space_init(space, max_pages, ULONG_MAX)) {
		kfree(space);
		KUNIT_ASSERT_FAILURE(test, "no memory for a space");
	}
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test,
							 space_resource_init,
							 space_resource_free,
							 GFP_KERNEL, space));
	space_set_format(space, fmt);
	return space;
}

/**
 * space_clone() - clone a space into a new one, as MS_IOC_CLONE would
 * @test: the test
 * @src: the space to clone
 * @max_pages: the clone's page budget
 * @clone: on success, the clone (in @src's format), destroyed with the
 *	test
 *
 * Return: ms_space_clone()'s result.
 */
int space_clone(struct kunit *test, struct ms_space *src,
		unsigned long max_pages, struct ms_space **clone)
{
	int err;

	*clone = space_new(test, max_pages, &ms_pt_x86_64_4l);
	mutex_lock(&src->lock);
	err = ms_space_clone(*clone, src);
	mutex_unlock(&src->lock);
	return err;
}
