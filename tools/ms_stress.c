// SPDX-License-Identifier: GPL-2.0
/*
 * ms_stress: many threads, many fds, closes in the middle, insmod/rmmod
 * loops. After each test every address space is closed, so the module's
 * page count (debugfs pages_held) must be back to 0; the guest runner then
 * checks the kernel log for any WARNING, BUG or Oops.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/memory_set.h>

#include "kselftest_harness.h"

#define DEV	"/dev/memory_set"
#define DBG	"/sys/kernel/debug/memory_set/"
#define K	0x1000ULL
#define M	0x100000ULL
#define G	0x40000000ULL

static long debugfs_value(const char *name)
{
	char path[128], buf[32] = "";
	int fd;

	snprintf(path, sizeof(path), DBG "%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0)
		return -1;
	close(fd);
	return atol(buf);
}

/* One random operation on @fd; errors are expected and ignored. */
static void random_op(int fd, unsigned int *seed)
{
	uint64_t base = (rand_r(seed) % 4) * G, a = base + (rand_r(seed) % 1024) * K;
	uint64_t size = (1 + rand_r(seed) % 64) * K;
	struct ms_map_args m = { .start = a, .size = size,
				 .prot = MS_PROT_READ | (rand_r(seed) % 2 ? MS_PROT_WRITE : 0) };
	struct ms_range_args r = { .start = a, .size = size };
	struct ms_touch_args t = { .vaddr = a, .access = MS_PROT_WRITE };
	struct ms_query_args q = { .vaddr = a };
	struct ms_stats s;

	switch (rand_r(seed) % 8) {
	case 0:
		m.backend = MS_BACKEND_ALLOC;
		m.flags = (rand_r(seed) % 2 ? MS_MAP_POPULATE : 0) |
			  (rand_r(seed) % 2 ? MS_MAP_REPLACE : 0);
		ioctl(fd, MS_IOC_MAP, &m);
		break;
	case 1:
		/* LINEAR, often a whole 1 GiB huge leaf to cut later. */
		m.backend = MS_BACKEND_LINEAR;
		m.flags = MS_MAP_HUGE | MS_MAP_REPLACE;
		if (rand_r(seed) % 2) {
			m.start = base;
			m.size = G;
		}
		m.phys = m.start;
		ioctl(fd, MS_IOC_MAP, &m);
		break;
	case 2:
		ioctl(fd, MS_IOC_UNMAP, &r);
		break;
	case 3:
		r.prot = rand_r(seed) % 3 ? MS_PROT_READ : 0;
		ioctl(fd, MS_IOC_PROTECT, &r);
		break;
	case 4:
	case 5:
		ioctl(fd, MS_IOC_TOUCH, &t);
		break;
	case 6:
		ioctl(fd, MS_IOC_QUERY, &q);
		ioctl(fd, MS_IOC_STATS, &s);
		break;
	default:
		if (rand_r(seed) % 16 == 0)
			ioctl(fd, MS_IOC_CLEAR, 0);
	}
}

struct worker {
	int fd;			/* shared fd, or -1: open one's own */
	unsigned int seed;
	int ops;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	int fd = w->fd >= 0 ? w->fd : open(DEV, O_RDWR), i;

	for (i = 0; i < w->ops && fd >= 0; i++) {
		random_op(fd, &w->seed);
		/* Close with whatever is mapped, and start over. */
		if (w->fd < 0 && rand_r(&w->seed) % 500 == 0) {
			close(fd);
			fd = open(DEV, O_RDWR);
		}
	}
	if (w->fd < 0 && fd >= 0)
		close(fd);
	return NULL;
}

static void run_workers(struct __test_metadata *_metadata, int shared_fd,
			int nr, int ops)
{
	struct worker w[16];
	pthread_t t[16];
	int i;

	for (i = 0; i < nr; i++) {
		w[i] = (struct worker){ .fd = shared_fd, .seed = 1000 + i, .ops = ops };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, work, &w[i]));
	}
	for (i = 0; i < nr; i++)
		ASSERT_EQ(0, pthread_join(t[i], NULL));
}

TEST(threads_on_one_fd)
{
	int fd = open(DEV, O_RDWR);

	ASSERT_LE(0, fd);
	run_workers(_metadata, fd, 8, 3000);
	close(fd);
	EXPECT_EQ(0, debugfs_value("pages_held"));
	EXPECT_EQ(0, debugfs_value("spaces"));
}

TEST(many_fds_closed_mid_run)
{
	run_workers(_metadata, -1, 16, 1500);
	EXPECT_EQ(0, debugfs_value("pages_held"));
	EXPECT_EQ(0, debugfs_value("spaces"));
}

TEST(close_while_holding_huge_and_alloc)
{
	struct ms_map_args huge = { .start = G, .size = G, .phys = 4 * G,
				    .prot = MS_PROT_READ, .backend = MS_BACKEND_LINEAR,
				    .flags = MS_MAP_HUGE };
	struct ms_map_args alloc = { .start = 0x400000, .size = M,
				     .prot = MS_PROT_READ | MS_PROT_WRITE,
				     .backend = MS_BACKEND_ALLOC,
				     .flags = MS_MAP_POPULATE };
	struct ms_range_args cut = { .start = G + 3 * M + K, .size = K };
	int fd = open(DEV, O_RDWR);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, MS_IOC_MAP, &huge));
	ASSERT_EQ(0, ioctl(fd, MS_IOC_UNMAP, &cut));
	ASSERT_EQ(0, ioctl(fd, MS_IOC_MAP, &alloc));
	EXPECT_LT(256 + 3, debugfs_value("pages_held"));
	close(fd);
	EXPECT_EQ(0, debugfs_value("pages_held"));
}

/* Every fd of the earlier tests is closed: nothing holds the module. */
TEST(module_unreferenced_after_close)
{
	char buf[16] = "";
	int fd = open("/sys/module/memory_set/refcnt", O_RDONLY);

	ASSERT_LE(0, fd);
	ASSERT_LT(0, read(fd, buf, sizeof(buf) - 1));
	close(fd);
	EXPECT_EQ(0, atoi(buf));
}

TEST(insmod_rmmod_loop)
{
	int i, fd;

	for (i = 0; i < 10; i++) {
		ASSERT_EQ(0, system("rmmod memory_set"));
		ASSERT_NE(0, access(DEV, F_OK));
		ASSERT_EQ(0, system("insmod /memory_set.ko"));
		fd = open(DEV, O_RDWR);
		ASSERT_LE(0, fd);
		close(fd);
	}
	EXPECT_EQ(0, debugfs_value("pages_held"));
}

TEST_HARNESS_MAIN
