// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_sigkill (from an attack by a reviewer): processes of uid 65534
 * that fork()ed from one another share one space's fd and each makes
 * clones of its own in every page-table format, with big WRITEs and READs
 * (buffers with a hole: EFAULT half-way), populated replaces, huge LINEAR
 * maps cut by unmaps, and CLONEs; they are SIGKILLed at random moments,
 * mid-call. Afterwards nothing may be left: pages_held 0, no warning in
 * the log.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "kselftest_harness.h"
#include "util.h"

#define NCHILD		4
#define BUFPAGES	512

static void rw(int fd, unsigned long cmd, __u64 va, void *buf, __u64 len)
{
	struct ms_rw_args a = { .vaddr = va, .buf = (uintptr_t)buf, .len = len };

	ioctl(fd, cmd, &a);
}

static void churn(int shared, unsigned int seed)
{
	char *buf = mmap(NULL, BUFPAGES * K, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fds[8] = { -1, -1, -1, -1, -1, -1, -1, -1 }, fd;

	memset(buf, 0x5a, BUFPAGES * K);
	/* A hole in the middle: copies stop there with EFAULT. */
	munmap(buf + BUFPAGES / 2 * K, K);
	for (;;) {
		int r = rand_r(&seed), slot = r % 8;
		struct ms_format_args f = { .format = (r >> 4) % MS_FORMAT_COUNT };

		fd = fds[slot] >= 0 && (r & 0x100) ? fds[slot] : shared;
		switch ((r >> 12) % 9) {
		case 0: /* a clone of our own, in place of an old one */
			if (fds[slot] >= 0)
				close(fds[slot]);
			fds[slot] = ioctl(fd, MS_IOC_CLONE);
			break;
		case 1:
			map(fd, 0, BUFPAGES * K, 0, RW, ALLOC, MS_MAP_REPLACE |
			    ((r & 0x200) ? MS_MAP_POPULATE : 0));
			break;
		case 2:
			rw(fd, MS_IOC_WRITE, 100, buf, BUFPAGES * K - 200);
			break;
		case 3:
			rw(fd, MS_IOC_READ, 5000, buf, BUFPAGES * K - 8000);
			break;
		case 4:
			map(fd, G, 4 * G, 0x7000000000ULL, RW, LINEAR,
			    MS_MAP_HUGE | MS_MAP_REPLACE);
			unmap(fd, G + 3 * M + (r & 0xff) * K, 5 * K);
			break;
		case 5: /* a fresh space in some format */
			if (fds[slot] >= 0)
				close(fds[slot]);
			fds[slot] = open(DEV, O_RDWR);
			ioctl(fds[slot], MS_IOC_SET_FORMAT, &f);
			break;
		case 6:
			protect(fd, 0, BUFPAGES * K / 2, R);
			protect(fd, 0, BUFPAGES * K, RW);
			break;
		case 7:
			unmap(fd, (r & 0xff) * K, 64 * K);
			break;
		case 8:
			ioctl(fd, MS_IOC_CLEAR);
			break;
		}
	}
}

static int nobody(void)
{
	int shared = open(DEV, O_RDWR), round, i;
	pid_t pids[NCHILD];
	struct timespec ts;

	if (shared < 0)
		return 1;
	for (round = 0; round < 30; round++) {
		for (i = 0; i < NCHILD; i++) {
			pids[i] = fork();
			if (pids[i] == 0)
				churn(shared, round * 16 + i);
		}
		for (i = 0; i < NCHILD; i++) {
			ts = (struct timespec){ .tv_nsec = (rand() % 200) * 1000000L };
			nanosleep(&ts, NULL);
			kill(pids[i], SIGKILL);
		}
		for (i = 0; i < NCHILD; i++)
			waitpid(pids[i], NULL, 0);
	}
	close(shared);
	return 0;
}

FIXTURE(kill) {};
FIXTURE_SETUP(kill) {}
FIXTURE_TEARDOWN(kill) {}

TEST_F_TIMEOUT(kill, sigkill_mid_call_leaves_nothing, 600)
{
	EXPECT_EQ(0, as_nobody(nobody));
	EXPECT_EQ(0, read_long(PAGES_HELD));
}

TEST_HARNESS_MAIN
