// SPDX-License-Identifier: GPL-2.0
/*
 * bench_targets: the figures of the performance targets, each printed
 * beside its target (see BENCHMARKS.md). Nothing passes or fails here.
 *
 *   pairs     20,000 map+unmap pairs of one page into the hole after a
 *             random 3-page area, against mmap(MAP_FIXED_NOREPLACE) +
 *             munmap between Linux VMAs that cannot merge; and ours at
 *             10^6 areas against ours at 10^4
 *   protect   protect of the middle page of an area (a split in three),
 *             against mprotect
 *   scaling   t(10^5) / t(10^3) of STATS, an aligned FIND_FREE that no gap
 *             satisfies, and LIST, CLEAR and close per area
 *   memory    slab bytes per area at 10^6 areas, beside Linux's VMAs
 *   touch     first touch of a lazy page against Linux's write fault, and
 *             its floors: a TOUCH of a present page plus a zeroed frame in
 *             bulk (MS_MAP_POPULATE per page), or plus the zeroing of a
 *             page alone (as clear_page() does); "bench touch" runs it alone
 *   spaces    1,000 spaces of 100 areas: open, fill, close
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/memory_set.h>

#include "bench_targets.h"
#include "bench_util.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE		4096ULL
#define SLOT		(4 * PAGE)	/* a 3-page area, then a 1-page hole */
#define BASE		0x10000000ULL
#define LINUX_BASE	0x200000000000ULL
#define PAIRS		20000
#define LX_FLAGS	(MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | \
			 MAP_FIXED_NOREPLACE)

static void ioc(int fd, unsigned long cmd, void *arg, const char *what)
{
	if (ioctl(fd, cmd, arg))
		die(what);
}

/* @n 3-page areas with 1-page holes from @base, a batch at a time. */
static void fill(int fd, unsigned long n, uint64_t base, uint32_t backend)
{
	static struct ms_batch_op ops[MS_BATCH_MAX];
	struct ms_batch_args b = { .ops = (uintptr_t)ops,
				   .flags = MS_BATCH_STOP_ON_ERROR };
	unsigned long i, k;

	for (i = 0; i < n; i += b.count) {
		b.count = n - i < MS_BATCH_MAX ? n - i : MS_BATCH_MAX;
		for (k = 0; k < b.count; k++)
			ops[k] = (struct ms_batch_op){ .op = MS_BATCH_MAP,
				.args = { .start = base + (i + k) * SLOT,
					  .size = 3 * PAGE, .prot = MS_PROT_READ,
					  .backend = backend } };
		for (k = 0; k < b.count && backend == MS_BACKEND_LINEAR; k++)
			ops[k].args.phys = ops[k].args.start;
		ioc(fd, MS_IOC_BATCH, &b, "fill");
		if (b.done != b.count || ops[b.count - 1].result)
			die("fill");
	}
}

/* A fixed pseudo-random walk over @n slots. */
static unsigned long slot_at(unsigned long i, unsigned long n)
{
	return (i * 2654435761UL + 12345) % n;
}

/* ns per map+unmap pair of @backend (LINEAR writes the page table). */
static double pairs_of(unsigned long n, uint32_t backend)
{
	struct ms_map_args m = { .size = PAGE, .backend = backend,
				 .prot = MS_PROT_READ | MS_PROT_WRITE };
	struct ms_range_args r = { .size = PAGE };
	int fd = open_space();
	unsigned long i;
	double t0;

	fill(fd, n, BASE, backend);
	t0 = now();
	for (i = 0; i < PAIRS; i++) {
		r.start = BASE + slot_at(i, n) * SLOT + 3 * PAGE;
		m.start = r.start;
		m.phys = backend == MS_BACKEND_LINEAR ? r.start : 0;
		ioc(fd, MS_IOC_MAP, &m, "map");
		ioc(fd, MS_IOC_UNMAP, &r, "unmap");
	}
	t0 = (now() - t0) / PAIRS;
	close(fd);
	return t0;
}

static double pairs_ours(unsigned long n)
{
	return pairs_of(n, MS_BACKEND_LINEAR);
}

static double pairs_lazy(unsigned long n)
{
	return pairs_of(n, MS_BACKEND_ALLOC);
}

/* ns per STATS at @n areas: the round trip of an ioctl, and no more. */
static double stats_call(unsigned long n)
{
	struct ms_stats st;
	int fd = open_space(), i;
	double t0;

	fill(fd, n, BASE, MS_BACKEND_ALLOC);
	t0 = now();
	for (i = 0; i < 2000; i++)
		ioc(fd, MS_IOC_STATS, &st, "stats");
	t0 = (now() - t0) / 2000;
	close(fd);
	return t0;
}

