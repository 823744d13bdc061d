// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_no_change: a call that fails or is refused changes nothing, in
 * every page-table format. A CLONE that cannot have its file leaves the
 * parent's entries as they were (the copy write-protects them, so the
 * file must come first); an access the MMU refuses for a reason no fault
 * can cure (a supervisor fetch from a user page in RISC-V and AArch64)
 * neither copies a shared frame nor maps a lazy one; an unknown command is
 * -ENOTTY whatever the file's mode.
 *
 * Part of the ioctl tests of /dev/memory_set (tools/ms_test/), run as
 * root inside a QEMU guest after insmod, and in the UML debug kernel.
 */
#define _GNU_SOURCE
#include <sys/resource.h>

#include "kselftest_harness.h"
#include "util.h"

#define SHARED		0x100000ULL	/* 2 pages, written, then cloned */
#define OWN		0x102000ULL	/* 1 page, written after the clone */
#define LAZY		0x103000ULL	/* 2 pages never touched */
#define LIN		0x105000ULL	/* 1 LINEAR page */
#define NONE		0x106000ULL	/* 1 PROT_NONE ALLOC page */
#define END		0x107000ULL	/* a hole from here */
#define NR_PAGES	((END + K - SHARED) / K)
#define RWXU		(RW | MS_PROT_EXEC | MS_PROT_USER)
#define RWX		(RW | MS_PROT_EXEC)

static const __u32 formats[] = {
	MS_FORMAT_X86_64_4L, MS_FORMAT_X86_64_5L, MS_FORMAT_X86_EPT,
	MS_FORMAT_RISCV_SV39, MS_FORMAT_RISCV_SV48, MS_FORMAT_RISCV_SV57,
	MS_FORMAT_ARM64_4K,
};

#define NR_FORMATS	ARRAY_SIZE(formats)

/* What a space shows: its counts, and every page's entry and bytes. */
struct snap {
	struct ms_stats stats;
	long pages_held;
	struct ms_query_args q[NR_PAGES];
	unsigned char data[NR_PAGES][64];
};

static int set_format(int fd, __u32 format)
{
	struct ms_format_args a = { .format = format };

	return ioc(fd, MS_IOC_SET_FORMAT, &a);
}

static int rw(int fd, unsigned long cmd, __u64 va, void *buf, __u64 len,
	      __u32 access, __u32 *result)
{
	struct ms_rw_args a = { .vaddr = va, .buf = (uintptr_t)buf,
				.len = len, .access = access };
	int err = ioc(fd, cmd, &a);

	*result = a.result;
	return err;
}

/* EPT has no USER: its areas are supervisor ones. */
static __u32 user_bit(__u32 format)
{
	return format == MS_FORMAT_X86_EPT ? 0 : MS_PROT_USER;
}

/*
 * The space every test starts from: written frames shared with a clone
 * (whose fd is returned in *@child), a frame of its own, lazy pages, a
 * LINEAR page and a PROT_NONE page, all executable user pages.
 */
static int setup(int fd, __u32 format, int *child)
{
	__u32 u = user_bit(format), result;
	char text[] = "shared";

	if (set_format(fd, format) ||
	    map(fd, SHARED, 3 * K, 0, RWX | u, ALLOC, MS_MAP_POPULATE) ||
	    map(fd, LAZY, 2 * K, 0, RWX | u, ALLOC, 0) ||
	    map(fd, LIN, K, 0x80000000, RWX | u, LINEAR, 0) ||
	    map(fd, NONE, K, 0, 0, ALLOC, 0))
		return -1;
	if (rw(fd, MS_IOC_WRITE, SHARED, text, sizeof(text), 0, &result) ||
	    result != MS_TOUCH_OK)
		return -2;
	*child = ioctl(fd, MS_IOC_CLONE);
	if (*child < 0)
		return -3;
	if (rw(fd, MS_IOC_WRITE, OWN, text, sizeof(text), 0, &result) ||
	    result != MS_TOUCH_OK)
		return -4;
	return 0;
}

/*
 * The data first: reading a present page sets its Accessed bit, which
 * the entries read next then show in both snapshots. Lazy pages are not
 * read (a read would fault them in).
 */
