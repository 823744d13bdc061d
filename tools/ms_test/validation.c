// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_validation: every rule an ioctl checks, and what a bad request
 * gets back.
 *
 * Part of the ioctl tests of /dev/memory_set (tools/ms_test/), run as
 * root inside a QEMU guest after insmod, and in the UML debug kernel where
 * the module is built in (KASAN, lockdep). Built on the kernel's kselftest
 * harness. Every rejected call is checked for its errno and for leaving
 * STATS (and where it matters LIST) unchanged.
 */
#define _GNU_SOURCE

#include "kselftest_harness.h"
#include "space_fixture.h"

TEST_F(space, empty_space_has_only_its_root)
{
	struct ms_stats s = stats(self->fd);

	EXPECT_EQ(0, s.nr_areas);
	EXPECT_EQ(0, s.mapped_bytes);
	EXPECT_EQ(1, s.pt_pages);
	EXPECT_EQ(0, s.data_pages);
}

/* Table-driven validation: each bad request fails and changes nothing. */
struct bad_map {
	const char *why;
	struct ms_map_args a;
	int err;
};

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
	{ "unknown flag", { 0x1000, K, 0, R, LINEAR, MS_MAP_ALL + 1, 0 }, -EINVAL },
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
	/* A zeroed struct with only size and limits set works. */
	f = (struct ms_find_free_args){ .size = 2 * K, .limit_start = 0x10000,
		.limit_end = 0x40000 };
	EXPECT_EQ(0, ioc(self->fd, MS_IOC_FIND_FREE, &f));
	EXPECT_EQ(0x20000, f.addr);
	EXPECT_TRUE(same_stats(before, stats(self->fd)));
}

/* Invalid arguments are EINVAL; ENOMEM only means "no fit". */
struct bad_find {
	const char *why;
	struct ms_find_free_args a;
	int err;
};

static const struct bad_find bad_finds[] = {
	{ "align not a power of two", { 0, K, 0, LIMIT, 3 * K }, -EINVAL },
	{ "align below a page", { 0, K, 0, LIMIT, 0x800 }, -EINVAL },
	{ "size 0", { 0, 0, 0, LIMIT, K }, -EINVAL },
	{ "size not page-aligned", { 0, 0x1800, 0, LIMIT, K }, -EINVAL },
	{ "limit_end past 1 << 47", { 0, K, 0, LIMIT + K, K }, -EINVAL },
	{ "size past 1 << 47", { 0, LIMIT + K, 0, LIMIT, 0 }, -EINVAL },
	{ "hint at 1 << 47", { LIMIT, K, 0, LIMIT, 0 }, -EINVAL },
	{ "limit_start > limit_end", { 0, K, 0x30000, 0x20000, 0 }, -EINVAL },
	{ "the whole space, with an area", { 0, LIMIT, 0, LIMIT, 0 }, -ENOMEM },
	{ "align past the limit", { K, K, K, LIMIT, 1ULL << 47 }, -ENOMEM },
	{ "no room below limit_end", { K, K, K, 0x1000, K }, -ENOMEM },
};

TEST_F(space, find_free_rejects_bad_requests)
{
	struct ms_find_free_args f;
	struct ms_stats before;
	unsigned int i;

	ASSERT_EQ(0, map(self->fd, 0x10000, 16 * K, 0, R, ALLOC, 0));
	before = stats(self->fd);
	for (i = 0; i < ARRAY_SIZE(bad_finds); i++) {
		f = bad_finds[i].a;
		EXPECT_EQ(bad_finds[i].err, ioc(self->fd, MS_IOC_FIND_FREE, &f))
			TH_LOG("%s", bad_finds[i].why);
	}
	EXPECT_TRUE(same_stats(before, stats(self->fd)));
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

TEST_HARNESS_MAIN