/* Linux VMAs of 3 pages with 1-page holes, alternately NONE and RW. */
static void linux_fill(unsigned long n)
{
	unsigned long i;
	char *p;

	for (i = 0; i < n; i++) {
		p = (char *)(LINUX_BASE + i * SLOT);
		if (mmap(p, 3 * PAGE, i % 2 ? PROT_READ | PROT_WRITE : PROT_NONE,
			 LX_FLAGS, -1, 0) != p)
			die("linux fill");
	}
}

/* ns per mmap+munmap pair: a PROT_READ page merges with neither side. */
static double pairs_linux(unsigned long n)
{
	unsigned long i;
	char *hole;
	double t0;

	linux_fill(n);
	t0 = now();
	for (i = 0; i < PAIRS; i++) {
		hole = (char *)(LINUX_BASE + slot_at(i, n) * SLOT + 3 * PAGE);
		if (mmap(hole, PAGE, PROT_READ, LX_FLAGS, -1, 0) != hole ||
		    munmap(hole, PAGE))
			die("linux pair");
	}
	t0 = (now() - t0) / PAIRS;
	munmap((void *)LINUX_BASE, n * SLOT);
	return t0;
}

/* ns per protect that splits an area in three (2,000 areas, once each). */
static double protect_ours(unsigned long n)
{
	struct ms_range_args r = { .size = PAGE,
				   .prot = MS_PROT_READ | MS_PROT_WRITE };
	int fd = open_space();
	unsigned long i;
	double t0;

	fill(fd, n, BASE, MS_BACKEND_LINEAR);
	t0 = now();
	for (i = 0; i < 2000; i++) {
		r.start = BASE + (i * n / 2000) * SLOT + PAGE;
		ioc(fd, MS_IOC_PROTECT, &r, "protect");
	}
	t0 = (now() - t0) / 2000;
	close(fd);
	return t0;
}

static double protect_linux(unsigned long n)
{
	unsigned long i;
	double t0;
	char *p;

	linux_fill(n);
	t0 = now();
	for (i = 0; i < 2000; i++) {
		p = (char *)(LINUX_BASE + (i * n / 2000) * SLOT + PAGE);
		if (mprotect(p, PAGE, PROT_READ))
			die("mprotect");
	}
	t0 = (now() - t0) / 2000;
	munmap((void *)LINUX_BASE, n * SLOT);
	return t0;
}

static double best3(double (*fn)(unsigned long), unsigned long n)
{
	double best = 0, t;
	int r;

	for (r = 0; r < 3; r++) {
		t = fn(n);
		if (!r || t < best)
			best = t;
	}
	return best;
}

static void bench_ratios(void)
{
	static const unsigned long counts[] = { 1000, 10000, 100000 };
	static const char *const pair_target[] = { "", "<= 0.35", "<= 0.40" };
	static const double pair_limit[] = { 0, 0.35, 0.40 };
	double ours, lx, at_10k = 0;
	char what[96];
	int i;

	for (i = 0; i < 3; i++) {
		ours = best3(pairs_ours, counts[i]);
		lx = best3(pairs_linux, counts[i]);
		snprintf(what, sizeof(what),
			 "map+unmap / Linux, %6lu areas (%5.0f / %5.0f ns)",
			 counts[i], ours, lx);
		row(what, ours / lx, pair_target[i], ours / lx <= pair_limit[i]);
		if (counts[i] == 10000)
			at_10k = ours;
	}
	ours = best3(pairs_ours, 1000000);
	snprintf(what, sizeof(what),
		 "map+unmap at 10^6 areas / at 10^4 (%5.0f / %5.0f ns)", ours,
		 at_10k);
	row(what, ours / at_10k, "<= 1.50", ours / at_10k <= 1.5);
	for (i = 0; i < 3; i++) {
		ours = best3(protect_ours, counts[i]);
		lx = best3(protect_linux, counts[i]);
		snprintf(what, sizeof(what),
			 "protect / mprotect, %6lu areas (%5.0f / %5.0f ns)",
			 counts[i], ours, lx);
		row(what, ours / lx, "<= 0.30", ours / lx <= 0.30);
	}
}

/* Per-call (or per-area) times of the calls whose cost must not grow. */
struct scaling {
	double stats, find, list, clear, close;
};

