// SPDX-License-Identifier: GPL-2.0
/*
 * bench_data: data through a space and fork (issue 13), each figure
 * beside Linux's in the same guest.
 *
 *   clone     MS_IOC_CLONE of a space of 10^4 areas and 10^5 resident
 *             pages, against fork() of a process with the same layout
 *             (10^4 VMAs that cannot merge, every page written)
 *   read      MS_IOC_READ of 64 MiB, against process_vm_readv (and memcpy)
 *   write     MS_IOC_WRITE of 64 MiB, against process_vm_writev
 *   populate  MS_MAP_POPULATE of 64 MiB, against mmap(MAP_POPULATE)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/memory_set.h>

#include "bench_data.h"
#include "bench_util.h"

#define PAGE		4096ULL
#define AREAS		10000
#define AREA_PAGES	10
#define STRIDE		((AREA_PAGES + 1) * PAGE)	/* a hole after each */
#define BASE		0x10000000ULL
#define LINUX_BASE	0x200000000000ULL
#define COPY_BYTES	(64ULL << 20)
#define PARAMS		"/sys/module/memory_set/parameters/"

/* Set a module parameter; its old value is left in @old (32 bytes). */
static void set_param(const char *name, const char *value, char *old)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), PARAMS "%s", name);
	f = fopen(path, "r");
	if (old && (!f || !fgets(old, 32, f)))
		die(path);
	if (f)
		fclose(f);
	f = fopen(path, "w");
	if (!f || fputs(value, f) < 0 || fclose(f))
		die(path);
}

/* 10^4 areas of 10 populated pages, with a hole after each. */
static int space_like_a_process(void)
{
	struct ms_map_args m = { .size = AREA_PAGES * PAGE,
				 .prot = MS_PROT_READ | MS_PROT_WRITE,
				 .backend = MS_BACKEND_ALLOC,
				 .flags = MS_MAP_POPULATE };
	int fd = open_space(), i;

	for (i = 0; i < AREAS; i++) {
		m.start = BASE + i * STRIDE;
		if (ioctl(fd, MS_IOC_MAP, &m))
			die("map");
	}
	return fd;
}

/* ns of MS_IOC_CLONE, and of closing the clone in *@close_ns. */
static double clone_once(int fd, double *close_ns)
{
	double t0 = now(), t;
	int child = ioctl(fd, MS_IOC_CLONE);

	t = now() - t0;
	if (child < 0)
		die("MS_IOC_CLONE");
	t0 = now();
	close(child);
	*close_ns = now() - t0;
	return t;
}

