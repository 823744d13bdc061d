// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test: the ioctl test program of /dev/memory_set, run as root inside
 * a QEMU guest after insmod, and in the UML debug kernel where the module
 * is built in (KASAN, lockdep). Built on the kernel's kselftest harness.
 *
 * Every rejected call is checked for its errno and for leaving STATS (and
 * where it matters LIST) unchanged.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "ms_util.h"

FIXTURE(space) {
	int fd;
};

FIXTURE_SETUP(space)
{
	self->fd = open(DEV, O_RDWR);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(space)
{
	close(self->fd);
}

TEST_F(space, empty_space_has_only_its_root)
{
	struct ms_stats s = stats(self->fd);

	EXPECT_EQ(0, s.nr_areas);
	EXPECT_EQ(0, s.mapped_bytes);
	EXPECT_EQ(1, s.pt_pages);
	EXPECT_EQ(0, s.data_pages);
}

TEST_F(space, map_query_list_unmap)
{
	struct ms_area_info info[2];
	struct ms_query_args q;

	ASSERT_EQ(0, map(self->fd, 0x400000, 16 * K, 0x80000000, RW, LINEAR, 0));
	q = query(self->fd, 0x403abc);
	EXPECT_EQ(0x80003abc, q.paddr);
	EXPECT_EQ(4096, q.page_size);
	EXPECT_EQ(RW, q.prot);
	EXPECT_EQ(0x80003000ULL | 0x3 | (1ULL << 63) | (1 << 10), q.entry);
	ASSERT_EQ(1, list(self->fd, 0, info, 2));
	EXPECT_EQ(0x400000, info[0].start);
	EXPECT_EQ(16 * K, info[0].size);
	EXPECT_EQ(0x80000000, info[0].phys);
	EXPECT_EQ(RW, info[0].prot);
	EXPECT_EQ(LINEAR, info[0].backend);
	EXPECT_EQ(16 * K, info[0].resident_bytes);
	EXPECT_EQ(4, stats(self->fd).pt_pages);
	ASSERT_EQ(0, unmap(self->fd, 0x400000, 16 * K));
	EXPECT_EQ(0, query(self->fd, 0x403abc).page_size);
	EXPECT_EQ(1, stats(self->fd).pt_pages);
}

/* Table-driven validation: each bad request fails and changes nothing. */
struct bad_map {
	const char *why;
	struct ms_map_args a;
	int err;
};

#define LIMIT MS_ADDR_LIMIT

static const struct bad_map bad_maps[] = {
	{ "start unaligned", { 0x1001, K, 0, R, LINEAR, 0, 0 }, -EINVAL },
	{ "size unaligned", { 0x1000, 0x800, 0, R, LINEAR, 0, 0 }, -EINVAL },
	{ "size 0", { 0x1000, 0, 0, R, LINEAR, 0, 0 }, -EINVAL },
	{ "overflow", { 0xfffffffffffff000ULL, 2 * K, 0, R, LINEAR, 0, 0 }, -EINVAL },
	{ "huge size", { 0x1000, 0xfffffffffffff000ULL, 0, R, ALLOC, 0, 0 }, -EINVAL },
	{ "ends past 1 << 47", { LIMIT - K, 2 * K, 0, R, LINEAR, 0, 0 }, -EINVAL },
	{ "starts at 1 << 47", { LIMIT, K, 0, R, LINEAR, 0, 0 }, -EINVAL },
	{ "non-canonical", { 0xffff800000000000ULL, K, 0, R, ALLOC, 0, 0 }, -EINVAL },
	{ "write-only", { 0x1000, K, 0, MS_PROT_WRITE, LINEAR, 0, 0 }, -EINVAL },
	{ "exec-only", { 0x1000, K, 0, MS_PROT_EXEC, LINEAR, 0, 0 }, -EINVAL },
	{ "user-only", { 0x1000, K, 0, MS_PROT_USER, ALLOC, 0, 0 }, -EINVAL },
	{ "unknown prot", { 0x1000, K, 0, R | 0x20, LINEAR, 0, 0 }, -EINVAL },
	{ "unknown backend", { 0x1000, K, 0, R, 2, 0, 0 }, -EINVAL },
	{ "unknown flag", { 0x1000, K, 0, R, LINEAR, 0x8, 0 }, -EINVAL },
	{ "populate linear", { 0x1000, K, 0, R, LINEAR, MS_MAP_POPULATE, 0 }, -EINVAL },
	{ "huge alloc", { 0x1000, K, 0, R, ALLOC, MS_MAP_HUGE, 0 }, -EINVAL },
	{ "reserved", { 0x1000, K, 0, R, LINEAR, 0, 1 }, -EINVAL },
	{ "phys unaligned", { 0x1000, K, 0x10, R, LINEAR, 0, 0 }, -EINVAL },
	{ "phys past 1 << 52", { 0x1000, K, 1ULL << 52, R, LINEAR, 0, 0 }, -EINVAL },
	{ "phys end past 1 << 52", { 0x1000, 2 * K, (1ULL << 52) - K, R, LINEAR, 0, 0 },
	  -EINVAL },
	{ "alloc with phys", { 0x1000, K, 0x1000, R, ALLOC, 0, 0 }, -EINVAL },
	{ "overlap", { 0x10000, K, 0, R, ALLOC, 0, 0 }, -EEXIST },
	{ "overlap at end", { 0xf000, 2 * K, 0, R, LINEAR, 0, 0 }, -EEXIST },
	{ "over budget", { 0x100000000ULL, 1ULL << 40, 0, R, ALLOC, MS_MAP_POPULATE, 0 },
	  -ENOMEM },
	{ "over budget linear", { 0x100000000ULL, 1ULL << 40, 0, R, LINEAR, 0, 0 },
	  -ENOMEM },
};

TEST_F(space, map_rejects_bad_requests)
{
	struct ms_stats before;
	unsigned int i;

	ASSERT_EQ(0, map(self->fd, 0x10000, 4 * K, 0, RW, ALLOC, MS_MAP_POPULATE));
	before = stats(self->fd);
	for (i = 0; i < ARRAY_SIZE(bad_maps); i++) {
		struct ms_map_args a = bad_maps[i].a;

		EXPECT_EQ(bad_maps[i].err, ioc(self->fd, MS_IOC_MAP, &a))
			TH_LOG("%s", bad_maps[i].why);
		EXPECT_TRUE(same_stats(before, stats(self->fd)))
			TH_LOG("%s changed the space", bad_maps[i].why);
	}
}

TEST_F(space, unmap_and_protect_reject_bad_requests)
{
	static const struct { __u64 start, size; __u32 prot, reserved; } bad[] = {
		{ 0x10800, K, 0, 0 }, { 0x10000, 0x800, 0, 0 }, { 0x10000, 0, 0, 0 },
		{ 0x10000, K, 0, 1 }, { LIMIT - K, 2 * K, 0, 0 },
		{ 0xfffffffffffff000ULL, 2 * K, 0, 0 }, { LIMIT, K, 0, 0 },
	};
	struct ms_stats before;
	struct ms_range_args a;
	unsigned int i;

	ASSERT_EQ(0, map(self->fd, 0x10000, 4 * K, 0, RW, ALLOC, 0));
	before = stats(self->fd);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		a = (struct ms_range_args){ bad[i].start, bad[i].size, bad[i].prot,
					    bad[i].reserved };
		EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_UNMAP, &a)) TH_LOG("case %u", i);
		a.prot = R;
		EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_PROTECT, &a)) TH_LOG("case %u", i);
	}
	/* UNMAP takes no prot; PROTECT refuses write-, exec-only, unknown. */
	EXPECT_EQ(-EINVAL, range_op(self->fd, MS_IOC_UNMAP, 0x10000, K, R));
	EXPECT_EQ(-EINVAL, protect(self->fd, 0x10000, K, MS_PROT_WRITE));
	EXPECT_EQ(-EINVAL, protect(self->fd, 0x10000, K, MS_PROT_EXEC));
	EXPECT_EQ(-EINVAL, protect(self->fd, 0x10000, K, R | 0x40));
	EXPECT_TRUE(same_stats(before, stats(self->fd)));
	EXPECT_EQ(1, nr_areas(self->fd));
	/* PROT_NONE is fine. */
	EXPECT_EQ(0, protect(self->fd, 0x10000, K, 0));
	EXPECT_EQ(2, nr_areas(self->fd));
}

