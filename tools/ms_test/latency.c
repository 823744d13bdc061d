// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_latency: a long call yields the CPU. Spaces made of huge leaves
 * only (no last-level table at all), as large as each format allows within
 * the default limits, are mapped, cloned, protected, unmapped, cleared and
 * closed while a probe thread pinned to the caller's CPU counts how long
 * it is kept off it. Guest kernels are not preemptible in the kernel
 * (PREEMPT_VOLUNTARY): only the module's cond_resched() lets the probe
 * run. The longest wait of each call is printed, and must stay far under
 * the soft-lockup watchdog's 20 s.
 *
 * Part of the ioctl tests of /dev/memory_set (tools/ms_test/), run as
 * root inside a QEMU guest after insmod, and in the UML debug kernel.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#include "kselftest_harness.h"
#include "util.h"

/* The longest wait allowed: a few scheduler ticks, with TCG's slack. */
#define MAX_WAIT_NS	250000000LL

static atomic_llong max_gap;
static atomic_int stop;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int pin_to_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* Spin, recording the longest time between two looks at the clock. */
static void *probe(void *unused)
{
	long long last, t, gap;

	if (pin_to_cpu0())
		return NULL;
	last = now_ns();
	while (!atomic_load(&stop)) {
		t = now_ns();
		gap = t - last;
		if (gap > atomic_load(&max_gap))
			atomic_store(&max_gap, gap);
		last = t;
	}
	return NULL;
}

FIXTURE(huge) {
	pthread_t probe;
	int fd;
	__u64 limit;
};

/*
 * One variant per format: @areas LINEAR HUGE areas of @size bytes from
 * address @size, mapped to physical 0.
 */
FIXTURE_VARIANT(huge) {
	__u32 format;
	unsigned int areas;
	__u64 size;
};

FIXTURE_VARIANT_ADD(huge, x86_64_4l) {
	.format = MS_FORMAT_X86_64_4L, .areas = 1, .size = 1ULL << 46,
};

/* 2^22 leaves of 1 GiB per area, 8,209 tables each. */
FIXTURE_VARIANT_ADD(huge, x86_64_5l) {
	.format = MS_FORMAT_X86_64_5L, .areas = 2, .size = 1ULL << 52,
};

FIXTURE_VARIANT_ADD(huge, x86_ept) {
	.format = MS_FORMAT_X86_EPT, .areas = 1, .size = 1ULL << 47,
};

FIXTURE_VARIANT_ADD(huge, riscv_sv39) {
	.format = MS_FORMAT_RISCV_SV39, .areas = 1, .size = 1ULL << 37,
};

FIXTURE_VARIANT_ADD(huge, riscv_sv48) {
	.format = MS_FORMAT_RISCV_SV48, .areas = 1, .size = 1ULL << 46,
};

FIXTURE_VARIANT_ADD(huge, riscv_sv57) {
	.format = MS_FORMAT_RISCV_SV57, .areas = 2, .size = 1ULL << 52,
};

FIXTURE_VARIANT_ADD(huge, arm64_4k) {
	.format = MS_FORMAT_ARM64_4K, .areas = 1, .size = 1ULL << 47,
};

FIXTURE_SETUP(huge)
{
	struct ms_format_args f = { .format = variant->format };

	ASSERT_EQ(0, pin_to_cpu0());
	atomic_store(&stop, 0);
	ASSERT_EQ(0, pthread_create(&self->probe, NULL, probe, NULL));
	self->fd = open(DEV, O_RDWR);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, ioc(self->fd, MS_IOC_SET_FORMAT, &f));
	self->limit = f.addr_limit;
}

FIXTURE_TEARDOWN(huge)
{
	atomic_store(&stop, 1);
	pthread_join(self->probe, NULL);
	if (self->fd >= 0)
		close(self->fd);
}

/* Run @call; return how long the probe waited at most meanwhile, in ms. */
#define WAITED_MS(call, ret)                                   \
	({                                                     \
		sched_yield();                                 \
		atomic_store(&max_gap, 0);                     \
		(ret) = (call);                                \
		atomic_load(&max_gap) / 1000000.0;             \
	})

/* Map every area of the variant; return the longest wait of one MAP. */
static double map_all(struct __test_metadata *_metadata, int fd,
		      const FIXTURE_VARIANT(huge) * variant)
{
	double waited = 0, w;
	unsigned int a;
	int ret;

	for (a = 0; a < variant->areas; a++) {
		w = WAITED_MS(map(fd, variant->size * (1 + a), variant->size, 0,
				  RW, LINEAR, MS_MAP_HUGE),
			      ret);
		EXPECT_EQ(0, ret);
		if (w > waited)
			waited = w;
	}
	return waited;
}

/* The probe takes half the CPU: give the 5-level spaces the time. */
TEST_F_TIMEOUT(huge, long_calls_let_a_pinned_thread_run, 300)
{
	static const char * const names[] = { "MAP", "CLONE", "PROTECT", "close (clone)",
				"UNMAP", "CLEAR", "close" };
	double waited[7], worst = 0;
	__u64 base = variant->size, end;
	unsigned int i;
	int ret, clone_fd;

	end = base + variant->areas * variant->size;
	ASSERT_GE(self->limit, end);
	waited[0] = map_all(_metadata, self->fd, variant);
	waited[1] = WAITED_MS(ioctl(self->fd, MS_IOC_CLONE), clone_fd);
	ASSERT_LE(0, clone_fd);
	waited[2] = WAITED_MS(protect(self->fd, base, end - base, R), ret);
	ASSERT_EQ(0, ret);
	waited[3] = WAITED_MS(close(clone_fd), ret);
	waited[4] = WAITED_MS(unmap(self->fd, base, end - base), ret);
	ASSERT_EQ(0, ret);
	map_all(_metadata, self->fd, variant);
	waited[5] = WAITED_MS(ioc(self->fd, MS_IOC_CLEAR, NULL), ret);
	ASSERT_EQ(0, ret);
	map_all(_metadata, self->fd, variant);
	waited[6] = WAITED_MS(close(self->fd), ret);
	self->fd = -1;
	for (i = 0; i < 7; i++) {
		ksft_print_msg("format %u, %u x %#llx bytes: %s: the probe waited %.1f ms\n",
			       variant->format, variant->areas,
			       (unsigned long long)variant->size, names[i],
			       waited[i]);
		if (waited[i] > worst)
			worst = waited[i];
	}
	EXPECT_GT(MAX_WAIT_NS / 1e6, worst);
}

TEST_HARNESS_MAIN
