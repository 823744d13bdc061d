// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_clone: MS_IOC_CLONE, fork for address spaces. The clone has the
 * same areas; frames are shared and write-protected until a write copies
 * them (or the last holder takes its frame back); lazy pages stay lazy,
 * LINEAR and huge translations are copied; either side can close first
 * and every page is given back; the budget refuses a clone that does not
 * fit, with nothing changed; an unprivileged caller sees no frame address.
 *
 * Part of the ioctl tests of /dev/memory_set (tools/ms_test/), run as
 * root inside a QEMU guest after insmod, and in the UML debug kernel where
 * the module is built in (KASAN, lockdep).
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "space_fixture.h"

#define PTE_RW		BIT_ULL(1)

static int rw(int fd, unsigned long cmd, __u64 va, void *buf, __u64 len)
{
	struct ms_rw_args a = { .vaddr = va, .buf = (uintptr_t)buf, .len = len };
	int err = ioc(fd, cmd, &a);

	if (!err && a.result != MS_TOUCH_OK)
		return 1000 + a.result;
	return err;
}

static int put(int fd, __u64 va, const char *s)
{
	return rw(fd, MS_IOC_WRITE, va, (void *)s, strlen(s) + 1);
}

/* The string at @va, in a static buffer. */
static const char *get(int fd, __u64 va)
{
	static char buf[64];

	memset(buf, 0, sizeof(buf));
	if (rw(fd, MS_IOC_READ, va, buf, sizeof(buf) - 1))
		return "(unreadable)";
	return buf;
}

static int clone_fd(int fd)
{
	int child = ioctl(fd, MS_IOC_CLONE);

	return child < 0 ? -errno : child;
}