TEST_F(space, find_free)
{
	struct ms_find_free_args f;
	struct ms_stats before;

	ASSERT_EQ(0, map(self->fd, 0x10000, 16 * K, 0, R, ALLOC, 0));
	before = stats(self->fd);
	f = (struct ms_find_free_args){ .hint = 0x10000, .size = 4 * K,
		.limit_start = 0, .limit_end = LIMIT, .align = K };
	ASSERT_EQ(0, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	EXPECT_EQ(0x20000, f.addr);
	f.align = 0x100000;
	ASSERT_EQ(0, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	EXPECT_EQ(0x100000, f.addr);
	f.hint = 0;
	f.align = K;
	ASSERT_EQ(0, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	EXPECT_EQ(0, f.addr);
	/* The only gap that fits ends past limit_end. */
	f = (struct ms_find_free_args){ .hint = 0x8000, .size = 0x10000,
		.limit_start = 0x8000, .limit_end = 0x1f000, .align = K };
	EXPECT_EQ(-ENOMEM, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	f.limit_end = 0x30000;
	EXPECT_EQ(0, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	EXPECT_EQ(0x20000, f.addr);
	/* align 0 means page alignment. */
	f.align = 0;
	EXPECT_EQ(0, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	EXPECT_EQ(0x20000, f.addr);
	/* Bad parameters. */
	f.align = 3 * K;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	f.align = 0x800;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	f.align = K;
	f.size = 0;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	f.size = 0x1800;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	f.size = K;
	f.limit_end = LIMIT + K;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	/* Invalid arguments are EINVAL; ENOMEM only means "no fit". */
	f = (struct ms_find_free_args){ .size = LIMIT + K, .limit_end = LIMIT };
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	f = (struct ms_find_free_args){ .hint = LIMIT, .size = K,
		.limit_end = LIMIT };
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	f = (struct ms_find_free_args){ .size = K, .limit_start = 0x30000,
		.limit_end = 0x20000 };
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	/* A zeroed struct with only size and limits set works. */
	f = (struct ms_find_free_args){ .size = 2 * K, .limit_start = 0x10000,
		.limit_end = 0x40000 };
	EXPECT_EQ(0, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	EXPECT_EQ(0x20000, f.addr);
	/* The whole space is no fit once anything is mapped: ENOMEM. */
	f = (struct ms_find_free_args){ .size = LIMIT, .limit_end = LIMIT };
	EXPECT_EQ(-ENOMEM, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	/* Alignment larger than the limit: nothing fits. */
	f = (struct ms_find_free_args){ .hint = K, .size = K, .limit_start = K,
		.limit_end = LIMIT, .align = 1ULL << 47 };
	EXPECT_EQ(-ENOMEM, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	f.limit_end = 0x1000;
	f.align = K;
	EXPECT_EQ(-ENOMEM, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	EXPECT_TRUE(same_stats(before, stats(self->fd)));
}

TEST_F(space, list_pages_through_areas)
{
	struct ms_area_info info[3];
	struct ms_list_args l;
	unsigned int i, n;
	__u64 from = 0, seen = 0;

	for (i = 0; i < 7; i++)
		ASSERT_EQ(0, map(self->fd, (2 * i + 1) * 0x10000, K, 0, R, ALLOC, 0));
	/* Page through three at a time. */
	do {
		n = list(self->fd, from, info, 3);
		for (i = 0; i < n; i++) {
			EXPECT_EQ((2 * seen + 1) * 0x10000, info[i].start);
			seen++;
		}
		if (n)
			from = info[n - 1].start + info[n - 1].size;
	} while (n == 3);
	EXPECT_EQ(7, seen);
	/* From inside an area: that area first. */
	ASSERT_EQ(1, list(self->fd, 0x10800, info, 1));
	EXPECT_EQ(0x10000, info[0].start);
	EXPECT_EQ(0, list(self->fd, 0xe0000, info, 3));
	/* Capacity 0 writes nothing, even through a bad pointer. */
	l = (struct ms_list_args){ .areas = 8, .capacity = 0 };
	EXPECT_EQ(0, ioc(self->fd, MS_IOC_LIST, &l));
	EXPECT_EQ(0, l.count);
	l = (struct ms_list_args){ .areas = 0, .capacity = 1 };
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_LIST, &l));
	/* A huge capacity stops at the last area. */
	l = (struct ms_list_args){ .areas = (uintptr_t)info, .capacity = ~0U,
				   .from = 0xd0000 };
	EXPECT_EQ(0, ioc(self->fd, MS_IOC_LIST, &l));
	EXPECT_EQ(1, l.count);
}

TEST_F(space, query_and_touch_take_any_address)
{
	struct ms_query_args q = { .vaddr = LIMIT };
	struct ms_touch_args t = { .vaddr = LIMIT, .access = R };

	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_QUERY, &q));
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_TOUCH, &t));
	ASSERT_EQ(0, map(self->fd, LIMIT - K, K, 0, RW, ALLOC, 0));
	EXPECT_EQ(0, query(self->fd, LIMIT - 1).page_size);
	EXPECT_EQ(MS_TOUCH_OK, touch(self->fd, LIMIT - 1, MS_PROT_WRITE));
	q = query(self->fd, LIMIT - 1);
	EXPECT_EQ(4096, q.page_size);
	EXPECT_EQ(0x60, q.entry & 0x60);	/* Accessed, Dirty */
	EXPECT_EQ(MS_TOUCH_MAPERR, touch(self->fd, 0x1234, R));
	/* Access must name a kind of access, and nothing unknown. */
	t = (struct ms_touch_args){ .vaddr = 0, .access = 0 };
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_TOUCH, &t));
	t.access = MS_PROT_USER;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_TOUCH, &t));
	t.access = R | MS_PROT_UNCACHED;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_TOUCH, &t));
}

