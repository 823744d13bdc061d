// SPDX-License-Identifier: GPL-2.0
/*
 * bench: memory_set against Linux's own mm, in the same guest and process.
 *
 * For 10^2 .. 10^5 areas (VMAs) present, the mean cost of one map, unmap,
 * protect-with-split and find_free, through the ioctl, through MS_IOC_BATCH
 * and, for Linux, through mmap(MAP_FIXED_NOREPLACE) / munmap / mprotect;
 * then the page-table throughput of a 1 GiB LINEAR map with 4 KiB and with
 * huge leaves against a memset of as many entry bytes. Prints figures only:
 * nothing here passes or fails.
 */
#define _GNU_SOURCE
#include <errno.h>
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

#include "bench_data.h"
#include "bench_targets.h"
#include "ucore/bench_core.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE		4096ULL
#define SLOT		(4 * PAGE)	/* a 3-page area, then a 1-page hole */
#define OURS_BASE	0x10000000ULL
#define LINUX_BASE	0x200000000000ULL
#define BATCH		64

struct cell {
	double map, unmap, protect, find;
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int ms_map(int fd, uint64_t start, uint64_t size, uint32_t prot,
		  uint32_t flags)
{
	struct ms_map_args a = { .start = start, .size = size, .phys = start,
				 .prot = prot, .backend = MS_BACKEND_LINEAR,
				 .flags = flags };

	return ioctl(fd, MS_IOC_MAP, &a);
}

static int ms_range(int fd, unsigned long cmd, uint64_t start, uint64_t size,
		    uint32_t prot)
{
	struct ms_range_args a = { .start = start, .size = size, .prot = prot };

	return ioctl(fd, cmd, &a);
}

/* The order in which slots are visited: a fixed pseudo-random walk. */
static uint64_t slot_at(unsigned long i, unsigned long n)
{
	return (i * 2654435761UL) % n;
}

/* Ours, one ioctl per operation, with @n areas present. */
static void bench_ours(unsigned long n, unsigned long k, struct cell *c)
{
	struct ms_find_free_args f;
	int fd = open("/dev/memory_set", O_RDWR);
	unsigned long i;
	double t0, t1, t2;
	uint64_t hole;

	if (fd < 0)
		die("/dev/memory_set");
	for (i = 0; i < n; i++)
		if (ms_map(fd, OURS_BASE + i * SLOT, 3 * PAGE, MS_PROT_READ, 0))
			die("setup map");
	*c = (struct cell){ 0 };
	for (i = 0; i < k; i++) {
		hole = OURS_BASE + slot_at(i, n) * SLOT + 3 * PAGE;
		t0 = now_ns();
		if (ms_map(fd, hole, PAGE, MS_PROT_READ | MS_PROT_WRITE, 0))
			die("map");
		t1 = now_ns();
		if (ms_range(fd, MS_IOC_UNMAP, hole, PAGE, 0))
			die("unmap");
		t2 = now_ns();
		c->map += t1 - t0;
		c->unmap += t2 - t1;
	}
	for (i = 0; i < k; i++) {
		f = (struct ms_find_free_args){ .size = 2 * PAGE, .align = PAGE,
			.limit_start = OURS_BASE, .limit_end = MS_ADDR_LIMIT };
		t0 = now_ns();
		if (ioctl(fd, MS_IOC_FIND_FREE, &f))
			die("find_free");
		c->find += now_ns() - t0;
	}
	for (i = 0; i < k; i++) {
		t0 = now_ns();
		if (ms_range(fd, MS_IOC_PROTECT, OURS_BASE + slot_at(i, n) * SLOT +
			     PAGE, PAGE, MS_PROT_READ | MS_PROT_WRITE))
			die("protect");
		c->protect += now_ns() - t0;
	}
	c->map /= k;
	c->unmap /= k;
	c->protect /= k;
	c->find /= k;
	close(fd);
}

static int batch_run(int fd, struct ms_batch_op *ops, unsigned int count)
{
	struct ms_batch_args b = { .ops = (uintptr_t)ops, .count = count };
	unsigned int i;

	if (ioctl(fd, MS_IOC_BATCH, &b) || b.done != count)
		return -1;
	for (i = 0; i < count; i++)
		if (ops[i].result)
			return -1;
	return 0;
}

/* Ours through MS_IOC_BATCH, BATCH operations per call. */
static void bench_batch(unsigned long n, unsigned long k, struct cell *c)
{
	static struct ms_batch_op ops[BATCH];
	int fd = open("/dev/memory_set", O_RDWR);
	unsigned long i, j, rounds = (k + BATCH - 1) / BATCH;
	double t0;

	if (fd < 0)
		die("/dev/memory_set");
	for (i = 0; i < n; i++)
		if (ms_map(fd, OURS_BASE + i * SLOT, 3 * PAGE, MS_PROT_READ, 0))
			die("setup map");
	*c = (struct cell){ 0 };
	for (i = 0; i < rounds; i++) {
		for (j = 0; j < BATCH; j++)
			ops[j] = (struct ms_batch_op){ .op = MS_BATCH_MAP,
				.args = { .start = OURS_BASE + slot_at(i * BATCH + j, n) *
						   SLOT + 3 * PAGE,
					  .size = PAGE, .prot = MS_PROT_READ,
					  .backend = MS_BACKEND_LINEAR } };
		for (j = 0; j < BATCH; j++)
			ops[j].args.phys = ops[j].args.start;
		t0 = now_ns();
		if (batch_run(fd, ops, BATCH))
			die("batch map");
		c->map += now_ns() - t0;
		for (j = 0; j < BATCH; j++) {
			ops[j].op = MS_BATCH_UNMAP;
			ops[j].args.prot = 0;
			ops[j].args.phys = 0;
			ops[j].args.backend = 0;
		}
		t0 = now_ns();
		if (batch_run(fd, ops, BATCH))
			die("batch unmap");
		c->unmap += now_ns() - t0;
	}
	for (i = 0; i < rounds; i++) {
		for (j = 0; j < BATCH; j++)
			ops[j] = (struct ms_batch_op){ .op = MS_BATCH_PROTECT,
				.args = { .start = OURS_BASE + slot_at(i * BATCH + j, n) *
						   SLOT + PAGE,
					  .size = PAGE,
					  .prot = MS_PROT_READ | MS_PROT_WRITE } };
		t0 = now_ns();
		/* A slot already protected is skipped, like any equal prot. */
		if (batch_run(fd, ops, BATCH))
			die("batch protect");
		c->protect += now_ns() - t0;
	}
	c->map /= rounds * BATCH;
	c->unmap /= rounds * BATCH;
	c->protect /= rounds * BATCH;
	c->find = 0;
	close(fd);
}

/* Linux in this process: VMAs of 3 pages with 1-page holes. */
static void bench_linux(unsigned long n, unsigned long k, struct cell *c)
{
	const int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
			  MAP_FIXED_NOREPLACE;
	unsigned long i;
	double t0, t1, t2;
	char *hole, *p;

	for (i = 0; i < n; i++) {
		p = (char *)(LINUX_BASE + i * SLOT);
		if (mmap(p, 3 * PAGE, i % 2 ? PROT_READ : PROT_NONE, flags, -1, 0) != p)
			die("setup mmap");
	}
	*c = (struct cell){ 0 };
	for (i = 0; i < k; i++) {
		hole = (char *)(LINUX_BASE + slot_at(i, n) * SLOT + 3 * PAGE);
		t0 = now_ns();
		if (mmap(hole, PAGE, PROT_READ | PROT_WRITE, flags, -1, 0) != hole)
			die("mmap");
		t1 = now_ns();
		if (munmap(hole, PAGE))
			die("munmap");
		t2 = now_ns();
		c->map += t1 - t0;
		c->unmap += t2 - t1;
	}
	for (i = 0; i < k; i++) {
		p = (char *)(LINUX_BASE + slot_at(i, n) * SLOT + PAGE);
		t0 = now_ns();
		if (mprotect(p, PAGE, PROT_READ | PROT_WRITE))
			die("mprotect");
		c->protect += now_ns() - t0;
	}
	c->map /= k;
	c->unmap /= k;
	c->protect /= k;
	if (munmap((void *)LINUX_BASE, n * SLOT))
		die("munmap all");
}

static void write_number(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");

	if (!f || fprintf(f, "%s\n", value) < 0 || fclose(f))
		fprintf(stderr, "bench: could not write %s\n", path);
}

/* Room for 10^6 VMAs, and for 10^6 areas in one space. */
static void raise_limits(void)
{
	write_number("/proc/sys/vm/max_map_count", "2000000");
	write_number("/sys/module/memory_set/parameters/max_areas", "2000000");
}

/* The best of three runs: the guest's noise only ever adds time. */
static void best_of(void (*fn)(unsigned long, unsigned long, struct cell *),
		    unsigned long n, unsigned long k, struct cell *best)
{
	struct cell c;
	int r;

	for (r = 0; r < 3; r++) {
		fn(n, k, &c);
		if (!r || c.map < best->map)
			best->map = c.map;
		if (!r || c.unmap < best->unmap)
			best->unmap = c.unmap;
		if (!r || c.protect < best->protect)
			best->protect = c.protect;
		if (!r || c.find < best->find)
			best->find = c.find;
	}
}

static void core_cell(unsigned long n, unsigned long k, struct cell *c)
{
	double ns[4];

	core_bench(n, k, ns);
	*c = (struct cell){ ns[0], ns[1], ns[2], ns[3] };
}

static void print_row(const char *op, unsigned long n, double core, double ours,
		      double batch, double linux_ns)
{
	printf("| %-8s | %6lu | %7.0f | %7.0f |", op, n, core, ours);
	if (batch)
		printf(" %7.0f |", batch);
	else
		printf("       - |");
	if (linux_ns)
		printf(" %7.0f |", linux_ns);
	else
		printf("       - |");
	if (linux_ns)
		printf(" %7.2f | %7.2f |", ours / linux_ns, batch / linux_ns);
	else
		printf("       - |       - |");
	printf(" %7.2f |\n", batch ? batch / core : ours / core);
}

/* Keep in *@best the lowest time since @since (0: none yet). */
static void keep_best(double *best, double since)
{
	double t = now_ns() - since;

	if (!*best || t < *best)
		*best = t;
}

/* 1 GiB LINEAR with 4 KiB leaves, with huge leaves, and a memset. */
static void bench_page_table(void)
{
	const uint64_t va = 1ULL << 30, size = 1ULL << 30;
	const uint32_t rw = MS_PROT_READ | MS_PROT_WRITE;
	size_t nr = size / PAGE, entry_bytes = nr * 8;
	double map4k = 0, unmap4k = 0, maphuge = 0, unmaphuge = 0, mset = 0, t0;
	int fd = open("/dev/memory_set", O_RDWR), i;
	char *buf = malloc(entry_bytes);

	if (fd < 0 || !buf)
		die("page-table bench");
	memset(buf, 1, entry_bytes);
	for (i = 0; i < 5; i++) {
		t0 = now_ns();
		if (ms_map(fd, va, size, rw, 0))
			die("map 1G");
		keep_best(&map4k, t0);
		t0 = now_ns();
		if (ms_range(fd, MS_IOC_UNMAP, va, size, 0))
			die("unmap 1G");
		keep_best(&unmap4k, t0);
		t0 = now_ns();
		if (ms_map(fd, va, size, rw, MS_MAP_HUGE))
			die("map 1G huge");
		keep_best(&maphuge, t0);
		t0 = now_ns();
		if (ms_range(fd, MS_IOC_UNMAP, va, size, 0))
			die("unmap 1G huge");
		keep_best(&unmaphuge, t0);
		t0 = now_ns();
		memset(buf, i, entry_bytes);
		__asm__ volatile("" : : "r"(buf) : "memory");
		keep_best(&mset, t0);
	}
	printf("\n1 GiB LINEAR, best of 5 (4 KiB leaves: %zu entries, %zu MiB):\n\n",
	       nr, entry_bytes >> 20);
	printf("| what                    |  total ms |  ns/entry | / memset |");
	printf(" 4K / huge |\n");
	printf("|-------------------------|-----------|-----------|----------|");
	printf("-----------|\n");
	printf("| memset of the entries   | %9.3f | %9.2f |     1.00 |           |\n",
	       mset / 1e6, mset / nr);
	printf("| map, 4 KiB leaves       | %9.3f | %9.2f | %8.2f | %9.0f |\n",
	       map4k / 1e6, map4k / nr, map4k / mset, map4k / maphuge);
	printf("| unmap, 4 KiB leaves     | %9.3f | %9.2f | %8.2f | %9.0f |\n",
	       unmap4k / 1e6, unmap4k / nr, unmap4k / mset, unmap4k / unmaphuge);
	printf("| map, 1 GiB leaf         | %9.3f |           |          |           |\n",
	       maphuge / 1e6);
	printf("| unmap, 1 GiB leaf       | %9.3f |           |          |           |\n",
	       unmaphuge / 1e6);
	close(fd);
	free(buf);
}

int main(int argc, char **argv)
{
	static const unsigned long counts[] = { 100, 1000, 10000, 100000 };
	struct cell core[4], ours[4], batch[4], lx[4];
	unsigned int i;

	raise_limits();
	/* "bench profile": a few pairs and touches with tracing on. */
	if (argc > 1 && !strcmp(argv[1], "profile")) {
		bench_profile();
		return 0;
	}
	/* "bench data": only data and fork. */
	if (argc > 1 && !strcmp(argv[1], "data")) {
		bench_data();
		return 0;
	}
	/* "bench touch": the first-touch figures alone. */
	if (argc > 1 && !strcmp(argv[1], "touch")) {
		bench_touch_only();
		return 0;
	}
	printf("Targets (issues 12 and 25), each figure the best of 3 runs:\n\n");
	bench_targets();
	bench_data();
	/* "bench targets": only those. */
	if (argc > 1 && !strcmp(argv[1], "targets"))
		return 0;
	for (i = 0; i < 4; i++) {
		unsigned long k = counts[i] < 1000 ? counts[i] : 1000;

		best_of(core_cell, counts[i], k, &core[i]);
		best_of(bench_ours, counts[i], k, &ours[i]);
		best_of(bench_batch, counts[i], k, &batch[i]);
		best_of(bench_linux, counts[i], k, &lx[i]);
	}
	printf("Mean ns per operation, best of 3 runs; core = the core alone in\n"
	       "userspace, ioctl = one ioctl per op, batch = MS_IOC_BATCH of %d,\n"
	       "Linux = mmap(MAP_FIXED_NOREPLACE) / munmap / mprotect in this process,\n"
	       "b/core = batch (for find: ioctl) / core.\n\n", BATCH);
	printf("| op       |  areas |    core |   ioctl |   batch |   Linux |");
	printf(" ioctl/L | batch/L | b/core |\n");
	printf("|----------|--------|---------|---------|---------|---------|");
	printf("---------|---------|--------|\n");
	for (i = 0; i < 4; i++)
		print_row("map", counts[i], core[i].map, ours[i].map, batch[i].map,
			  lx[i].map);
	for (i = 0; i < 4; i++)
		print_row("unmap", counts[i], core[i].unmap, ours[i].unmap,
			  batch[i].unmap, lx[i].unmap);
	for (i = 0; i < 4; i++)
		print_row("protect", counts[i], core[i].protect, ours[i].protect,
			  batch[i].protect, lx[i].protect);
	for (i = 0; i < 4; i++)
		print_row("find", counts[i], core[i].find, ours[i].find, 0, 0);
	printf("\nfind_free, 10^5 areas / 10^3 areas: ioctl %.2f, core %.2f\n",
	       ours[3].find / ours[1].find, core[3].find / core[1].find);
	bench_page_table();
	return 0;
}
