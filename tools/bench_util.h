/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the benchmark's files share: the clock, dying on an error, a new
 * space, and the rows of the tables that print figures beside targets.
 */
#ifndef _BENCH_UTIL_H
#define _BENCH_UTIL_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Nanoseconds of CLOCK_MONOTONIC. */
static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static inline void die(const char *what)
{
	perror(what);
	exit(1);
}

static inline int open_space(void)
{
	int fd = open("/dev/memory_set", O_RDWR);

	if (fd < 0)
		die("/dev/memory_set");
	return fd;
}

/* The head of a table of figures beside their targets. */
static inline void row_header(void)
{
	printf("| %-52s | %8s | %-8s | %-4s |\n", "figure", "value", "target",
	       "");
	printf("|%s|----------|----------|------|\n",
	       "------------------------------------------------------");
}

/* One row: what, the value, the target ("<= 0.35", "" for none). */
static inline void row(const char *what, double value, const char *target,
		       int met)
{
	printf("| %-52s | %8.2f | %-8s | %-4s |\n", what, value, target,
	       !*target ? "" : met ? "met" : "NOT");
}

#endif /* _BENCH_UTIL_H */