static double time_calls(int fd, unsigned long cmd, void *arg, int calls)
{
	double t0 = now();
	int i;

	for (i = 0; i < calls; i++)
		ioc(fd, cmd, arg, "scaling call");
	return (now() - t0) / calls;
}

/* LIST of every area, a page of 256 at a time: ns per area. */
static double time_list(int fd, unsigned long n)
{
	static struct ms_area_info info[256];
	struct ms_list_args l = { .areas = (uintptr_t)info, .capacity = 256 };
	unsigned long seen = 0;
	double t0;

	memset(info, 0, sizeof(info));	/* its page faults are not LIST's */
	t0 = now();

	do {
		ioc(fd, MS_IOC_LIST, &l, "list");
		seen += l.count;
		if (l.count)
			l.from = info[l.count - 1].start + info[l.count - 1].size;
	} while (l.count);
	if (seen != n)
		die("list count");
	return (now() - t0) / n;
}

static void measure_scaling(unsigned long n, struct scaling *s)
{
	/* 2-page holes, none 1 GiB-aligned: no gap holds the request. */
	struct ms_find_free_args f = { .size = 2 * PAGE, .align = 1ULL << 30,
				       .limit_start = BASE,
				       .limit_end = BASE + n * SLOT };
	struct ms_stats st;
	int fd = open_space();
	double t0;

	fill(fd, n, BASE, MS_BACKEND_ALLOC);
	s->stats = time_calls(fd, MS_IOC_STATS, &st, 200);
	if (!ioctl(fd, MS_IOC_FIND_FREE, &f))
		die("find_free found a fit");
	t0 = now();
	for (int i = 0; i < 200; i++)
		ioctl(fd, MS_IOC_FIND_FREE, &f);
	s->find = (now() - t0) / 200;
	s->list = time_list(fd, n);
	t0 = now();
	ioc(fd, MS_IOC_CLEAR, NULL, "clear");
	s->clear = (now() - t0) / n;
	fill(fd, n, BASE, MS_BACKEND_ALLOC);
	t0 = now();
	close(fd);
	s->close = (now() - t0) / n;
}

static void bench_scaling(void)
{
	struct scaling a, b;
	static const char *const names[] = {
		"STATS per call", "FIND_FREE (align 1 GiB, no fit)",
		"LIST per area", "CLEAR per area", "close per area",
	};
	double *pa = &a.stats, *pb = &b.stats;
	char what[96];
	int i;

	measure_scaling(1000, &a);
	measure_scaling(100000, &b);
	for (i = 0; i < 5; i++) {
		snprintf(what, sizeof(what), "%s: t(10^5)/t(10^3) (%.0f / %.0f ns)",
			 names[i], pb[i], pa[i]);
		row(what, pb[i] / pa[i], "<= 2.5", pb[i] / pa[i] <= 2.5);
	}
}

/* Slab memory in bytes, from /proc/meminfo. */
static long slab_bytes(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb * 1024;
}

static void bench_memory(void)
{
	const unsigned long n = 1000000;
	long before, ours, lx;
	char what[96];
	int fd;

	before = slab_bytes();
	fd = open_space();
	fill(fd, n, BASE, MS_BACKEND_ALLOC);
	ours = slab_bytes() - before;
	close(fd);
	before = slab_bytes();
	linux_fill(n);
	lx = slab_bytes() - before;
	munmap((void *)LINUX_BASE, n * SLOT);
	/* 82: an 80-byte node holding its backend as an ops pointer (0.6.0). */
	snprintf(what, sizeof(what), "slab bytes per area at 10^6 areas");
	row(what, (double)ours / n, "<= 82", ours <= 82L * n);
	snprintf(what, sizeof(what),
		 "  Linux: slab bytes per VMA (vm_area_struct + maple tree)");
	row(what, (double)lx / n, "", 0);
}

/* A write TOUCH of each page of a fresh ALLOC area, ns per page. */
static double touch_each(unsigned long pages, uint32_t map_flags)
{
	struct ms_map_args m = { .start = BASE, .size = pages * PAGE,
				 .prot = MS_PROT_READ | MS_PROT_WRITE,
				 .backend = MS_BACKEND_ALLOC, .flags = map_flags };
	struct ms_touch_args t = { .access = MS_PROT_WRITE };
	int fd = open_space();
	unsigned long i;
	double t0;

	ioc(fd, MS_IOC_MAP, &m, "map");
	t0 = now();
	for (i = 0; i < pages; i++) {
		t.vaddr = BASE + i * PAGE;
		ioc(fd, MS_IOC_TOUCH, &t, "touch");
	}
	t0 = (now() - t0) / pages;
	close(fd);
	return t0;
}