TEST_F(space, touch_faults_like_the_mmu)
{
	struct ms_query_args q;

	ASSERT_EQ(0, map(self->fd, 0x100000, 4 * K, 0, RW | MS_PROT_USER, ALLOC, 0));
	ASSERT_EQ(0, map(self->fd, 0x200000, K, 0, R, ALLOC, MS_MAP_POPULATE));
	ASSERT_EQ(0, map(self->fd, 0x300000, K, 0, 0, ALLOC, 0));
	ASSERT_EQ(0, map(self->fd, 0x400000, K, 0x1000, RW, LINEAR, 0));
	EXPECT_EQ(1, stats(self->fd).data_pages);
	EXPECT_EQ(0, list(self->fd, 0x100000, (void *)0, 0));

	EXPECT_EQ(MS_TOUCH_OK, touch(self->fd, 0x100010, R | MS_PROT_USER));
	EXPECT_EQ(2, stats(self->fd).data_pages);
	q = query(self->fd, 0x100000);
	EXPECT_EQ(0x20, q.entry & 0x60);		/* Accessed only */
	EXPECT_EQ(MS_TOUCH_OK, touch(self->fd, 0x100010, MS_PROT_WRITE));
	EXPECT_EQ(0x60, query(self->fd, 0x100000).entry & 0x60);
	EXPECT_EQ(MS_TOUCH_ACCERR, touch(self->fd, 0x100000, MS_PROT_EXEC));
	EXPECT_EQ(MS_TOUCH_ACCERR, touch(self->fd, 0x200000, MS_PROT_WRITE));
	EXPECT_EQ(MS_TOUCH_ACCERR, touch(self->fd, 0x200000, MS_PROT_EXEC));
	EXPECT_EQ(MS_TOUCH_ACCERR, touch(self->fd, 0x400000, R | MS_PROT_USER));
	EXPECT_EQ(MS_TOUCH_ACCERR, touch(self->fd, 0x300000, R));
	EXPECT_EQ(MS_TOUCH_MAPERR, touch(self->fd, 0x500000, R));
	EXPECT_EQ(MS_TOUCH_OK, touch(self->fd, 0x400fff, MS_PROT_WRITE));
	EXPECT_EQ(2, stats(self->fd).data_pages);
}

