// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_data: MS_IOC_READ and MS_IOC_WRITE. Data crosses pages and
 * areas and reads back as written; lazy pages are faulted in (zeroes,
 * Accessed, Dirty on a write); a copy stops at the first page it cannot
 * access and says why (MAPERR, ACCERR, NODATA for a LINEAR page, whose
 * memory the module never touches); bad arguments and buffers are
 * refused with nothing done.
 *
 * Part of the ioctl tests of /dev/memory_set (tools/ms_test/), run as
 * root inside a QEMU guest after insmod, and in the UML debug kernel where
 * the module is built in (KASAN, lockdep).
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "space_fixture.h"

#define PTE_A		BIT_ULL(5)
#define PTE_D		BIT_ULL(6)

static int rw(int fd, unsigned long cmd, __u64 va, void *buf, __u64 len,
	      __u32 access, struct ms_rw_args *out)
{
	struct ms_rw_args a = {
		.vaddr = va, .buf = (uintptr_t)buf, .len = len,
		.access = access, .done = 0xdead, .result = 0xdead,
	};
	int err = ioc(fd, cmd, &a);

	if (out)
		*out = a;
	return err;
}

static void fill(unsigned char *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(seed + i * 13 + (i >> 12));
}

TEST_F(space, write_then_read_across_pages_and_areas)
{
	static unsigned char in[5 * K + 77], out[sizeof(in)];
	struct ms_rw_args a;

	ASSERT_EQ(0, map(self->fd, 0x100000, 3 * K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, map(self->fd, 0x103000, 4 * K, 0, RW, ALLOC,
			 MS_MAP_POPULATE));
	fill(in, sizeof(in), 1);
	ASSERT_EQ(0, rw(self->fd, MS_IOC_WRITE, 0x100000 + 1000, in,
			sizeof(in), 0, &a));
	EXPECT_EQ(sizeof(in), a.done);
	EXPECT_EQ(MS_TOUCH_OK, a.result);
	ASSERT_EQ(0, rw(self->fd, MS_IOC_READ, 0x100000 + 1000, out,
			sizeof(out), 0, &a));
	EXPECT_EQ(sizeof(out), a.done);
	EXPECT_EQ(MS_TOUCH_OK, a.result);
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
	/* 3 lazy pages faulted in, and the 4 populated ones. */
	EXPECT_EQ(7, stats(self->fd).data_pages);
}

TEST_F(space, read_faults_in_zeroes_and_sets_accessed)
{
	unsigned char buf[64];
	struct ms_query_args q;
	struct ms_rw_args a;

	memset(buf, 0xaa, sizeof(buf));
	ASSERT_EQ(0, map(self->fd, 0x100000, K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, rw(self->fd, MS_IOC_READ, 0x100010, buf, sizeof(buf), 0,
			&a));
	EXPECT_EQ(MS_TOUCH_OK, a.result);
	EXPECT_EQ(0, buf[0] | buf[63]);
	q = query(self->fd, 0x100000);
	EXPECT_TRUE(q.entry & PTE_A);
	EXPECT_FALSE(q.entry & PTE_D);
	ASSERT_EQ(0, rw(self->fd, MS_IOC_WRITE, 0x100010, buf, 1, 0, &a));
	EXPECT_TRUE(query(self->fd, 0x100000).entry & PTE_D);
}

TEST_F(space, copy_stops_at_the_first_page_it_cannot_access)
{
	static unsigned char buf[8 * K];
	struct ms_rw_args a;

	ASSERT_EQ(0, map(self->fd, 0x100000, 2 * K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, map(self->fd, 0x102000, K, 0, R, ALLOC, 0));
	ASSERT_EQ(0, map(self->fd, 0x200000, K, 0x300000, RW, LINEAR, 0));
	/* A hole after 2 pages + 1 read-only page. */
	ASSERT_EQ(0, rw(self->fd, MS_IOC_READ, 0x100800, buf, sizeof(buf), 0,
			&a));
	EXPECT_EQ(3 * K - 0x800, a.done);
	EXPECT_EQ(MS_TOUCH_MAPERR, a.result);
	/* A write stops at the read-only page. */
	ASSERT_EQ(0, rw(self->fd, MS_IOC_WRITE, 0x101000, buf, 2 * K, 0, &a));
	EXPECT_EQ(K, a.done);
	EXPECT_EQ(MS_TOUCH_ACCERR, a.result);
	/* A LINEAR page: never read or written, and left untouched. */
	ASSERT_EQ(0, rw(self->fd, MS_IOC_READ, 0x200000, buf, 8, 0, &a));
	EXPECT_EQ(0, a.done);
	EXPECT_EQ(MS_TOUCH_NODATA, a.result);
	ASSERT_EQ(0, rw(self->fd, MS_IOC_WRITE, 0x200000, buf, 8, 0, &a));
	EXPECT_EQ(MS_TOUCH_NODATA, a.result);
	EXPECT_FALSE(query(self->fd, 0x200000).entry & (PTE_A | PTE_D));
	/* A user-mode access needs a user page. */
	ASSERT_EQ(0, rw(self->fd, MS_IOC_READ, 0x100000, buf, 8,
			MS_PROT_USER, &a));
	EXPECT_EQ(MS_TOUCH_ACCERR, a.result);
	/* Nothing mapped at all. */
	ASSERT_EQ(0, rw(self->fd, MS_IOC_READ, 0x900000, buf, 8, 0, &a));
	EXPECT_EQ(0, a.done);
	EXPECT_EQ(MS_TOUCH_MAPERR, a.result);
}

TEST_F(space, user_access_to_user_pages)
{
	char buf[6] = "hello";
	struct ms_rw_args a;

	ASSERT_EQ(0, map(self->fd, 0x100000, K, 0, RW | MS_PROT_USER, ALLOC,
			 0));
	ASSERT_EQ(0, rw(self->fd, MS_IOC_WRITE, 0x100ffd, buf, 6,
			MS_PROT_USER, &a));
	EXPECT_EQ(3, a.done);
	EXPECT_EQ(MS_TOUCH_MAPERR, a.result);
	ASSERT_EQ(0, rw(self->fd, MS_IOC_READ, 0x100ffd, buf + 3, 3,
			MS_PROT_USER, &a));
	EXPECT_EQ(0, memcmp(buf, "helhel", 6));
}

TEST_F(space, bad_arguments_change_nothing)
{
	unsigned char buf[16];
	struct ms_stats before;
	struct ms_rw_args a;

	ASSERT_EQ(0, map(self->fd, 0x100000, K, 0, RW, ALLOC, 0));
	before = stats(self->fd);
	EXPECT_EQ(-EINVAL, rw(self->fd, MS_IOC_READ, 0x100000, buf, 1,
			      MS_PROT_READ, NULL));
	EXPECT_EQ(-EINVAL, rw(self->fd, MS_IOC_WRITE, 0x100000, buf, 1,
			      0x80000000, NULL));
	EXPECT_EQ(-EINVAL, rw(self->fd, MS_IOC_READ, LIMIT - 8, buf, 9, 0,
			      NULL));
	EXPECT_EQ(-EINVAL, rw(self->fd, MS_IOC_READ, LIMIT + 1, buf, 0, 0,
			      NULL));
	EXPECT_EQ(-EINVAL, rw(self->fd, MS_IOC_READ, ~0ULL, buf, 2, 0, NULL));
	EXPECT_EQ(-EINVAL, rw(self->fd, MS_IOC_READ, 8, buf, ~0ULL, 0, NULL));
	/* Bad buffers: a kernel address, an unmapped one, a bad struct. */
	EXPECT_EQ(-EFAULT, rw(self->fd, MS_IOC_WRITE, 0x100000,
			      (void *)0xffff888000000000ULL, 16, 0, NULL));
	EXPECT_EQ(-EFAULT, rw(self->fd, MS_IOC_WRITE, 0x100000,
			      (void *)0x10, 16, 0, NULL));
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_READ, (void *)0x10));
	EXPECT_TRUE(same_stats(before, stats(self->fd)));
	/* len 0 is a no-op, even at the limit. */
	ASSERT_EQ(0, rw(self->fd, MS_IOC_READ, LIMIT, buf, 0, 0, &a));
	EXPECT_EQ(0, a.done);
	EXPECT_EQ(MS_TOUCH_OK, a.result);
	EXPECT_TRUE(same_stats(before, stats(self->fd)));
}

/* A buffer whose second page is gone: the first is copied, then EFAULT. */
TEST_F(space, bad_buffer_part_way_keeps_what_was_copied)
{
	unsigned char *buf = mmap(NULL, 2 * K, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char check[8];

	ASSERT_NE(MAP_FAILED, buf);
	ASSERT_EQ(0, map(self->fd, 0x100000, 2 * K, 0, RW, ALLOC, 0));
	memset(buf, 'x', 2 * K);
	/* Unmapped, not PROT_NONE: UML's kernel reads PROT_NONE user pages. */
	ASSERT_EQ(0, munmap(buf + K, K));
	EXPECT_EQ(-EFAULT, rw(self->fd, MS_IOC_WRITE, 0x100000, buf, 2 * K, 0,
			      NULL));
	ASSERT_EQ(0, rw(self->fd, MS_IOC_READ, 0x100ff8, check, 8, 0, NULL));
	EXPECT_EQ(0, memcmp(check, "xxxxxxxx", 8));
	munmap(buf, K);
}

/*
 * The same over populated pages, which a copy reaches without a fault
 * (and without checking the buffer first): WRITE and READ stop at the
 * buffer's hole with EFAULT, what came before it copied; nothing is
 * faulted in, nothing allocated.
 */
TEST_F(space, bad_buffer_part_way_over_populated_pages)
{
	unsigned char *buf = mmap(NULL, 3 * K, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char check[8];
	struct ms_stats before;

	ASSERT_NE(MAP_FAILED, buf);
	ASSERT_EQ(0, map(self->fd, 0x100000, 3 * K, 0, RW, ALLOC,
			 MS_MAP_POPULATE));
	before = stats(self->fd);
	memset(buf, 'y', 3 * K);
	ASSERT_EQ(0, munmap(buf + K, K));
	EXPECT_EQ(-EFAULT, rw(self->fd, MS_IOC_WRITE, 0x100000, buf, 3 * K, 0,
			      NULL));
	ASSERT_EQ(0, rw(self->fd, MS_IOC_READ, 0x100ff8, check, 8, 0, NULL));
	EXPECT_EQ(0, memcmp(check, "yyyyyyyy", 8));
	ASSERT_EQ(0, rw(self->fd, MS_IOC_READ, 0x101000, check, 8, 0, NULL));
	EXPECT_EQ(0, memcmp(check, "\0\0\0\0\0\0\0\0", 8));
	/* READ into the same buffer: its first page is filled, then EFAULT. */
	memset(buf, 'z', K);
	EXPECT_EQ(-EFAULT, rw(self->fd, MS_IOC_READ, 0x100000, buf, 3 * K, 0,
			      NULL));
	EXPECT_EQ('y', buf[0]);
	EXPECT_EQ('y', buf[K - 1]);
	EXPECT_TRUE(same_stats(before, stats(self->fd)));
	munmap(buf, K);
	munmap(buf + 2 * K, K);
}

/* The budget runs out while faulting: ENOMEM, what was copied stays. */
TEST(budget_stops_a_long_write)
{
	unsigned long old = get_param("max_pages");
	static unsigned char in[16 * K];
	unsigned char out[8];
	int fd;

	ASSERT_EQ(0, set_param("max_pages", 8));
	fd = open(DEV, O_RDWR);
	ASSERT_EQ(0, set_param("max_pages", old));
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, map(fd, 0x100000, 16 * K, 0, RW, ALLOC, 0));
	memset(in, 'q', sizeof(in));
	/* Root, PDPT, PD, PT: room for 4 frames. */
	EXPECT_EQ(-ENOMEM, rw(fd, MS_IOC_WRITE, 0x100000, in, sizeof(in), 0,
			      NULL));
	EXPECT_EQ(4, stats(fd).data_pages);
	ASSERT_EQ(0, rw(fd, MS_IOC_READ, 0x103ff8, out, 8, 0, NULL));
	EXPECT_EQ(0, memcmp(out, "qqqqqqqq", 8));
	close(fd);
}

static int data_as_nobody(void)
{
	int fd = open(DEV, O_RDWR);
	char buf[32] = "nobody was here";
	struct ms_rw_args a;

	if (fd < 0)
		return 1;
	if (map(fd, 0x100000, K, 0, RW, ALLOC, 0) ||
	    map(fd, 0x200000, K, 0x1000, RW, LINEAR, 0))
		return 2;
	if (rw(fd, MS_IOC_WRITE, 0x100000, buf, sizeof(buf), 0, &a) ||
	    a.done != sizeof(buf))
		return 3;
	memset(buf, 0, sizeof(buf));
	if (rw(fd, MS_IOC_READ, 0x100000, buf, sizeof(buf), 0, &a) ||
	    strcmp(buf, "nobody was here"))
		return 4;
	/* Physical page 1 through a LINEAR map: never read. */
	if (rw(fd, MS_IOC_READ, 0x200000, buf, sizeof(buf), 0, &a) ||
	    a.result != MS_TOUCH_NODATA || a.done)
		return 5;
	close(fd);
	return 0;
}

TEST(data_as_an_unprivileged_caller)
{
	EXPECT_EQ(0, as_nobody(data_as_nobody));
}

TEST_HARNESS_MAIN
