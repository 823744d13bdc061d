// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_semantics: map, unmap, protect, touch, list and clear do what
 * mmap, munmap, mprotect and the MMU do, with the crate's scenarios.
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

TEST_F(space, map_query_list_unmap)
{
	struct ms_area_info info[2];
	struct ms_query_args q;

	ASSERT_EQ(0, map(self->fd, 0x400000, 16 * K, 0x80000000, RW, LINEAR, 0));
	q = query(self->fd, 0x403abc);
	EXPECT_EQ(0x80003abc, q.paddr);
	EXPECT_EQ(4096, q.page_size);
	EXPECT_EQ(RW, q.prot);
	EXPECT_EQ(0x80003000ULL | 0x3 | (1ULL << 63), q.entry); /* P RW NX */
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

TEST_HARNESS_MAIN