TEST_F(space, clear_then_reuse)
{
	ASSERT_EQ(0, map(self->fd, G, G, G, RW, LINEAR, MS_MAP_HUGE));
	ASSERT_EQ(0, map(self->fd, 0x10000, 64 * K, 0, RW, ALLOC, MS_MAP_POPULATE));
	ASSERT_EQ(0, ioctl(self->fd, MS_IOC_CLEAR, 0));
	EXPECT_TRUE(same_stats((struct ms_stats){ 0, 0, 1, 0 }, stats(self->fd)));
	ASSERT_EQ(0, map(self->fd, 0x10000, 64 * K, 0, RW, ALLOC, MS_MAP_POPULATE));
	EXPECT_EQ(64, stats(self->fd).data_pages);
	ASSERT_EQ(0, ioctl(self->fd, MS_IOC_CLEAR, 0));
	ASSERT_EQ(0, ioctl(self->fd, MS_IOC_CLEAR, 0));
	EXPECT_EQ(1, stats(self->fd).pt_pages);
}

TEST_F(space, bad_pointers_fault_and_change_nothing)
{
	static const unsigned long cmds[] = {
		MS_IOC_MAP, MS_IOC_UNMAP, MS_IOC_PROTECT, MS_IOC_FIND_FREE,
		MS_IOC_LIST, MS_IOC_QUERY, MS_IOC_TOUCH, MS_IOC_STATS,
	};
	void *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct ms_stats before;
	struct ms_query_args *ro;
	unsigned int i;

	ASSERT_NE(MAP_FAILED, gone);
	ASSERT_EQ(0, munmap(gone, 4096));
	ASSERT_EQ(0, map(self->fd, 0x10000, 4 * K, 0, RW, ALLOC, 0));
	before = stats(self->fd);
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		EXPECT_EQ(-EFAULT, ioc(self->fd, cmds[i], NULL)) TH_LOG("cmd %#lx", cmds[i]);
		EXPECT_EQ(-EFAULT, ioc(self->fd, cmds[i], gone)) TH_LOG("cmd %#lx", cmds[i]);
		EXPECT_EQ(-EFAULT, ioc(self->fd, cmds[i], (void *)1)) TH_LOG("cmd %#lx", cmds[i]);
	}
	/* A read-only buffer for a command that writes back. */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		  -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ro->vaddr = 0x10000;
	ASSERT_EQ(0, mprotect(ro, 4096, PROT_READ));
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_QUERY, ro));
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_STATS, ro));
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_LIST, ro));
	EXPECT_TRUE(same_stats(before, stats(self->fd)));
	munmap(ro, 4096);
}

TEST_F(space, unknown_commands)
{
	struct ms_stats s;

	EXPECT_EQ(-ENOTTY, ioc(self->fd, _IO(MS_IOC_MAGIC, 0x7f), NULL));
	EXPECT_EQ(-ENOTTY, ioc(self->fd, _IOR('x', 0x09, struct ms_stats), &s));
	/* The right number with the wrong size is another command. */
	EXPECT_EQ(-ENOTTY, ioc(self->fd, _IOR(MS_IOC_MAGIC, 0x09, __u64), &s));
}