TEST_F(space, clone_shares_until_a_write)
{
	struct ms_query_args p, c;
	int child;

	ASSERT_EQ(0, map(self->fd, 0x100000, 4 * K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, put(self->fd, 0x100000, "parent data"));
	child = clone_fd(self->fd);
	ASSERT_LE(0, child);
	EXPECT_TRUE(fcntl(child, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(1, nr_areas(child));
	EXPECT_EQ(1, stats(child).data_pages);
	/* Shared: write-protected in both. */
	p = query(self->fd, 0x100000);
	c = query(child, 0x100000);
	EXPECT_EQ(R, p.prot);
	EXPECT_EQ(R, c.prot);
	EXPECT_EQ(p.paddr, c.paddr);
	EXPECT_FALSE(c.entry & PTE_RW);
	EXPECT_STREQ("parent data", get(child, 0x100000));
	/* The child writes: it gets its own copy. */
	ASSERT_EQ(0, put(child, 0x100000, "child data"));
	EXPECT_STREQ("child data", get(child, 0x100000));
	EXPECT_STREQ("parent data", get(self->fd, 0x100000));
	EXPECT_EQ(RW, query(child, 0x100000).prot);
	/* The parent is the last holder: a write takes the frame back. */
	EXPECT_EQ(MS_TOUCH_OK, touch(self->fd, 0x100000, MS_PROT_WRITE));
	EXPECT_EQ(RW, query(self->fd, 0x100000).prot);
	EXPECT_STREQ("parent data", get(self->fd, 0x100000));
	/* Lazy pages stay lazy; each side faults in its own. */
	EXPECT_EQ(0, query(child, 0x101000).page_size);
	ASSERT_EQ(0, put(child, 0x101000, "lazy"));
	EXPECT_STREQ("", get(self->fd, 0x101000));
	close(child);
}

TEST_F(space, clone_copies_linear_and_huge_translations)
{
	struct ms_query_args p, c;
	int child;

	ASSERT_EQ(0, map(self->fd, G, G, 3 * G, RW, LINEAR, MS_MAP_HUGE));
	ASSERT_EQ(0, map(self->fd, 0x10000, K, 0x7000, R, LINEAR, 0));
	child = clone_fd(self->fd);
	ASSERT_LE(0, child);
	p = query(self->fd, G + 5 * K);
	c = query(child, G + 5 * K);
	EXPECT_EQ(G, c.page_size);
	EXPECT_EQ(p.entry, c.entry);
	EXPECT_EQ(3 * G + 5 * K, c.paddr);
	EXPECT_EQ(RW, c.prot);
	EXPECT_EQ(0x7000, query(child, 0x10000).paddr);
	/* Cutting the child's huge leaf leaves the parent's whole. */
	ASSERT_EQ(0, unmap(child, G + 2 * M, K));
	EXPECT_EQ(G, query(self->fd, G + 2 * M).page_size);
	EXPECT_EQ(0, query(child, G + 2 * M).page_size);
	close(child);
}

TEST(either_side_closes_first_and_every_page_comes_back)
{
	long held = read_long(PAGES_HELD);
	int parent = open(DEV, O_RDWR), child, grandchild;

	ASSERT_LE(0, parent);
	ASSERT_EQ(0, map(parent, 0x100000, 8 * K, 0, RW, ALLOC,
			 MS_MAP_POPULATE));
	ASSERT_EQ(0, put(parent, 0x104000, "kept"));
	child = clone_fd(parent);
	ASSERT_LE(0, child);
	grandchild = clone_fd(child);
	ASSERT_LE(0, grandchild);
	/* 8 frames held once; 4 tables each (root, PDPT, PD, PT). */
	EXPECT_EQ(held + 8 + 3 * 4, read_long(PAGES_HELD));
	close(parent);
	EXPECT_STREQ("kept", get(child, 0x104000));
	ASSERT_EQ(0, put(grandchild, 0x104000, "mine"));
	close(child);
	EXPECT_STREQ("mine", get(grandchild, 0x104000));
	EXPECT_EQ(8, stats(grandchild).data_pages);
	close(grandchild);
	EXPECT_EQ(held, read_long(PAGES_HELD));
}

TEST(clone_past_the_budget_changes_nothing)
{
	unsigned long old = get_param("max_pages");
	struct ms_query_args before;
	struct ms_stats s;
	int fd, child;

	/* Root, PDPT, PD, PT and 6 frames: 10 pages of a budget of 10. */
	ASSERT_EQ(0, set_param("max_pages", 10));
	fd = open(DEV, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, map(fd, 0x100000, 6 * K, 0, RW, ALLOC, MS_MAP_POPULATE));
	before = query(fd, 0x100000);
	s = stats(fd);
	ASSERT_EQ(0, set_param("max_pages", 9));
	EXPECT_EQ(-ENOMEM, clone_fd(fd));
	EXPECT_TRUE(same_stats(s, stats(fd)));
	EXPECT_EQ(before.entry, query(fd, 0x100000).entry);
	EXPECT_EQ(RW, query(fd, 0x100000).prot);
	ASSERT_EQ(0, set_param("max_pages", 10));
	child = clone_fd(fd);
	ASSERT_EQ(0, set_param("max_pages", old));
	ASSERT_LE(0, child);
	/* Full: a copy on write replaces a frame, so it still fits. */
	ASSERT_EQ(0, put(child, 0x100000, "fits"));
	EXPECT_STREQ("fits", get(child, 0x100000));
	close(child);
	close(fd);
}

TEST(clone_past_the_area_limit_changes_nothing)
{
	unsigned long old = get_param("max_areas");
	int fd, child;

	fd = open(DEV, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, map(fd, 0x100000, K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, map(fd, 0x200000, K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, set_param("max_areas", 1));
	child = clone_fd(fd);
	ASSERT_EQ(0, set_param("max_areas", old));
	EXPECT_EQ(-ENOMEM, child);
	EXPECT_EQ(2, nr_areas(fd));
	close(fd);
}

TEST_F(space, clone_is_a_space_of_its_own)
{
	int child;

	ASSERT_EQ(0, map(self->fd, 0x100000, K, 0, RW, ALLOC, 0));
	child = clone_fd(self->fd);
	ASSERT_LE(0, child);
	ASSERT_EQ(0, map(child, 0x200000, K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, unmap(child, 0x100000, K));
	EXPECT_EQ(1, nr_areas(self->fd));
	EXPECT_EQ(0, query(self->fd, 0x200000).page_size);
	/* A clone of a clone, and CLEAR of the middle one. */
	EXPECT_LE(0, clone_fd(child));
	EXPECT_EQ(0, ioc(child, MS_IOC_CLEAR, NULL));
	EXPECT_EQ(0, nr_areas(child));
	close(child);
}

static int clone_as_nobody(void)
{
	int fd = open(DEV, O_RDWR), child;

	if (fd < 0)
		return 1;
	if (map(fd, 0x100000, K, 0, RW, ALLOC, MS_MAP_POPULATE))
		return 2;
	child = clone_fd(fd);
	if (child < 0)
		return 3;
	/* No frame address, in the parent or in the clone. */
	if (query(fd, 0x100000).paddr || query(child, 0x100000).paddr)
		return 4;
	if (put(child, 0x100000, "x") || query(child, 0x100000).paddr)
		return 5;
	close(fd);
	close(child);
	return 0;
}

TEST(clone_as_an_unprivileged_caller)
{
	EXPECT_EQ(0, as_nobody(clone_as_nobody));
}

TEST_HARNESS_MAIN
