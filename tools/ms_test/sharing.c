// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_sharing: spaces are isolated; threads share one; unprivileged
 * callers get what the device grants them.
 *
 * Part of the ioctl tests of /dev/memory_set (tools/ms_test/), run as
 * root inside a QEMU guest after insmod, and in the UML debug kernel where
 * the module is built in (KASAN, lockdep). Built on the kernel's kselftest
 * harness. Every rejected call is checked for its errno and for leaving
 * STATS (and where it matters LIST) unchanged.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "space_fixture.h"

TEST_F(space, address_spaces_are_isolated)
{
	int other = open(DEV, O_RDWR);

	ASSERT_LE(0, other);
	ASSERT_EQ(0, map(self->fd, 0x10000, K, 0x111000, R, LINEAR, 0));
	ASSERT_EQ(0, map(other, 0x10000, K, 0x222000, R, LINEAR, 0));
	EXPECT_EQ(0x111000, query(self->fd, 0x10000).paddr);
	EXPECT_EQ(0x222000, query(other, 0x10000).paddr);
	ASSERT_EQ(0, unmap(other, 0x10000, K));
	EXPECT_EQ(1, nr_areas(self->fd));
	EXPECT_EQ(0, nr_areas(other));
	close(other);
	EXPECT_EQ(0x111000, query(self->fd, 0x10000).paddr);
}

/* Threads hammering one fd: the lock keeps every operation whole. */
static void *hammer(void *arg)
{
	int fd = *(int *)arg, i;
	__u64 base = (rand() % 8) * 0x100000;
	unsigned int seed = (unsigned int)(uintptr_t)&fd;

	for (i = 0; i < 2000; i++) {
		__u64 a = base + (rand_r(&seed) % 64) * K;

		switch (rand_r(&seed) % 5) {
		case 0:
			map(fd, a, (1 + rand_r(&seed) % 8) * K, 0, RW, ALLOC,
			    rand_r(&seed) % 2 ? MS_MAP_REPLACE : 0);
			break;
		case 1:
			unmap(fd, a, (1 + rand_r(&seed) % 8) * K);
			break;
		case 2:
			protect(fd, a, (1 + rand_r(&seed) % 8) * K,
				rand_r(&seed) % 2 ? R : RW);
			break;
		case 3:
			touch(fd, a, MS_PROT_WRITE);
			break;
		default:
			stats(fd);
		}
	}
	return NULL;
}

TEST_F(space, threads_hammer_one_fd)
{
	struct ms_area_info info[64];
	pthread_t t[8];
	unsigned int i, n;
	__u64 from = 0, end = 0, resident = 0;

	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, hammer, &self->fd));
	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, pthread_join(t[i], NULL));
	/* Areas are sorted and disjoint; resident pages match data pages. */
	do {
		n = list(self->fd, from, info, 64);
		for (i = 0; i < n; i++) {
			EXPECT_LE(end, info[i].start);
			end = info[i].start + info[i].size;
			resident += info[i].resident_bytes;
		}
		from = end;
	} while (n == 64);
	EXPECT_EQ(resident / K, stats(self->fd).data_pages);
	ASSERT_EQ(0, ioctl(self->fd, MS_IOC_CLEAR, 0));
	EXPECT_TRUE(same_stats((struct ms_stats){ 0, 0, 1, 0 }, stats(self->fd)));
}

TEST(many_fds_at_once)
{
	int fds[64], i;

	for (i = 0; i < 64; i++) {
		fds[i] = open(DEV, O_RDWR);
		ASSERT_LE(0, fds[i]);
		ASSERT_EQ(0, map(fds[i], i * M, (i + 1) * K, 0, RW, ALLOC,
				 MS_MAP_POPULATE));
	}
	for (i = 0; i < 64; i++) {
		EXPECT_EQ((unsigned int)i + 1, stats(fds[i]).data_pages);
		close(fds[i]);
	}
}

TEST(unprivileged_callers)
{
	struct stat st;
	pid_t pid;
	int status;

	ASSERT_EQ(0, stat(DEV, &st));
	EXPECT_EQ(0600, st.st_mode & 0777);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(10);
		/* Root-only by default. */
		if (open(DEV, O_RDWR) >= 0 || errno != EACCES)
			_exit(11);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* Widened by an admin: usable, but frames' addresses stay hidden. */
	ASSERT_EQ(0, chmod(DEV, 0666));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct ms_area_info info;
		struct ms_query_args q;
		int fd;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		fd = open(DEV, O_RDWR);
		if (fd < 0)
			_exit(11);
		if (map(fd, 0x10000, K, 0, RW, ALLOC, MS_MAP_POPULATE))
			_exit(12);
		q = query(fd, 0x10000);
		if (q.paddr || (q.entry & 0x000ffffffffff000ULL) || !q.page_size)
			_exit(13);
		if (list(fd, 0, &info, 1) != 1 || info.phys)
			_exit(14);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(0, chmod(DEV, 0600));
}

TEST(root_sees_frame_addresses)
{
	int fd = open(DEV, O_RDWR);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, map(fd, 0x10000, K, 0, RW, ALLOC, MS_MAP_POPULATE));
	EXPECT_NE(0, query(fd, 0x10000).paddr);
	close(fd);
}

TEST_HARNESS_MAIN
