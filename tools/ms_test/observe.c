// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_observe: debugfs and the trace events show what a space holds.
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

TEST_F(space, debugfs_shows_the_space)
{
	char path[96];
	int id, found = 0;

	ASSERT_EQ(0, map(self->fd, 0x7770000, 2 * K, 0, RW, ALLOC, MS_MAP_POPULATE));
	EXPECT_TRUE(file_contains("/sys/kernel/debug/memory_set/spaces", ""));
	/* The newest space is ours: look for its area in every maps file. */
	for (id = 1; id < 4096 && !found; id++) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/memory_set/%d/maps", id);
		found = file_contains(path, "000007770000-000007772000 rw--- alloc");
	}
	ASSERT_TRUE(found);
	snprintf(path, sizeof(path), "/sys/kernel/debug/memory_set/%d/pagetable",
		 id - 1);
	EXPECT_TRUE(file_contains(path, "000007770000-000007772000     2 x 4K rw--- owned"));
	EXPECT_FALSE(file_contains("/sys/kernel/debug/memory_set/pages_held", "\n0\n"));
}

#define TRACE "/sys/kernel/tracing/trace"

TEST_F(space, trace_events_record_operations)
{
	const char *ev = "/sys/kernel/tracing/events/memory_set/enable";
	const char *split = "ms_area_split: [0x5550000, 0x5551000) | [0x5551000, 0x5552000)";

	ASSERT_EQ(0, write_file(TRACE, ""));
	ASSERT_EQ(0, write_file(ev, "1"));
	ASSERT_EQ(0, map(self->fd, 0x5550000, 4 * K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, protect(self->fd, 0x5551000, K, R));
	EXPECT_EQ(MS_TOUCH_OK, touch(self->fd, 0x5550000, MS_PROT_WRITE));
	ASSERT_EQ(0, unmap(self->fd, 0x5550000, 4 * K));
	ASSERT_EQ(0, write_file(ev, "0"));
	EXPECT_TRUE(file_contains(TRACE, "ms_map: [0x5550000, 0x5554000) flags 0x3 ret 0"));
	EXPECT_TRUE(file_contains(TRACE, split));
	EXPECT_TRUE(file_contains(TRACE, "ms_protect: [0x5551000, 0x5552000) flags 0x1 ret 0"));
	EXPECT_TRUE(file_contains(TRACE, "ms_touch: 0x5550000 access 0x2 (page fault) -> ok"));
	EXPECT_TRUE(file_contains(TRACE, "ms_pt_alloc: table of level 0"));
	EXPECT_TRUE(file_contains(TRACE, "ms_unmap: [0x5550000, 0x5554000) flags 0x0 ret 0"));
}

/* A frame shared with a clone shows as such, read-only, in both. */
TEST_F(space, debugfs_shows_shared_frames)
{
	static const char shared[] =
		"000006660000-000006661000     1 x 4K r---- owned shared (copy on write)";
	char path[96];
	int id, found = 0, child;

	ASSERT_EQ(0, map(self->fd, 0x6660000, 3 * K, 0, RW, ALLOC, MS_MAP_POPULATE));
	child = ioctl(self->fd, MS_IOC_CLONE);
	ASSERT_LE(0, child);
	EXPECT_EQ(MS_TOUCH_OK, touch(child, 0x6661000, MS_PROT_WRITE));
	for (id = 1; id < 4096 && !found; id++) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/memory_set/%d/pagetable", id);
		found = file_contains(path, shared);
	}
	ASSERT_TRUE(found);
	/*
	 * The parent (found first): the page the clone wrote is no longer
	 * shared but still read-only, until its next write takes it back.
	 */
	EXPECT_TRUE(file_contains(path, "000006661000-000006662000     1 x 4K r---- owned ["));
	EXPECT_TRUE(file_contains(path, "000006662000-000006663000     1 x 4K r---- owned shared"));
	/* The clone, made next: its copy is writable. */
	snprintf(path, sizeof(path), "/sys/kernel/debug/memory_set/%d/pagetable", id);
	EXPECT_TRUE(file_contains(path, "000006661000-000006662000     1 x 4K rw--- A D owned ["));
	close(child);
}

TEST_F(space, trace_events_record_clone_and_copy_on_write)
{
	const char *ev = "/sys/kernel/tracing/events/memory_set/enable";
	int child;

	ASSERT_EQ(0, write_file(TRACE, ""));
	ASSERT_EQ(0, write_file(ev, "1"));
	ASSERT_EQ(0, map(self->fd, 0x4440000, 2 * K, 0, RW, ALLOC, MS_MAP_POPULATE));
	child = ioctl(self->fd, MS_IOC_CLONE);
	ASSERT_LE(0, child);
	EXPECT_EQ(MS_TOUCH_OK, touch(child, 0x4440000, MS_PROT_WRITE));
	EXPECT_EQ(MS_TOUCH_OK, touch(self->fd, 0x4440000, MS_PROT_WRITE));
	ASSERT_EQ(0, write_file(ev, "0"));
	EXPECT_TRUE(file_contains(TRACE, "ms_clone: 1 areas, 4 tables, 2 shared frames, ret 0"));
	EXPECT_TRUE(file_contains(TRACE, "ms_cow: 0x4440000 copied"));
	EXPECT_TRUE(file_contains(TRACE, "ms_cow: 0x4440000 reused (last holder)"));
	close(child);
}

TEST_HARNESS_MAIN