static void take(int fd, struct snap *s)
{
	unsigned int i;
	__u32 result;

	memset(s, 0, sizeof(*s));
	for (i = 0; SHARED + i * K < LAZY; i++)
		rw(fd, MS_IOC_READ, SHARED + i * K, s->data[i],
		   sizeof(s->data[i]), 0, &result);
	s->stats = stats(fd);
	s->pages_held = read_long(PAGES_HELD);
	for (i = 0; i < NR_PAGES; i++)
		s->q[i] = query(fd, SHARED + i * K);
}

/* The first page whose entry differs, or -1 if none does. */
static int differs(const struct snap *a, const struct snap *b)
{
	unsigned int i;

	if (!same_stats(a->stats, b->stats) || a->pages_held != b->pages_held)
		return NR_PAGES;
	for (i = 0; i < NR_PAGES; i++)
		if (memcmp(&a->q[i], &b->q[i], sizeof(a->q[i])) ||
		    memcmp(a->data[i], b->data[i], sizeof(a->data[i])))
			return i;
	return -1;
}

static const __u32 kinds[] = { MS_PROT_READ, MS_PROT_WRITE, MS_PROT_EXEC };

/* One access to @va: TOUCH, or a one-byte READ or WRITE; its result. */
static __u32 access_once(int fd, int op, __u64 va, __u32 access)
{
	unsigned char byte = 0x5a;
	__u32 result = 0xdead;

	if (op == 0)
		return touch(fd, va, access);
	if (rw(fd, op == 1 ? MS_IOC_READ : MS_IOC_WRITE, va, &byte, 1,
	       access & MS_PROT_USER, &result))
		return 0xdead;
	return result;
}

/* What a READ or WRITE does, as TOUCH's access bits. */
static __u32 op_access(int op, __u32 access)
{
	if (op == 1)
		return MS_PROT_READ | (access & MS_PROT_USER);
	if (op == 2)
		return MS_PROT_WRITE | (access & MS_PROT_USER);
	return access;
}

static int fetch_refused_from_user_pages(__u32 format)
{
	return format >= MS_FORMAT_RISCV_SV39;
}

/*
 * Every access (read, write, fetch; user or supervisor; TOUCH, READ or
 * WRITE) of every kind of page (shared with a clone, a frame of its own,
 * lazy, LINEAR, PROT_NONE, a hole), each on a fresh space: one that ends
 * in MAPERR, ACCERR or NODATA leaves every entry, count and byte as it
 * was. A supervisor fetch from a user page is refused in RISC-V and
 * AArch64 and must not copy the shared frame or map the lazy one.
 */
/*
 * pages_held counts every space of the module: wait until none is left
 * from before (a program killed at its timeout tears its spaces down
 * while the next one runs).
 */
static int no_space_left(void)
{
	int i;

	for (i = 0; i < 600; i++) {
		if (read_long("/sys/kernel/debug/memory_set/spaces") == 0)
			return 1;
		usleep(100000);
	}
	return 0;
}

/* Every access of every page on fresh spaces of one format. */
static void refusals_of_format(struct __test_metadata *_metadata, __u32 format,
			       unsigned int *refused, unsigned int *fetches)
{
	static const __u64 pages[] = { SHARED, OWN, LAZY, LIN, NONE, END };
	static struct snap before, after;
	int fd, child, at, op;
	__u32 access, result;
	unsigned int i;
	__u64 va;

	/* i: the page, user or not, the kind, and TOUCH, READ or WRITE. */
	for (i = 0; i < ARRAY_SIZE(pages) * 2 * 3 * 3; i++) {
		op = i % 3;
		va = pages[i / 18];
		/* READ and WRITE make their own kind of access. */
		if (op && i / 3 % 3)
			continue;
		access = kinds[i / 3 % 3] | (i / 9 % 2 ? MS_PROT_USER : 0);
		access = op_access(op, access);
		fd = open(DEV, O_RDWR);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, setup(fd, format, &child));
		take(fd, &before);
		result = access_once(fd, op, va, access);
		ASSERT_NE(0xdead, result);
		if (result != MS_TOUCH_OK) {
			(*refused)++;
			take(fd, &after);
			at = differs(&before, &after);
			EXPECT_EQ(-1, at)
				TH_LOG("format %u, %#llx, access %#x, op %d: %u, page %d moved",
				       format, (unsigned long long)va, access,
				       op, result, at);
		}
		if (fetch_refused_from_user_pages(format) && op == 0 &&
		    access == MS_PROT_EXEC && va <= LIN) {
			EXPECT_EQ(MS_TOUCH_ACCERR, result);
			(*fetches)++;
		}
		close(child);
		close(fd);
	}
}