TEST_F(space, address_spaces_are_isolated)
{
	int other = open(DEV, O_RDWR);

	ASSERT_LE(0, other);
	ASSERT_EQ(0, map(self->fd, 0x10000, K, 0x111000, R, LINEAR, 0));
	ASSERT_EQ(0, map(other, 0x10000, K, 0x222000, R, LINEAR, 0));
	EXPECT_EQ(0x111000, query(self->fd, 0x10000).paddr);
	EXPECT_EQ(0x222000, query(other, 0x10000).paddr);
	ASSERT_EQ(0, unmap(other, 0x10000, K));
	EXPECT_EQ(1, nr_areas(self->fd));
	EXPECT_EQ(0, nr_areas(other));
	close(other);
	EXPECT_EQ(0x111000, query(self->fd, 0x10000).paddr);
}

TEST_F(space, replace_and_huge_leaves)
{
	struct ms_query_args q;

	ASSERT_EQ(0, map(self->fd, G, G, 2 * G, RW, LINEAR, MS_MAP_HUGE));
	EXPECT_EQ(2, stats(self->fd).pt_pages);
	q = query(self->fd, G + 0x12345);
	EXPECT_EQ(1U << 30, q.page_size);
	EXPECT_EQ(2 * G + 0x12345, q.paddr);
	EXPECT_EQ(-EEXIST, map(self->fd, G + 4 * M, K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, map(self->fd, G + 4 * M, K, 0, R, ALLOC,
			 MS_MAP_REPLACE | MS_MAP_POPULATE));
	EXPECT_EQ(3, nr_areas(self->fd));
	EXPECT_EQ(4, stats(self->fd).pt_pages);	/* root, PDPT, PD, PT */
	EXPECT_EQ(4096, query(self->fd, G + 4 * M + K).page_size);
	EXPECT_EQ(2 * G + 4 * M + K, query(self->fd, G + 4 * M + K).paddr);
	EXPECT_EQ(2U << 20, query(self->fd, G + 6 * M).page_size);
	EXPECT_EQ(R, query(self->fd, G + 4 * M).prot);
	ASSERT_EQ(0, unmap(self->fd, 0, LIMIT));
	EXPECT_TRUE(same_stats((struct ms_stats){ 0, 0, 1, 0 }, stats(self->fd)));
}

TEST_F(space, map_the_whole_lower_half)
{
	struct ms_stats before;

	/* Lazy anonymous memory needs no table: the whole half fits. */
	ASSERT_EQ(0, map(self->fd, 0, LIMIT, 0, RW, ALLOC, 0));
	EXPECT_EQ(-EEXIST, map(self->fd, 0, LIMIT, 0, R, ALLOC, 0));
	EXPECT_EQ(MS_TOUCH_OK, touch(self->fd, LIMIT - 1, MS_PROT_WRITE));
	before = stats(self->fd);
	/* 2^35 small entries are far over the budget: the old one stays. */
	EXPECT_EQ(-ENOMEM, map(self->fd, 0, LIMIT, 0, R, LINEAR, MS_MAP_REPLACE));
	EXPECT_TRUE(same_stats(before, stats(self->fd)));
	EXPECT_EQ(RW, query(self->fd, LIMIT - 1).prot);
	/* With 1 GiB leaves it is 256 tables: replaced. */
	ASSERT_EQ(0, map(self->fd, 0, LIMIT, 0, R, LINEAR,
			 MS_MAP_REPLACE | MS_MAP_HUGE));
	EXPECT_EQ(1, nr_areas(self->fd));
	EXPECT_EQ(0, stats(self->fd).data_pages);
	EXPECT_EQ(1 + 256, stats(self->fd).pt_pages);
	EXPECT_EQ(LIMIT - 1, query(self->fd, LIMIT - 1).paddr);
	ASSERT_EQ(0, unmap(self->fd, 0, LIMIT));
	EXPECT_TRUE(same_stats((struct ms_stats){ 0, 0, 1, 0 }, stats(self->fd)));
}

TEST_F(space, debugfs_shows_the_space)
{
	char path[96];
	int id, found = 0;

	ASSERT_EQ(0, map(self->fd, 0x7770000, 2 * K, 0, RW, ALLOC, MS_MAP_POPULATE));
	EXPECT_TRUE(file_contains("/sys/kernel/debug/memory_set/spaces", ""));
	/* The newest space is ours: look for its area in every maps file. */
	for (id = 1; id < 4096 && !found; id++) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/memory_set/%d/maps", id);
		found = file_contains(path, "000007770000-000007772000 rw--- alloc");
	}
	ASSERT_TRUE(found);
	snprintf(path, sizeof(path), "/sys/kernel/debug/memory_set/%d/pagetable",
		 id - 1);
	EXPECT_TRUE(file_contains(path, "000007770000-000007772000     2 x 4K rw--- owned"));
	EXPECT_FALSE(file_contains("/sys/kernel/debug/memory_set/pages_held", "\n0\n"));
}

#define TRACE "/sys/kernel/tracing/trace"

