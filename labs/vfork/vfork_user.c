// SPDX-License-Identifier: GPL-2.0
/*
 * Lab "vfork" (labs/vfork/README.md): MS_IOC_CLONE_VM from userspace.
 * Built and run by scripts/grade.sh in the UML kernel the lab's KUnit
 * tests ran in.
 */
#include "kselftest_harness.h"
#include "space_fixture.h"

/* The ABI the lab adds, as labs/vfork/README.md gives it. */
#ifndef MS_IOC_CLONE_VM
#define MS_IOC_CLONE_VM	_IO(MS_IOC_MAGIC, 0x11)
#endif

static int clone_vm(int fd)
{
	int child = ioctl(fd, MS_IOC_CLONE_VM);

	return child < 0 ? -errno : child;
}

/* Either file changes the one space, and sees what the other did. */
TEST_F(space, clone_vm_shares_every_change)
{
	char buf[8] = "";
	int child;

	ASSERT_EQ(0, map(self->fd, 0x400000, 4 * K, 0, RW, ALLOC, 0));
	child = clone_vm(self->fd);
	ASSERT_LE(0, child);
	EXPECT_EQ(1, nr_areas(child));
	ASSERT_EQ(0, map(child, 0x800000, K, 0, RW, ALLOC, 0));
	EXPECT_EQ(2, nr_areas(self->fd));
	ASSERT_EQ(0, copy_data(self->fd, MS_IOC_WRITE, 0x800010, "vfork", 6));
	ASSERT_EQ(0, copy_data(child, MS_IOC_READ, 0x800010, buf, 6));
	EXPECT_STREQ("vfork", buf);
	ASSERT_EQ(0, unmap(child, 0x400000, 4 * K));
	EXPECT_EQ(1, nr_areas(self->fd));
	EXPECT_TRUE(same_stats(stats(self->fd), stats(child)));
	close(child);
}

/* The space lives until the last file closes; then every page goes. */
TEST(clone_vm_outlives_its_parent)
{
	long before = read_long(PAGES_HELD);
	char buf[8] = "";
	int fd, child;

	ASSERT_LE(0, before);
	fd = open(DEV, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, map(fd, 0x400000, 4 * K, 0, RW, ALLOC, MS_MAP_POPULATE));
	ASSERT_EQ(0, copy_data(fd, MS_IOC_WRITE, 0x401000, "kept", 5));
	child = clone_vm(fd);
	ASSERT_LE(0, child);
	close(fd);
	ASSERT_EQ(0, copy_data(child, MS_IOC_READ, 0x401000, buf, 5));
	EXPECT_STREQ("kept", buf);
	EXPECT_EQ(4, stats(child).data_pages);
	EXPECT_LT(before, read_long(PAGES_HELD));
	close(child);
	EXPECT_EQ(before, read_long(PAGES_HELD));
}

/* CLONE copies (later changes are not shared); CLONE_VM shares. */
TEST_F(space, clone_vm_is_not_clone)
{
	int copy, shared;

	ASSERT_EQ(0, map(self->fd, 0x400000, 4 * K, 0, RW, ALLOC, 0));
	copy = ioctl(self->fd, MS_IOC_CLONE, 0);
	ASSERT_LE(0, copy);
	shared = clone_vm(self->fd);
	ASSERT_LE(0, shared);
	ASSERT_EQ(0, map(self->fd, 0x800000, K, 0, RW, ALLOC, 0));
	EXPECT_EQ(1, nr_areas(copy));
	EXPECT_EQ(2, nr_areas(shared));
	/* A copy of the shared space, through the other file. */
	close(copy);
	copy = ioctl(shared, MS_IOC_CLONE, 0);
	ASSERT_LE(0, copy);
	EXPECT_EQ(2, nr_areas(copy));
	close(copy);
	close(shared);
}

/* Opened for what the parent is, close-on-exec; needs write access. */
TEST(clone_vm_file_modes)
{
	int fd = open(DEV, O_RDWR), child, ro;

	ASSERT_LE(0, fd);
	child = clone_vm(fd);
	ASSERT_LE(0, child);
	EXPECT_EQ(O_RDWR, fcntl(child, F_GETFL) & O_ACCMODE);
	EXPECT_EQ(FD_CLOEXEC, fcntl(child, F_GETFD) & FD_CLOEXEC);
	close(child);
	ro = open(DEV, O_RDONLY);
	ASSERT_LE(0, ro);
	EXPECT_EQ(-EBADF, clone_vm(ro));
	close(ro);
	close(fd);
}

TEST_HARNESS_MAIN