/* First touch of a lazy page: a fault gives it a frame. */
static double touch_ours(unsigned long pages)
{
	return touch_each(pages, 0);
}

/* A page already present: the fault path's floor. */
static double touch_present(unsigned long pages)
{
	return touch_each(pages, MS_MAP_POPULATE);
}

static double touch_linux(unsigned long pages)
{
	char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long i;
	double t0;

	if (p == MAP_FAILED)
		die("mmap");
	t0 = now();
	for (i = 0; i < pages; i++)
		p[i * PAGE] = 1;	/* p escapes to munmap(): kept */
	t0 = (now() - t0) / pages;
	munmap(p, pages * PAGE);
	return t0;
}

/* Zeroed frames in bulk: MS_MAP_POPULATE, ns per page. */
static double populate_ours(unsigned long pages)
{
	struct ms_map_args m = { .start = BASE, .size = pages * PAGE,
				 .prot = MS_PROT_READ | MS_PROT_WRITE,
				 .backend = MS_BACKEND_ALLOC,
				 .flags = MS_MAP_POPULATE };
	int fd = open_space();
	double t0;

	t0 = now();
	ioc(fd, MS_IOC_MAP, &m, "map");
	t0 = (now() - t0) / pages;
	close(fd);
	return t0;
}

/* The same in Linux: mmap(MAP_POPULATE), ns per page. */
static double populate_linux(unsigned long pages)
{
	double t0 = now();
	char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	t0 = (now() - t0) / pages;
	if (p == MAP_FAILED)
		die("mmap");
	munmap(p, pages * PAGE);
	return t0;
}

/* Whether /proc/cpuinfo lists @flag (" erms", " rep_good"). */
static int cpu_has(const char *flag)
{
	char line[4096];
	FILE *f = fopen("/proc/cpuinfo", "r");
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5))
			found = !!strstr(line, flag);
	if (f)
		fclose(f);
	return found;
}

/*
 * Zeroing one page with the instruction this kernel's clear_page() uses:
 * rep stosb with ERMS, else rep stosq with REP_GOOD, else memset().
 * ns per page; the part of any fault that no fault path can avoid.
 */
static double zero_pages(unsigned long pages)
{
	int erms = cpu_has(" erms"), rep = cpu_has(" rep_good");
	char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	unsigned long i;
	double t0;

	if (p == MAP_FAILED)
		die("mmap");
	t0 = now();
	for (i = 0; i < pages; i++) {
		void *d = p + i * PAGE;
		unsigned long n = erms ? PAGE : PAGE / 8;

#ifdef __x86_64__
		if (erms)
			asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(0)
				     : "memory");
		else if (rep)
			asm volatile("rep stosq" : "+D"(d), "+c"(n) : "a"(0UL)
				     : "memory");
		else
#endif
			memset(d, 0, PAGE);
	}
	t0 = (now() - t0) / pages;
	munmap(p, pages * PAGE);
	return t0;
}

/*
 * The first touch against Linux's fault, and the floors under it: a TOUCH
 * that finds its page (the ioctl round trip and a walk) plus a zeroed
 * frame got in bulk (a populate, per page), or plus the zeroing alone,
 * which no fault path can beat.
 */
static void bench_touch(void)
{
	double ours = best3(touch_ours, 4096), lx = best3(touch_linux, 4096);
	double floor = best3(touch_present, 4096);
	double bulk = best3(populate_ours, 4096);
	double lx_bulk = best3(populate_linux, 4096);
	double zero = best3(zero_pages, 4096);
	char what[96];

	snprintf(what, sizeof(what),
		 "first-touch write fault / Linux's (%5.0f / %5.0f ns)", ours,
		 lx);
	row(what, ours / lx, "", 0);
	snprintf(what, sizeof(what),
		 "  TOUCH of a present page / Linux's fault (%5.0f ns)", floor);
	row(what, floor / lx, "", 0);
	snprintf(what, sizeof(what),
		 "  + a frame from MS_MAP_POPULATE / Linux's (%5.0f ns)", bulk);
	row(what, (floor + bulk) / lx, "", 0);
	snprintf(what, sizeof(what),
		 "  + zeroing the page as clear_page() does / Linux's (%5.0f ns)",
		 zero);
	row(what, (floor + zero) / lx, "", 0);
	snprintf(what, sizeof(what),
		 "  Linux: MAP_POPULATE per page / its fault (%5.0f ns)",
		 lx_bulk);
	row(what, lx_bulk / lx, "", 0);
}