TEST_F(space, trace_events_record_operations)
{
	const char *ev = "/sys/kernel/tracing/events/memory_set/enable";
	const char *split = "ms_area_split: [0x5550000, 0x5551000) | [0x5551000, 0x5552000)";

	ASSERT_EQ(0, write_file(TRACE, ""));
	ASSERT_EQ(0, write_file(ev, "1"));
	ASSERT_EQ(0, map(self->fd, 0x5550000, 4 * K, 0, RW, ALLOC, 0));
	ASSERT_EQ(0, protect(self->fd, 0x5551000, K, R));
	EXPECT_EQ(MS_TOUCH_OK, touch(self->fd, 0x5550000, MS_PROT_WRITE));
	ASSERT_EQ(0, unmap(self->fd, 0x5550000, 4 * K));
	ASSERT_EQ(0, write_file(ev, "0"));
	EXPECT_TRUE(file_contains(TRACE, "ms_map: [0x5550000, 0x5554000) flags 0x3 ret 0"));
	EXPECT_TRUE(file_contains(TRACE, split));
	EXPECT_TRUE(file_contains(TRACE, "ms_protect: [0x5551000, 0x5552000) flags 0x1 ret 0"));
	EXPECT_TRUE(file_contains(TRACE, "ms_touch: 0x5550000 access 0x2 (page fault) -> ok"));
	EXPECT_TRUE(file_contains(TRACE, "ms_pt_alloc: table of level 0"));
	EXPECT_TRUE(file_contains(TRACE, "ms_unmap: [0x5550000, 0x5554000) flags 0x0 ret 0"));
}

static struct ms_batch_op bop(__u32 op, __u64 start, __u64 size, __u32 prot,
			      __u32 backend, __u32 flags)
{
	return (struct ms_batch_op){ .op = op, .result = 12345,
		.args = { .start = start, .size = size, .prot = prot,
			  .backend = backend, .flags = flags } };
}

TEST_F(space, batch_runs_each_op_and_reports_it)
{
	struct ms_batch_op ops[] = {
		bop(MS_BATCH_MAP, 0x10000, 16 * K, RW, ALLOC, MS_MAP_POPULATE),
		bop(MS_BATCH_MAP, 0x10000, K, R, ALLOC, 0),		/* EEXIST */
		bop(MS_BATCH_PROTECT, 0x11000, K, R, 0, 0),
		bop(MS_BATCH_UNMAP, 0x14000, 4 * K, 0, 0, 0),
		bop(MS_BATCH_UNMAP, 0x10000, K, R, 0, 0),		/* prot */
		bop(7, 0x10000, K, 0, 0, 0),				/* op */
		bop(MS_BATCH_UNMAP, 0x10000, K, 0, 0, MS_MAP_REPLACE),	/* flags */
		bop(MS_BATCH_MAP, 0x10001, K, R, ALLOC, 0),		/* align */
	};
	struct ms_batch_args b = { .ops = (uintptr_t)ops, .count = 8 };

	ASSERT_EQ(0, ioc(self->fd, MS_IOC_BATCH, &b));
	EXPECT_EQ(8, b.done);
	EXPECT_EQ(0, ops[0].result);
	EXPECT_EQ(-EEXIST, ops[1].result);
	EXPECT_EQ(0, ops[2].result);
	EXPECT_EQ(0, ops[3].result);
	EXPECT_EQ(-EINVAL, ops[4].result);
	EXPECT_EQ(-EINVAL, ops[5].result);
	EXPECT_EQ(-EINVAL, ops[6].result);
	EXPECT_EQ(-EINVAL, ops[7].result);
	EXPECT_EQ(4, nr_areas(self->fd));	/* protect cut one, unmap another */
	EXPECT_EQ(12, stats(self->fd).data_pages);
	EXPECT_EQ(R, query(self->fd, 0x11000).prot);

	/* Stop at the first failure: the rest is not run. */
	ops[0] = bop(MS_BATCH_UNMAP, 0x10000, K, 0, 0, 0);
	ops[1] = bop(MS_BATCH_MAP, 0x11000, K, R, ALLOC, 0);	/* EEXIST */
	ops[2] = bop(MS_BATCH_UNMAP, 0x11000, K, 0, 0, 0);
	b = (struct ms_batch_args){ .ops = (uintptr_t)ops, .count = 3,
				    .flags = MS_BATCH_STOP_ON_ERROR };
	ASSERT_EQ(0, ioc(self->fd, MS_IOC_BATCH, &b));
	EXPECT_EQ(2, b.done);
	EXPECT_EQ(0, ops[0].result);
	EXPECT_EQ(-EEXIST, ops[1].result);
	EXPECT_EQ(12345, ops[2].result);
	EXPECT_EQ(R, query(self->fd, 0x11000).prot);
	b = (struct ms_batch_args){ .ops = 0, .count = 0 };
	EXPECT_EQ(0, ioc(self->fd, MS_IOC_BATCH, &b));
	EXPECT_EQ(0, b.done);
}

