// SPDX-License-Identifier: GPL-2.0
/*
 * ms_stress: many threads, many fds, closes in the middle, insmod/rmmod
 * loops. After each test every address space is closed, so the module's
 * page count (debugfs pages_held) must be back to 0; the guest runner then
 * checks the kernel log for any WARNING, BUG or Oops.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/klog.h>
#include <sys/resource.h>
#include <time.h>

#include "kselftest_harness.h"
#include "ms_test/util.h"

#define DBG	"/sys/kernel/debug/memory_set/"

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

/* Whether the kernel log holds @needle (-1 if it cannot be read). */
static int kernel_log_contains(const char *needle)
{
	static char buf[1 << 21];
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, sizeof(buf) - 1);

	if (n < 0)
		return -1;
	buf[n] = '\0';
	return !!strstr(buf, needle);
}

/* Map @n one-page lazy ALLOC areas, a page apart, a batch at a time. */
static int fill_areas(int fd, unsigned long n)
{
	static struct ms_batch_op ops[MS_BATCH_MAX];
	struct ms_batch_args b = { .ops = (uintptr_t)ops,
				   .flags = MS_BATCH_STOP_ON_ERROR };
	unsigned long i, k;

	for (i = 0; i < n; i += b.count) {
		b.count = n - i < MS_BATCH_MAX ? n - i : MS_BATCH_MAX;
		for (k = 0; k < b.count; k++)
			ops[k] = (struct ms_batch_op){ .op = MS_BATCH_MAP,
				.args = { .start = (i + k) * 2 * K, .size = K,
					  .prot = RW, .backend = ALLOC } };
		if (ioctl(fd, MS_IOC_BATCH, &b) || b.done != b.count ||
		    ops[b.count - 1].result)
			return -1;
	}
	return 0;
}

/*
 * Tearing down 10^6 areas is one long loop in the kernel. Pinned to one
 * CPU beside a thread that never sleeps, the caller is preempted only
 * where the loop yields (cond_resched(): Debian runs voluntary preemption),
 * so a loop that forgets to yield shows as (almost) no preemption at all.
 */
struct teardown {
	atomic_int stop;
	long preempted;		/* non-voluntary switches of the caller */
	double seconds;
};

static void pin_to_cpu0(pthread_t thread)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	pthread_setaffinity_np(thread, sizeof(set), &set);
}

static void *spin(void *arg)
{
	struct teardown *t = arg;

	pin_to_cpu0(pthread_self());
	while (!atomic_load(&t->stop))
		;
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long preemptions(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return ru.ru_nivcsw;
}

/* Run one teardown (an ioctl, or close with @cmd 0) beside a spinner. */
static int run_teardown(int fd, unsigned long cmd, void *arg,
			struct teardown *t)
{
	pthread_t spinner;
	long before;
	double start;
	int err;

	atomic_store(&t->stop, 0);
	pin_to_cpu0(pthread_self());
	if (pthread_create(&spinner, NULL, spin, t))
		return -1;
	usleep(10000);
	before = preemptions();
	start = now();
	err = cmd ? ioc(fd, cmd, arg) : close(fd);
	t->seconds = now() - start;
	t->preempted = preemptions() - before;
	atomic_store(&t->stop, 1);
	pthread_join(spinner, NULL);
	return err;
}

/* Tests that take minutes under TCG on a busy host: a longer timeout. */
FIXTURE(slow) {
	int unused;
};

FIXTURE_SETUP(slow)
{
}

FIXTURE_TEARDOWN(slow)
{
}

/*
 * 10^6 areas torn down by CLEAR, by one UNMAP, by one BATCH op and by
 * close(): each walks all of them in one call and must yield the CPU on
 * the way; the soft-lockup watchdog, set to its shortest (2 s), must stay
 * quiet. Four fills of 10^6 areas take 20-40 s under TCG (PREEMPT_RT the
 * slowest), more on a loaded host: 300 s, not the harness's 30.
 */
TEST_F_TIMEOUT(slow, million_areas_torn_down_yielding, 300)
{
	const unsigned long n = 1000000;
	struct ms_batch_op op = { .op = MS_BATCH_UNMAP,
				  .args = { .size = 2 * n * K } };
	struct ms_batch_args b = { .ops = (uintptr_t)&op, .count = 1 };
	struct ms_range_args all = { .size = 2 * n * K };
	static const char *const how[] = { "CLEAR", "UNMAP", "BATCH", "close" };
	const unsigned long cmd[] = { MS_IOC_CLEAR, MS_IOC_UNMAP, MS_IOC_BATCH, 0 };
	void *const args[] = { NULL, &all, &b, NULL };
	unsigned long saved = get_param("max_areas");
	struct teardown t;
	int fd, i;

	ASSERT_EQ(0, write_file("/proc/sys/kernel/watchdog_thresh", "1"));
	ASSERT_EQ(0, set_param("max_areas", n));
	fd = open(DEV, O_RDWR);
	ASSERT_LE(0, fd);
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, fill_areas(fd, n));
		ASSERT_EQ(n, nr_areas(fd));
		EXPECT_EQ(-ENOMEM, map(fd, 2 * n * K, K, 0, RW, ALLOC, 0));
		EXPECT_EQ(0, run_teardown(fd, cmd[i], args[i], &t));
		TH_LOG("%s of %lu areas: %.3f s, preempted %ld times", how[i],
		       n, t.seconds, t.preempted);
		EXPECT_LE(10, t.preempted);
		if (cmd[i])
			EXPECT_EQ(0, nr_areas(fd));
	}
	EXPECT_EQ(0, op.result);
	EXPECT_EQ(0, debugfs_value("spaces"));
	ASSERT_EQ(0, set_param("max_areas", saved));
	ASSERT_EQ(0, write_file("/proc/sys/kernel/watchdog_thresh", "10"));
	EXPECT_EQ(0, kernel_log_contains("soft lockup"));
	EXPECT_EQ(0, kernel_log_contains("self-detected stall"));
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
