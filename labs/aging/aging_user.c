// SPDX-License-Identifier: GPL-2.0
/*
 * Lab "aging" (labs/aging/README.md): MS_IOC_AGE from userspace. Built and
 * run by scripts/grade.sh in the UML kernel the lab's KUnit tests ran in.
 */
#include "kselftest_harness.h"
#include "space_fixture.h"

/* The ABI the lab adds, as labs/aging/README.md gives it. */
#ifndef MS_IOC_AGE
struct ms_age_args {
	__u64 start;
	__u64 size;
	__u64 young;
	__u32 flags;
	__u32 reserved;
};

#define MS_IOC_AGE	_IOWR(MS_IOC_MAGIC, 0x10, struct ms_age_args)
#endif

#define X86_ACCESSED	BIT_ULL(5)

static int age(int fd, __u64 start, __u64 size, __u64 *young)
{
	struct ms_age_args a = { .start = start, .size = size, .young = ~0ULL };
	int err = ioc(fd, MS_IOC_AGE, &a);

	*young = a.young;
	return err;
}

TEST_F(space, age_counts_touched_pages)
{
	__u64 young;

	ASSERT_EQ(0, map(self->fd, 0x400000, 64 * K, 0, RW, ALLOC, 0));
	ASSERT_EQ(MS_TOUCH_OK, touch(self->fd, 0x400000, MS_PROT_READ));
	ASSERT_EQ(MS_TOUCH_OK, touch(self->fd, 0x403000, MS_PROT_WRITE));
	ASSERT_EQ(MS_TOUCH_OK, touch(self->fd, 0x40f000, MS_PROT_READ));
	ASSERT_NE(0, query(self->fd, 0x403000).entry & X86_ACCESSED);
	ASSERT_EQ(0, age(self->fd, 0x400000, 64 * K, &young));
	EXPECT_EQ(3, young);
	EXPECT_EQ(0, query(self->fd, 0x403000).entry & X86_ACCESSED);
	ASSERT_EQ(0, age(self->fd, 0x400000, 64 * K, &young));
	EXPECT_EQ(0, young);
	/* A hole, and a range past every area. */
	ASSERT_EQ(0, age(self->fd, G, 4 * G, &young));
	EXPECT_EQ(0, young);
}

TEST_F(space, age_changes_nothing_else)
{
	struct ms_stats before, after;
	__u64 young;

	ASSERT_EQ(0, map(self->fd, 0x400000, 64 * K, 0, RW, ALLOC, 0));
	ASSERT_EQ(MS_TOUCH_OK, touch(self->fd, 0x401000, MS_PROT_WRITE));
	before = stats(self->fd);
	ASSERT_EQ(0, age(self->fd, 0, LIMIT, &young));
	EXPECT_EQ(1, young);
	after = stats(self->fd);
	EXPECT_TRUE(same_stats(before, after));
	EXPECT_EQ(K, query(self->fd, 0x401000).page_size);
	EXPECT_EQ(RW, query(self->fd, 0x401000).prot);
}

TEST_F(space, age_rejects_bad_arguments)
{
	struct ms_age_args a = { .start = 0x400000, .size = 4 * K };

	ASSERT_EQ(0, map(self->fd, 0x400000, 64 * K, 0, RW, ALLOC, 0));
	a.start = 0x400001;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_AGE, &a));
	a.start = 0x400000;
	a.size = 0;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_AGE, &a));
	a.size = 100;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_AGE, &a));
	a.size = 4 * K;
	a.flags = 1;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_AGE, &a));
	a.flags = 0;
	a.reserved = 1;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_AGE, &a));
	a.reserved = 0;
	a.start = LIMIT - 4 * K;
	a.size = 8 * K;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_AGE, &a));
	a.start = -4096ULL;
	a.size = 8 * K;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_AGE, &a));
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_AGE, (void *)16));
}

TEST(age_needs_a_file_open_for_writing)
{
	struct ms_age_args a = { .start = 0x400000, .size = 4 * K };
	int fd = open(DEV, O_RDONLY);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-EBADF, ioc(fd, MS_IOC_AGE, &a));
	close(fd);
}

TEST_HARNESS_MAIN