TEST_F(space, batch_rejects_bad_headers_and_buffers)
{
	struct ms_batch_op *ops = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct ms_batch_args b = { .ops = (uintptr_t)ops, .count = 2 };
	struct ms_stats before = stats(self->fd);

	ASSERT_NE(MAP_FAILED, ops);
	ASSERT_EQ(0, munmap((char *)ops + 4096, 4096));	/* a hole after it */
	ops[0] = bop(MS_BATCH_MAP, 0x10000, K, R, ALLOC, 0);
	ops[1] = bop(MS_BATCH_MAP, 0x20000, K, R, ALLOC, 0);
	b.count = MS_BATCH_MAX + 1;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_BATCH, &b));
	b.count = 2;
	b.flags = 0x2;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_BATCH, &b));
	b.flags = 0;
	b.reserved = 1;
	EXPECT_EQ(-EINVAL, ioc(self->fd, MS_IOC_BATCH, &b));
	b.reserved = 0;
	/* The array runs off the end of the mapping: nothing is done. */
	b.ops = (uintptr_t)ops + 4096 - sizeof(*ops);
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_BATCH, &b));
	b.ops = 16;
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_BATCH, &b));
	/* A read-only array cannot take the results: nothing is done. */
	b.ops = (uintptr_t)ops;
	ASSERT_EQ(0, mprotect(ops, 4096, PROT_READ));
	EXPECT_EQ(-EFAULT, ioc(self->fd, MS_IOC_BATCH, &b));
	EXPECT_TRUE(same_stats(before, stats(self->fd)));
	munmap(ops, 4096);
}

/* The crate's scenarios through the ioctls, scaled so 0x80 is a page. */
#define S(x)	((__u64)(x) * 0x20)

static void map_even(struct __test_metadata *_metadata, int fd, __u32 prot)
{
	__u64 a;

	for (a = 0; a < 0x10000; a += 0x2000)
		ASSERT_EQ(0, map(fd, S(a), S(0x1000), 0, prot, ALLOC, 0));
}

TEST_F(space, crate_map_unmap)
{
	__u64 a;

	map_even(_metadata, self->fd, R);
	for (a = 0x1000; a < 0x10000; a += 0x2000)
		ASSERT_EQ(0, map(self->fd, S(a), S(0x1000), 0, RW, ALLOC, 0));
	EXPECT_EQ(16, nr_areas(self->fd));
	EXPECT_EQ(-EEXIST, map(self->fd, S(0x4000), S(0x4000), 0, R, ALLOC, 0));
	ASSERT_EQ(0, map(self->fd, S(0x4000), S(0x4000), 0, R, ALLOC, MS_MAP_REPLACE));
	EXPECT_EQ(13, nr_areas(self->fd));
	ASSERT_EQ(0, unmap(self->fd, S(0x4000), S(0x8000)));
	EXPECT_EQ(8, nr_areas(self->fd));
	ASSERT_EQ(0, unmap(self->fd, 0, S(0x20000)));
	EXPECT_EQ(0, nr_areas(self->fd));
}

TEST_F(space, crate_unmap_split)
{
	struct ms_area_info info[16];
	__u64 a;
	int i;

	map_even(_metadata, self->fd, R);
	for (a = 0; a < 0x10000; a += 0x2000)
		ASSERT_EQ(0, unmap(self->fd, S(a + 0xc00), S(0x1800)));
	EXPECT_EQ(8, nr_areas(self->fd));
	for (a = 0; a < 0x10000; a += 0x2000)
		ASSERT_EQ(0, unmap(self->fd, S(a + 0x800), S(0x100)));
	ASSERT_EQ(16, list(self->fd, 0, info, 16));
	for (i = 0; i < 16; i++) {
		__u64 off = info[i].start % S(0x1000);

		if (off == 0) {
			EXPECT_EQ(S(0x800), info[i].size);
		} else if (off == S(0x400)) {
			EXPECT_EQ(S(0x400), info[i].size);
		} else {
			EXPECT_EQ(S(0x900), off);
			EXPECT_EQ(S(0x300), info[i].size);
		}
	}
}

TEST_F(space, crate_protect)
{
	const __u32 rwx = R | MS_PROT_WRITE | MS_PROT_EXEC;
	struct ms_area_info info;
	__u64 a;

	map_even(_metadata, self->fd, rwx);
	for (a = 0; a < 0x10000; a += 0x2000)
		ASSERT_EQ(0, protect(self->fd, S(a + 0xc00), S(0x1800), R));
	EXPECT_EQ(23, nr_areas(self->fd));
	for (a = 0; a < 0x10000; a += 0x2000)
		ASSERT_EQ(0, protect(self->fd, S(a + 0x800), S(0x100), RW));
	EXPECT_EQ(39, nr_areas(self->fd));
	for (a = 0; a < 0x10000; a += 0x2000)
		ASSERT_EQ(0, protect(self->fd, S(a + 0x880), S(0x80), RW));
	EXPECT_EQ(39, nr_areas(self->fd));
	ASSERT_EQ(1, list(self->fd, S(0x2880), &info, 1));
	EXPECT_EQ(S(0x2800), info.start);
	EXPECT_EQ(S(0x100), info.size);
	EXPECT_EQ(RW, info.prot);
}

