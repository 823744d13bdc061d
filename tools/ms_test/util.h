/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the ioctl test programs (tools/ms_test/, ms_stress): one
 * call per ioctl, returning 0 or -errno, and a few file helpers for
 * debugfs, sysfs and tracefs. Static functions in a header: each test
 * program is one translation unit, as the kselftest harness wants.
 */
#ifndef _MS_TEST_UTIL_H
#define _MS_TEST_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/memory_set.h>

#ifndef BIT_ULL
#define BIT_ULL(nr)	(1ULL << (nr))
#endif

#define DEV		"/dev/memory_set"
#define PAGES_HELD	"/sys/kernel/debug/memory_set/pages_held"
#define AREAS_HELD	"/sys/kernel/debug/memory_set/areas_held"
#define PARAMS		"/sys/module/memory_set/parameters/"
#define K		0x1000ULL
#define M		0x100000ULL
#define G		0x40000000ULL
#define R		MS_PROT_READ
#define RW		(MS_PROT_READ | MS_PROT_WRITE)
#define LINEAR		MS_BACKEND_LINEAR
#define ALLOC		MS_BACKEND_ALLOC
#define LIMIT		MS_ADDR_LIMIT

static inline int ioc(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

static inline int map(int fd, __u64 start, __u64 size, __u64 phys,
		      __u32 prot, __u32 backend, __u32 flags)
{
	struct ms_map_args a = {
		.start = start, .size = size, .phys = phys, .prot = prot,
		.backend = backend, .flags = flags,
	};

	return ioc(fd, MS_IOC_MAP, &a);
}

static inline int range_op(int fd, unsigned long cmd, __u64 start,
			   __u64 size, __u32 prot)
{
	struct ms_range_args a = { .start = start, .size = size, .prot = prot };

	return ioc(fd, cmd, &a);
}

static inline int unmap(int fd, __u64 start, __u64 size)
{
	return range_op(fd, MS_IOC_UNMAP, start, size, 0);
}

static inline int protect(int fd, __u64 start, __u64 size, __u32 prot)
{
	return range_op(fd, MS_IOC_PROTECT, start, size, prot);
}

static inline struct ms_stats stats(int fd)
{
	struct ms_stats s;

	memset(&s, 0xff, sizeof(s));
	if (ioc(fd, MS_IOC_STATS, &s))
		abort();
	return s;
}

static inline int same_stats(struct ms_stats a, struct ms_stats b)
{
	return !memcmp(&a, &b, sizeof(a));
}

static inline struct ms_query_args query(int fd, __u64 va)
{
	struct ms_query_args q = { .vaddr = va };

	if (ioc(fd, MS_IOC_QUERY, &q))
		abort();
	return q;
}

static inline __u32 touch(int fd, __u64 va, __u32 access)
{
	struct ms_touch_args t = { .vaddr = va, .access = access };

	if (ioc(fd, MS_IOC_TOUCH, &t))
		return 0xdead;
	return t.result;
}

static inline unsigned int list(int fd, __u64 from,
				struct ms_area_info *out, unsigned int cap)
{
	struct ms_list_args l = {
		.from = from, .areas = (uintptr_t)out, .capacity = cap,
	};

	if (ioc(fd, MS_IOC_LIST, &l))
		abort();
	return l.count;
}

static inline unsigned long nr_areas(int fd)
{
	return stats(fd).nr_areas;
}

static inline int file_contains(const char *path, const char *needle)
{
	static char buf[1 << 16];
	int fd = open(path, O_RDONLY);
	ssize_t n, len = 0;

	if (fd < 0)
		return 0;
	while (len < (ssize_t)sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	return !!strstr(buf, needle);
}

static inline int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* Set a module parameter (root); it applies to spaces opened from now on. */
static inline int set_param(const char *name, unsigned long value)
{
	char path[128], text[32];

	snprintf(path, sizeof(path), PARAMS "%s", name);
	snprintf(text, sizeof(text), "%lu", value);
	return write_file(path, text);
}

static inline unsigned long get_param(const char *name)
{
	char path[128], text[32] = "";
	int fd;

	snprintf(path, sizeof(path), PARAMS "%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, text, sizeof(text) - 1) <= 0)
		abort();
	close(fd);
	return strtoul(text, NULL, 0);
}

/*
 * MS_IOC_READ or MS_IOC_WRITE (@cmd) of @len bytes at @va: 0, -errno, or
 * 1000 + the MS_TOUCH_* result of a copy that stopped short.
 */
static inline int copy_data(int fd, unsigned long cmd, __u64 va, void *buf,
			    __u64 len)
{
	struct ms_rw_args a = { .vaddr = va, .buf = (uintptr_t)buf, .len = len };
	int err = ioc(fd, cmd, &a);

	return err ?: (a.result != MS_TOUCH_OK ? 1000 + (int)a.result : 0);
}

/* The number a file holds (debugfs's counters), or -1. */
static inline long read_long(const char *path)
{
	char text[32] = "";
	int fd = open(path, O_RDONLY);

	if (fd < 0 || read(fd, text, sizeof(text) - 1) <= 0)
		return -1;
	close(fd);
	return strtol(text, NULL, 0);
}

/*
 * Run @fn in a child as uid 65534, with the device opened to everyone for
 * the while. Return: @fn's exit status, or -1 if it could not run.
 */
static inline int as_nobody(int (*fn)(void))
{
	int status, err;
	pid_t pid;

	if (chmod(DEV, 0666))
		return -1;
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(100);
		_exit(fn());
	}
	err = pid < 0 || waitpid(pid, &status, 0) != pid;
	chmod(DEV, 0600);
	if (err || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#endif /* _MS_TEST_UTIL_H */
