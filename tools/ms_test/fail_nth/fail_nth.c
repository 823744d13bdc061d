// SPDX-License-Identifier: GPL-2.0
/*
 * ms_fail_nth: every allocation of a whole ioctl failed in turn, with the
 * kernel's own fault injection (/proc/thread-self/fail-nth, failslab and
 * fail_page_alloc): the module's, and the kernel's on its behalf (the
 * file of a CLONE, its dentry and inode). A call that fails leaves the
 * space exactly as it was: every page's raw entry and protection, STATS
 * and the data. CLONE, MAP (populated, replacing), PROTECT and UNMAP that
 * split a huge leaf, and a copy on write by TOUCH and by WRITE, in every
 * page-table format.
 *
 * Debian's kernels have no fault injection: this runs in the UML debug
 * kernel only (scripts/uml-init.sh), where the module is built in.
 */
#define _GNU_SOURCE

#include "kselftest_harness.h"
#include "../util.h"

#define DATA	0x200000ULL	/* 4 populated pages, written, cloned */
#define LAZY	0x204000ULL	/* 2 lazy pages */
#define HUGE	0x40000000ULL	/* 1 GiB LINEAR in one huge leaf */
#define NR_PAGES	7

static const __u64 pages[NR_PAGES] = {
	DATA, DATA + K, DATA + 3 * K, LAZY, LAZY + K, HUGE, HUGE + 0x201000,
};

struct snap {
	struct ms_stats stats;
	struct ms_query_args q[NR_PAGES];
	char data[NR_PAGES][16];
};

static int rw(int fd, unsigned long cmd, __u64 va, void *buf, __u64 len)
{
	struct ms_rw_args a = { .vaddr = va, .buf = (uintptr_t)buf, .len = len };
	int err = ioc(fd, cmd, &a);

	return err ?: (a.result == MS_TOUCH_OK ? 0 : 1000 + (int)a.result);
}

/* Data first (a read sets Accessed), then what the entries say. */
static void take(int fd, struct snap *s)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < 3; i++)
		rw(fd, MS_IOC_READ, pages[i], s->data[i], sizeof(s->data[i]));
	s->stats = stats(fd);
	for (i = 0; i < NR_PAGES; i++)
		s->q[i] = query(fd, pages[i]);
}

