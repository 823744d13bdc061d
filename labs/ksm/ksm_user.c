// SPDX-License-Identifier: GPL-2.0
/*
 * Lab "ksm" (labs/ksm/README.md): MS_IOC_KSM from userspace. Built and run
 * by scripts/grade.sh in the UML kernel the lab's KUnit tests ran in.
 */
#include "kselftest_harness.h"
#include "space_fixture.h"

/* The ABI the lab adds, as labs/ksm/README.md gives it. */
#ifndef MS_IOC_KSM
struct ms_ksm_args {
	__u64 start;
	__u64 size;
	__u64 merged;
	__u32 flags;
	__u32 reserved;
};

#define MS_IOC_KSM	_IOWR(MS_IOC_MAGIC, 0x13, struct ms_ksm_args)
#endif

static int ksm(int fd, __u64 start, __u64 size, __u64 *merged)
{
	struct ms_ksm_args a = { .start = start, .size = size, .merged = ~0ULL };
	int err = ioc(fd, MS_IOC_KSM, &a);

	*merged = a.merged;
	return err;
}

TEST_F(space, ksm_merges_and_a_write_copies)
{
	char buf[8] = "";
	__u64 merged;
	long held;

	ASSERT_EQ(0, map(self->fd, 0x400000, 3 * K, 0, RW, ALLOC,
			 MS_MAP_POPULATE));
	ASSERT_EQ(0, copy_data(self->fd, MS_IOC_WRITE, 0x400000, "alike", 6));
	ASSERT_EQ(0, copy_data(self->fd, MS_IOC_WRITE, 0x401000, "apart", 6));
	ASSERT_EQ(0, copy_data(self->fd, MS_IOC_WRITE, 0x402000, "alike", 6));
	held = read_long(PAGES_HELD);
	ASSERT_EQ(0, ksm(self->fd, 0x400000, 3 * K, &merged));
	EXPECT_EQ(1, merged);
	EXPECT_EQ(held - 1, read_long(PAGES_HELD));
	EXPECT_EQ(R, query(self->fd, 0x402000).prot);
	EXPECT_EQ(RW, query(self->fd, 0x401000).prot);
	EXPECT_EQ(3, stats(self->fd).data_pages);
	ASSERT_EQ(0, copy_data(self->fd, MS_IOC_WRITE, 0x402000, "again", 6));
	ASSERT_EQ(0, copy_data(self->fd, MS_IOC_READ, 0x400000, buf, 6));
	EXPECT_STREQ("alike", buf);
	ASSERT_EQ(0, copy_data(self->fd, MS_IOC_READ, 0x402000, buf, 6));
	EXPECT_STREQ("again", buf);
	ASSERT_EQ(0, ksm(self->fd, 0, LIMIT, &merged));
	EXPECT_EQ(0, merged);
}

TEST_F(space, ksm_rejects_bad_arguments)
{
	struct ms_ksm_args a = { .start = 0x400000, .size = K };

	a.start = 0x400001;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_KSM, &a));
	a.start = 0x400000;
	a.size = 0;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_KSM, &a));
	a.size = K;
	a.flags = 1;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_KSM, &a));
	a.flags = 0;
	a.reserved = 1;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_KSM, &a));
	a.reserved = 0;
	a.start = LIMIT - K;
	a.size = 2 * K;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_KSM, &a));
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_KSM, (void *)16));
}

TEST(ksm_needs_a_file_open_for_writing)
{
	struct ms_ksm_args a = { .start = 0x400000, .size = K };
	int fd = open(DEV, O_RDONLY);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-EBADF, ioc(fd, MS_IOC_KSM, &a));
	close(fd);
}

TEST_HARNESS_MAIN
