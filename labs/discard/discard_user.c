// SPDX-License-Identifier: GPL-2.0
/*
 * Lab "discard" (labs/discard/README.md): MS_IOC_DISCARD from userspace.
 * Built and run by scripts/grade.sh in the UML kernel the lab's KUnit
 * tests ran in.
 */
#include "kselftest_harness.h"
#include "space_fixture.h"

/* The ABI the lab adds, as labs/discard/README.md gives it. */
#ifndef MS_IOC_DISCARD
#define MS_IOC_DISCARD	_IOW(MS_IOC_MAGIC, 0x12, struct ms_range_args)
#endif

static int discard(int fd, __u64 start, __u64 size)
{
	return range_op(fd, MS_IOC_DISCARD, start, size, 0);
}

TEST_F(space, discard_gives_frames_back)
{
	char buf[6] = "xxxxx";
	struct ms_area_info a;

	ASSERT_EQ(0, map(self->fd, 0x400000, 4 * K, 0, RW, ALLOC,
			 MS_MAP_POPULATE));
	ASSERT_EQ(0, copy_data(self->fd, MS_IOC_WRITE, 0x401000, "data", 5));
	EXPECT_EQ(4, stats(self->fd).data_pages);
	ASSERT_EQ(0, discard(self->fd, 0x401000, 2 * K));
	EXPECT_EQ(2, stats(self->fd).data_pages);
	ASSERT_EQ(1, list(self->fd, 0, &a, 1));
	EXPECT_EQ(4 * K, a.size);
	EXPECT_EQ(2 * K, a.resident_bytes);
	EXPECT_EQ(0, query(self->fd, 0x401000).page_size);
	ASSERT_EQ(0, copy_data(self->fd, MS_IOC_READ, 0x401000, buf, 5));
	EXPECT_EQ(0, memcmp(buf, "\0\0\0\0\0", 5));
	/* Holes, and a range past every area, are fine. */
	EXPECT_EQ(0, discard(self->fd, 0, LIMIT));
	EXPECT_EQ(0, stats(self->fd).data_pages);
}

TEST_F(space, discard_leaves_linear_and_clones)
{
	char buf[6] = "";
	int child;

	ASSERT_EQ(0, map(self->fd, 0x400000, 4 * K, 16 * M, RW, LINEAR, 0));
	ASSERT_EQ(0, map(self->fd, 0x800000, K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, copy_data(self->fd, MS_IOC_WRITE, 0x800000, "fork", 5));
	child = ioctl(self->fd, MS_IOC_CLONE, 0);
	ASSERT_LE(0, child);
	ASSERT_EQ(0, discard(self->fd, 0x400000, 1025 * K));
	EXPECT_EQ(K, query(self->fd, 0x401000).page_size);
	ASSERT_EQ(0, copy_data(child, MS_IOC_READ, 0x800000, buf, 5));
	EXPECT_STREQ("fork", buf);
	ASSERT_EQ(0, copy_data(self->fd, MS_IOC_READ, 0x800000, buf, 5));
	EXPECT_STREQ("", buf);
	close(child);
}

TEST_F(space, discard_rejects_bad_arguments)
{
	struct ms_range_args a = { .start = 0x400000, .size = K };

	EXPECT_EQ(-EINVAL, discard(self->fd, 0x400001, K));
	EXPECT_EQ(-EINVAL, discard(self->fd, 0x400000, 0));
	EXPECT_EQ(-EINVAL, discard(self->fd, 0x400000, 100));
	EXPECT_EQ(-EINVAL, discard(self->fd, LIMIT - K, 2 * K));
	EXPECT_EQ(-EINVAL, discard(self->fd, -K, 2 * K));
	EXPECT_EQ(-EINVAL, range_op(self->fd, MS_IOC_DISCARD, 0x400000, K, R));
	a.reserved = 1;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_DISCARD, &a));
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_DISCARD, (void *)16));
}

TEST(discard_needs_a_file_open_for_writing)
{
	int fd = open(DEV, O_RDONLY);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-EBADF, discard(fd, 0x400000, K));
	close(fd);
}

TEST_HARNESS_MAIN