/**
 * bench_touch_only() - the first-touch figures alone ("bench touch")
 */
void bench_touch_only(void)
{
	bench_touch();
}

static long module_pages_held(void)
{
	char buf[32] = "";
	FILE *f = fopen("/sys/kernel/debug/memory_set/pages_held", "r");

	if (!f || !fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	if (f)
		fclose(f);
	return buf[0] ? atol(buf) : -1;
}

static void bench_spaces(void)
{
	static int fds[1000];
	char what[96];
	double t0;
	int i;

	t0 = now();
	for (i = 0; i < 1000; i++) {
		fds[i] = open_space();
		fill(fds[i], 100, BASE, MS_BACKEND_LINEAR);
	}
	for (i = 0; i < 1000; i++)
		close(fds[i]);
	t0 = (now() - t0) / 1000;
	snprintf(what, sizeof(what),
		 "1,000 spaces x 100 areas: us per space (open+fill+close)");
	row(what, t0 / 1000, "", 0);
	snprintf(what, sizeof(what), "  pages_held after closing them all");
	row(what, module_pages_held(), "== 0", module_pages_held() == 0);
}

/* Where the time of a pair goes, by subtraction (BENCHMARKS.md). */
/*
 * Where a pair's time goes, by subtraction, at 10^4 areas and at 10^6
 * (where the pair must cost at most 1.5x as much): the two ioctl round
 * trips (STATS), the core (a lazy ALLOC pair writes no page table), the
 * page table (a LINEAR pair writes one entry). A STATS call costs the
 * same at any size (the scaling figures): it is timed at 10^4.
 */
static void bench_breakdown(void)
{
	static const unsigned long counts[] = { 10000, 1000000 };
	static const char *const names[] = { "10^4", "10^6" };
	double ioctl = best3(stats_call, 10000), lazy, linear;
	char what[96];
	int i;

	for (i = 0; i < 2; i++) {
		lazy = best3(pairs_lazy, counts[i]);
		linear = best3(pairs_ours, counts[i]);
		snprintf(what, sizeof(what),
			 "profile at %s: 2 ioctl round trips (ns)", names[i]);
		row(what, 2 * ioctl, "", 0);
		snprintf(what, sizeof(what),
			 "  + the core: ALLOC pair, no page table (ns)");
		row(what, lazy - 2 * ioctl, "", 0);
		snprintf(what, sizeof(what),
			 "  + the page table: LINEAR pair (ns)");
		row(what, linear - lazy, "", 0);
	}
}

/**
 * bench_targets() - print every figure of the targets beside its target
 */
void bench_targets(void)
{
	row_header();
	bench_ratios();
	bench_breakdown();
	bench_scaling();
	bench_memory();
	bench_touch();
	bench_spaces();
	printf("\n");
}

/**
 * bench_profile() - a few pairs and first touches with tracing on
 *
 * 10,000 areas are mapped first with tracing off; then tracing_on is set
 * for 20 map+unmap pairs and 20 first touches, for function_graph.
 */
void bench_profile(void)
{
	struct ms_map_args m = { .size = PAGE, .backend = MS_BACKEND_LINEAR,
				 .prot = MS_PROT_READ | MS_PROT_WRITE };
	struct ms_touch_args t = { .access = MS_PROT_WRITE };
	struct ms_range_args r = { .size = PAGE };
	struct ms_map_args lazy = { .start = 1ULL << 40, .size = 64 * PAGE,
				    .prot = MS_PROT_READ | MS_PROT_WRITE,
				    .backend = MS_BACKEND_ALLOC };
	int fd = open_space(), i;
	FILE *on;

	fill(fd, 10000, BASE, MS_BACKEND_LINEAR);
	ioc(fd, MS_IOC_MAP, &lazy, "map lazy");
	on = fopen("/sys/kernel/tracing/tracing_on", "w");
	if (!on)
		die("tracing_on");
	fputs("1\n", on);
	fflush(on);
	for (i = 0; i < 20; i++) {
		r.start = BASE + slot_at(i, 10000) * SLOT + 3 * PAGE;
		m.start = r.start;
		m.phys = r.start;
		ioc(fd, MS_IOC_MAP, &m, "map");
		ioc(fd, MS_IOC_UNMAP, &r, "unmap");
		t.vaddr = lazy.start + i * PAGE;
		ioc(fd, MS_IOC_TOUCH, &t, "touch");
	}
	fputs("0\n", on);
	fclose(on);
	close(fd);
}