/* The same layout in this process: 10^4 VMAs, every page written. */
static void process_layout(void)
{
	int i, k;

	for (i = 0; i < AREAS; i++) {
		char *p = mmap((void *)(LINUX_BASE + i * STRIDE),
			       AREA_PAGES * PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

		if (p == MAP_FAILED)
			die("mmap");
		for (k = 0; k < AREA_PAGES; k++)
			p[k * PAGE] = 1;
	}
}

/* ns of fork() in the parent, and of waiting for the child's exit. */
static double fork_once(double *wait_ns)
{
	double t0 = now(), t;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	t = now() - t0;
	if (pid < 0)
		die("fork");
	t0 = now();
	waitpid(pid, NULL, 0);
	*wait_ns = now() - t0;
	return t;
}

static double min_d(double a, double b)
{
	return a < b ? a : b;
}

static void bench_clone(void)
{
	double ours = 1e30, lx = 1e30, ours_close = 1e30, lx_wait = 1e30, c;
	char what[96], pages[32], total[32];
	int fd, i;

	/* 10^5 frames and their tables: past the default budget. */
	set_param("max_pages", "200000", pages);
	set_param("max_pages_total", "200000", total);
	fd = space_like_a_process();
	for (i = 0; i < 3; i++) {
		ours = min_d(ours, clone_once(fd, &c));
		ours_close = min_d(ours_close, c);
	}
	close(fd);
	set_param("max_pages", pages, NULL);
	set_param("max_pages_total", total, NULL);
	process_layout();
	for (i = 0; i < 3; i++) {
		lx = min_d(lx, fork_once(&c));
		lx_wait = min_d(lx_wait, c);
	}
	munmap((void *)LINUX_BASE, AREAS * STRIDE);
	snprintf(what, sizeof(what), "CLONE / fork, 10^4 areas, 10^5 pages (%.1f / %.1f ms)",
		 ours / 1e6, lx / 1e6);
	row(what, ours / lx, "<= 1.00", ours <= lx);
	snprintf(what, sizeof(what), "  close of the clone / child's exit (%.1f / %.1f ms)",
		 ours_close / 1e6, lx_wait / 1e6);
	row(what, ours_close / lx_wait, "", 0);
}

static double rw_once(int fd, unsigned long cmd, char *buf)
{
	struct ms_rw_args a = { .vaddr = BASE, .buf = (uintptr_t)buf,
				.len = COPY_BYTES };
	double t0 = now();

	if (ioctl(fd, cmd, &a) || a.done != COPY_BYTES)
		die("MS_IOC_READ/WRITE");
	return now() - t0;
}

static double memcpy_once(char *dst, const char *src)
{
	double t0 = now();

	memcpy(dst, src, COPY_BYTES);
	__asm__ volatile("" : : "r"(dst) : "memory");
	return now() - t0;
}

/* process_vm_readv() (@write false) or _writev() of the 64 MiB. */
static double vm_rw_once(char *local_buf, char *remote_buf, int write)
{
	struct iovec local = { local_buf, COPY_BYTES };
	struct iovec remote = { remote_buf, COPY_BYTES };
	double t0 = now();
	ssize_t n;

	if (write)
		n = process_vm_writev(getpid(), &local, 1, &remote, 1, 0);
	else
		n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	if (n != (ssize_t)COPY_BYTES)
		die("process_vm_readv/writev");
	return now() - t0;
}

/* MS_MAP_POPULATE of the 64 MiB in a new space (the map alone timed). */
static double populate_once(void)
{
	struct ms_map_args m = { .start = BASE, .size = COPY_BYTES,
				 .prot = MS_PROT_READ | MS_PROT_WRITE,
				 .backend = MS_BACKEND_ALLOC,
				 .flags = MS_MAP_POPULATE };
	int fd = open_space();
	double t0 = now(), t;

	if (ioctl(fd, MS_IOC_MAP, &m))
		die("MS_MAP_POPULATE of 64 MiB");
	t = now() - t0;
	close(fd);
	return t;
}

/* mmap(MAP_POPULATE) of 64 MiB of anonymous memory (the mmap alone). */
static double mmap_populate_once(void)
{
	double t0 = now(), t;
	void *p = mmap(NULL, COPY_BYTES, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	t = now() - t0;
	if (p == MAP_FAILED)
		die("mmap(MAP_POPULATE)");
	munmap(p, COPY_BYTES);
	return t;
}

/* MiB per second of @ns for the 64 MiB. */
static double mibs(double ns)
{
	return (COPY_BYTES >> 20) / (ns / 1e9);
}

/* "@what (@ours / @linux ms)": their ratio beside @target. */
static void ratio_row(const char *what, double ours, double linux_ns,
		      const char *target, double limit)
{
	char line[96];

	snprintf(line, sizeof(line), "%s (%.1f / %.1f ms)", what, ours / 1e6,
		 linux_ns / 1e6);
	row(line, ours / linux_ns, target, limit ? ours / linux_ns <= limit : 0);
}

static void bench_rw(void)
{
	struct ms_map_args m = { .start = BASE, .size = COPY_BYTES,
				 .prot = MS_PROT_READ | MS_PROT_WRITE,
				 .backend = MS_BACKEND_ALLOC,
				 .flags = MS_MAP_POPULATE };
	double rd = 1e30, wr = 1e30, cp = 1e30, vr = 1e30, vw = 1e30;
	double pop = 1e30, lpop = 1e30;
	char *a = malloc(COPY_BYTES), *b = malloc(COPY_BYTES), what[96];
	int fd = open_space(), i;

	if (!a || !b || ioctl(fd, MS_IOC_MAP, &m))
		die("64 MiB");
	memset(a, 1, COPY_BYTES);
	memset(b, 2, COPY_BYTES);
	for (i = 0; i < 3; i++) {
		wr = min_d(wr, rw_once(fd, MS_IOC_WRITE, a));
		vw = min_d(vw, vm_rw_once(a, b, 1));
		rd = min_d(rd, rw_once(fd, MS_IOC_READ, b));
		vr = min_d(vr, vm_rw_once(b, a, 0));
		cp = min_d(cp, memcpy_once(b, a));
	}
	close(fd);
	free(a);
	free(b);
	for (i = 0; i < 3; i++) {
		pop = min_d(pop, populate_once());
		lpop = min_d(lpop, mmap_populate_once());
	}
	ratio_row("READ of 64 MiB / process_vm_readv", rd, vr, "<= 1.00", 1.0);
	ratio_row("WRITE of 64 MiB / process_vm_writev", wr, vw, "<= 1.00",
		  1.0);
	snprintf(what, sizeof(what), "  READ, MiB/s (memcpy in the guest: %.0f)",
		 mibs(cp));
	row(what, mibs(rd), "", 0);
	row("  WRITE, MiB/s", mibs(wr), "", 0);
	ratio_row("POPULATE of 64 MiB / mmap(MAP_POPULATE)", pop, lpop,
		  "<= 0.60", 0.6);
}

/**
 * bench_data() - print the figures of data and fork beside Linux's
 */
void bench_data(void)
{
	printf("Data and fork (issues 13 and 25), each figure the best of 3 runs:\n\n");
	row_header();
	bench_clone();
	bench_rw();
	printf("\n");
}