static int same(const struct snap *a, const struct snap *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* A parent: written pages shared with a clone (closed), a huge leaf. */
static int setup(__u32 format)
{
	struct ms_format_args f = { .format = format };
	int fd = open(DEV, O_RDWR), child;

	if (fd < 0 || ioc(fd, MS_IOC_SET_FORMAT, &f) ||
	    map(fd, DATA, 4 * K, 0, RW, ALLOC, MS_MAP_POPULATE) ||
	    map(fd, LAZY, 2 * K, 0, RW, ALLOC, 0) ||
	    map(fd, HUGE, G, G, RW, LINEAR, MS_MAP_HUGE) ||
	    rw(fd, MS_IOC_WRITE, DATA, "parent", 7))
		return -1;
	child = ioctl(fd, MS_IOC_CLONE);
	if (child < 0 || rw(fd, MS_IOC_WRITE, DATA + 3 * K, "own", 4))
		return -1;
	/* The clone stays open: DATA's frames are shared. */
	return fd;
}

/* The calls swept: each returns 0 or -errno (a CLONE closes its fd). */
static int do_clone(int fd)
{
	int child = ioctl(fd, MS_IOC_CLONE);

	if (child < 0)
		return -errno;
	close(child);
	return 0;
}

static int do_map_replace(int fd)
{
	return map(fd, DATA + K, 4 * K, 0, RW, ALLOC,
		   MS_MAP_POPULATE | MS_MAP_REPLACE);
}

static int do_protect_split(int fd)
{
	return protect(fd, HUGE + 0x201000, K, R);
}

static int do_unmap_split(int fd)
{
	return unmap(fd, HUGE + 0x201000, K);
}

static int touch_ok(int fd, __u64 va, __u32 access)
{
	struct ms_touch_args t = { .vaddr = va, .access = access };

	return ioc(fd, MS_IOC_TOUCH, &t) ?: (t.result == MS_TOUCH_OK ? 0 : 1);
}

static int do_touch_cow(int fd)
{
	return touch_ok(fd, DATA + K, MS_PROT_WRITE);
}

static int do_write_cow(int fd)
{
	return rw(fd, MS_IOC_WRITE, DATA, "x", 1);
}

static int do_touch_lazy(int fd)
{
	return touch_ok(fd, LAZY, MS_PROT_WRITE);
}

static const struct {
	const char *name;
	int (*call)(int fd);
} calls[] = {
	{ "CLONE", do_clone },
	{ "MAP (populate, replace)", do_map_replace },
	{ "PROTECT (split)", do_protect_split },
	{ "UNMAP (split)", do_unmap_split },
	{ "TOUCH (copy on write)", do_touch_cow },
	{ "WRITE (copy on write)", do_write_cow },
	{ "TOUCH (lazy page)", do_touch_lazy },
};

static int fail_nth_fd;

static void set_fail_nth(unsigned int n)
{
	char text[16];

	snprintf(text, sizeof(text), "%u", n);
	if (pwrite(fail_nth_fd, text, strlen(text), 0) < 0)
		abort();
}

/* Whether the failure armed by set_fail_nth() was injected (and disarm). */
static int injected(void)
{
	char text[16] = "";
	int left;

	if (pread(fail_nth_fd, text, sizeof(text) - 1, 0) < 0)
		abort();
	left = atoi(text);
	if (left)
		set_fail_nth(0);
	return !left;
}

/* Every allocation of @call failed in turn on a space of @format. */
static void sweep(struct __test_metadata *_metadata, __u32 format,
		  unsigned int c)
{
	struct snap before, after;
	unsigned int n;
	int fd = setup(format), err = 0;

	ASSERT_LE(0, fd);
	take(fd, &before);
	for (n = 1; n < 400; n++) {
		set_fail_nth(n);
		err = calls[c].call(fd);
		if (!injected())
			break;
		if (!err) {
			/*
			 * A failure the call can do without (a fault's spare
			 * is refilled only if a block is free at once): it
			 * went through; go on from a fresh space.
			 */
			close(fd);
			fd = setup(format);
			ASSERT_LE(0, fd);
			take(fd, &before);
			continue;
		}
		EXPECT_EQ(-ENOMEM, err)
			TH_LOG("%s, format %u, allocation %u", calls[c].name,
			       format, n);
		take(fd, &after);
		EXPECT_TRUE(same(&before, &after))
			TH_LOG("%s, format %u: failing allocation %u changed the space",
			       calls[c].name, format, n);
		if (!same(&before, &after))
			break;
	}
	/* The call succeeded once nothing failed; it allocated something. */
	EXPECT_EQ(0, err) TH_LOG("%s, format %u", calls[c].name, format);
	EXPECT_LT(1U, n) TH_LOG("%s, format %u: no allocation", calls[c].name,
				format);
	ksft_print_msg("format %u, %s: %u allocations failed in turn\n",
		       format, calls[c].name, n - 1);
	close(fd);
}

static int inject_setting(const char *path, const char *value)
{
	return write_file(path, value);
}

TEST(every_allocation_of_every_changing_call_fails_in_turn)
{
	unsigned int format, c;

	/* GFP_KERNEL allocations too, and single pages. */
	ASSERT_EQ(0, inject_setting("/sys/kernel/debug/failslab/ignore-gfp-wait", "N"));
	ASSERT_EQ(0, inject_setting("/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N"));
	ASSERT_EQ(0, inject_setting("/sys/kernel/debug/fail_page_alloc/min-order", "0"));
	ASSERT_EQ(0, inject_setting("/sys/kernel/debug/failslab/verbose", "0"));
	ASSERT_EQ(0, inject_setting("/sys/kernel/debug/fail_page_alloc/verbose", "0"));
	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	ASSERT_LE(0, fail_nth_fd);
	for (format = 0; format < MS_FORMAT_COUNT; format++)
		for (c = 0; c < ARRAY_SIZE(calls); c++)
			sweep(_metadata, format, c);
	close(fail_nth_fd);
}

TEST_HARNESS_MAIN