TEST(refused_access_changes_nothing_in_any_format)
{
	unsigned int f, refused = 0, fetches = 0;

	ASSERT_TRUE(no_space_left());
	for (f = 0; f < NR_FORMATS; f++)
		refusals_of_format(_metadata, formats[f], &refused, &fetches);
	/* Not a test that cannot fail: refusals were there to check. */
	EXPECT_LT(100, refused);
	EXPECT_EQ(4 * 4, fetches);
}

/* An unknown command is ENOTTY, whatever the mode; a known one EBADF. */
TEST(unknown_command_is_enotty_in_every_mode)
{
	static const int modes[] = { O_RDONLY, O_WRONLY, O_RDWR };
	struct ms_stats s;
	unsigned int m;
	int fd;

	for (m = 0; m < 3; m++) {
		fd = open(DEV, modes[m]);
		ASSERT_LE(0, fd);
		EXPECT_EQ(-ENOTTY, ioc(fd, _IO(MS_IOC_MAGIC, 0x7f), NULL));
		EXPECT_EQ(-ENOTTY, ioc(fd, _IOR(MS_IOC_MAGIC, 0x09, __u64), &s));
		EXPECT_EQ(-ENOTTY, ioc(fd, _IOR('x', 0x09, struct ms_stats), &s));
		EXPECT_EQ(modes[m] == O_WRONLY ? -EBADF : 0,
			  ioc(fd, MS_IOC_READ, &(struct ms_rw_args){}));
		EXPECT_EQ(modes[m] == O_RDONLY ? -EBADF : 0,
			  ioc(fd, MS_IOC_CLEAR, NULL));
		EXPECT_EQ(0, ioc(fd, MS_IOC_STATS, &s));
		close(fd);
	}
}

/*
 * As uid 65534 (CAP_SYS_ADMIN passes fs.file-max): a space in each format,
 * then, once the parent has made fs.file-max 0, a CLONE of each, which
 * cannot have its file: -ENFILE, and the parent exactly as before.
 */
static int clone_without_a_file(void)
{
	static struct snap before[NR_FORMATS], after;
	int fd[NR_FORMATS], child;
	unsigned int f;

	for (f = 0; f < NR_FORMATS; f++) {
		fd[f] = open(DEV, O_RDWR);
		if (fd[f] < 0 || setup(fd[f], formats[f], &child))
			return 1;
		close(child);
		take(fd[f], &before[f]);
	}
	raise(SIGSTOP); /* the parent fills the file table */
	for (f = 0; f < NR_FORMATS; f++) {
		if (ioctl(fd[f], MS_IOC_CLONE) >= 0 || errno != ENFILE)
			return 2;
		take(fd[f], &after);
		if (differs(&before[f], &after) >= 0)
			return 10 + f;
	}
	return 0;
}

TEST(clone_that_cannot_have_its_file_changes_nothing)
{
	char old[32] = "";
	int status, fd;
	pid_t pid;

	fd = open("/proc/sys/fs/file-max", O_RDONLY);
	ASSERT_LT(0, read(fd, old, sizeof(old) - 1));
	close(fd);
	ASSERT_EQ(0, chmod(DEV, 0666));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(100);
		_exit(clone_without_a_file());
	}
	ASSERT_EQ(pid, waitpid(pid, &status, WUNTRACED));
	EXPECT_TRUE(WIFSTOPPED(status));
	/* No file for anyone without CAP_SYS_ADMIN, for the while. */
	EXPECT_EQ(0, write_file("/proc/sys/fs/file-max", "0"));
	kill(pid, SIGCONT);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, write_file("/proc/sys/fs/file-max", old));
	chmod(DEV, 0600);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