TEST_F(space, crate_find_free_area)
{
	static const __u64 cases[][3] = {
		{ 0, 0x1000, 0x1000 }, { 0x800, 0x800, 0x1000 },
		{ 0x1800, 0x800, 0x1800 }, { 0x1800, 0x1000, 0x3000 },
		{ 0x2000, 0x1000, 0x3000 }, { 0xf000, 0x1000, 0xf000 },
	};
	struct ms_find_free_args f;
	unsigned int i;

	map_even(_metadata, self->fd, R);
	for (i = 0; i < 6; i++) {
		f = (struct ms_find_free_args){ .hint = S(cases[i][0]),
			.size = S(cases[i][1]), .limit_end = S(0x10000), .align = K };
		ASSERT_EQ(0, ioc(self->fd, MS_IOC_FIND_FREE, &f));
		EXPECT_EQ(S(cases[i][2]), f.addr);
	}
	f = (struct ms_find_free_args){ .hint = S(0xf001), .size = S(0x1000),
		.limit_end = S(0x10000), .align = K };
	EXPECT_EQ(-ENOMEM, ioc(self->fd, MS_IOC_FIND_FREE, &f));
}

/* Threads hammering one fd: the lock keeps every operation whole. */
static void *hammer(void *arg)
{
	int fd = *(int *)arg, i;
	__u64 base = (rand() % 8) * 0x100000;
	unsigned int seed = (unsigned int)(uintptr_t)&fd;

	for (i = 0; i < 2000; i++) {
		__u64 a = base + (rand_r(&seed) % 64) * K;

		switch (rand_r(&seed) % 5) {
		case 0:
			map(fd, a, (1 + rand_r(&seed) % 8) * K, 0, RW, ALLOC,
			    rand_r(&seed) % 2 ? MS_MAP_REPLACE : 0);
			break;
		case 1:
			unmap(fd, a, (1 + rand_r(&seed) % 8) * K);
			break;
		case 2:
			protect(fd, a, (1 + rand_r(&seed) % 8) * K,
				rand_r(&seed) % 2 ? R : RW);
			break;
		case 3:
			touch(fd, a, MS_PROT_WRITE);
			break;
		default:
			stats(fd);
		}
	}
	return NULL;
}

TEST_F(space, threads_hammer_one_fd)
{
	struct ms_area_info info[64];
	pthread_t t[8];
	unsigned int i, n;
	__u64 from = 0, end = 0, resident = 0;

	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, hammer, &self->fd));
	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, pthread_join(t[i], NULL));
	/* Areas are sorted and disjoint; resident pages match data pages. */
	do {
		n = list(self->fd, from, info, 64);
		for (i = 0; i < n; i++) {
			EXPECT_LE(end, info[i].start);
			end = info[i].start + info[i].size;
			resident += info[i].resident_bytes;
		}
		from = end;
	} while (n == 64);
	EXPECT_EQ(resident / K, stats(self->fd).data_pages);
	ASSERT_EQ(0, ioctl(self->fd, MS_IOC_CLEAR, 0));
	EXPECT_TRUE(same_stats((struct ms_stats){ 0, 0, 1, 0 }, stats(self->fd)));
}

TEST(many_fds_at_once)
{
	int fds[64], i;

	for (i = 0; i < 64; i++) {
		fds[i] = open(DEV, O_RDWR);
		ASSERT_LE(0, fds[i]);
		ASSERT_EQ(0, map(fds[i], i * M, (i + 1) * K, 0, RW, ALLOC,
				 MS_MAP_POPULATE));
	}
	for (i = 0; i < 64; i++) {
		EXPECT_EQ((unsigned int)i + 1, stats(fds[i]).data_pages);
		close(fds[i]);
	}
}

TEST(unprivileged_callers)
{
	struct stat st;
	pid_t pid;
	int status;

	ASSERT_EQ(0, stat(DEV, &st));
	EXPECT_EQ(0600, st.st_mode & 0777);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(10);
		/* Root-only by default. */
		if (open(DEV, O_RDWR) >= 0 || errno != EACCES)
			_exit(11);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* Widened by an admin: usable, but frames' addresses stay hidden. */
	ASSERT_EQ(0, chmod(DEV, 0666));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct ms_area_info info;
		struct ms_query_args q;
		int fd;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		fd = open(DEV, O_RDWR);
		if (fd < 0)
			_exit(11);
		if (map(fd, 0x10000, K, 0, RW, ALLOC, MS_MAP_POPULATE))
			_exit(12);
		q = query(fd, 0x10000);
		if (q.paddr || (q.entry & 0x000ffffffffff000ULL) || !q.page_size)
			_exit(13);
		if (list(fd, 0, &info, 1) != 1 || info.phys)
			_exit(14);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(0, chmod(DEV, 0600));
}

TEST(root_sees_frame_addresses)
{
	int fd = open(DEV, O_RDWR);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, map(fd, 0x10000, K, 0, RW, ALLOC, MS_MAP_POPULATE));
	EXPECT_NE(0, query(fd, 0x10000).paddr);
	close(fd);
}

TEST_HARNESS_MAIN
