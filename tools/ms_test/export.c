// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_export: MS_IOC_EXPORT, a space's page table as an image to hand
 * to a real MMU, in every format. The image is walked here by a decoder of
 * its own, written from the architecture manuals rather than taken from
 * the module: a table entry and a leaf are told apart by the hardware's
 * bits (x86 and EPT: PS at levels 1-2; RISC-V: R, W or X; AArch64: the
 * descriptor type), and the address by each format's field. For every
 * page of a space with LINEAR 4 KiB and huge leaves, a split huge leaf,
 * ALLOC pages written and lazy, a PROT_NONE page with its frame and a
 * clone's shared frames, the image must translate as QUERY says, name
 * only its own pages or the LINEAR phys, and hold each frame's bytes.
 * Also: the errors of the ABI, and that exporting changes nothing.
 *
 * Part of the ioctl tests of /dev/memory_set (tools/ms_test/), run as
 * root inside a QEMU guest after insmod, and in the UML debug kernel.
 */
#define _GNU_SOURCE
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "util.h"

#define BASE	0x80000000000ULL	/* where the image is meant to be loaded */
#define LIN	0x10000000ULL	/* LINEAR phys */

#include "../mmu/image.h"

static int set_format(int fd, __u32 format)
{
	struct ms_format_args a = { .format = format };

	return ioc(fd, MS_IOC_SET_FORMAT, &a);
}

static int rw(int fd, unsigned long cmd, __u64 va, void *buf, __u64 len)
{
	struct ms_rw_args a = { .vaddr = va, .buf = (uintptr_t)buf, .len = len };
	int err = ioc(fd, cmd, &a);

	return err ?: (a.result == MS_TOUCH_OK ? 0 : 1000 + (int)a.result);
}

static int export(int fd, void *buf, __u64 len, __u64 base,
		  struct ms_export_args *a)
{
	*a = (struct ms_export_args){ .buf = (uintptr_t)buf, .len = len,
				      .base = base };
	return ioc(fd, MS_IOC_EXPORT, a);
}

/*
 * The space: 64 KiB of LINEAR 4K pages, 1 GiB of huge LINEAR (one leaf
 * split down to 4K), 8 populated ALLOC pages, 32 lazy ones of which 6
 * written, 4 PROT_NONE pages with their frames; then a clone.
 */
static int fill_space(int fd, const struct fmt *f, int *child)
{
	__u32 u = f->format == MS_FORMAT_X86_EPT ? 0 : MS_PROT_USER;
	char data[64];
	int i;

	if (set_format(fd, f->format) ||
	    map(fd, 0x400000, 16 * K, LIN, RW | u, LINEAR, 0) ||
	    map(fd, G, G, G, RW | MS_PROT_EXEC, LINEAR, MS_MAP_HUGE) ||
	    unmap(fd, G + 2 * M + 4 * K, 4 * K) ||
	    map(fd, 0x800000, 8 * K, 0, R | u, ALLOC, MS_MAP_POPULATE) ||
	    map(fd, 0x900000, 32 * K, 0, RW | u, ALLOC, 0) ||
	    map(fd, 0xa00000, 4 * K, 0, RW, ALLOC, MS_MAP_POPULATE))
		return -1;
	for (i = 0; i < 6; i++) {
		snprintf(data, sizeof(data), "page %d of format %u", i,
			 f->format);
		if (rw(fd, MS_IOC_WRITE, 0x900000 + i * 5 * K, data,
		       strlen(data) + 1))
			return -2;
	}
	/* A PROT_NONE page that keeps its frame; a clone shares the rest. */
	if (protect(fd, 0xa00000, 4 * K, 0))
		return -3;
	*child = ioctl(fd, MS_IOC_CLONE);
	return *child < 0 ? -4 : 0;
}

/* Every page of @start..@end: the image translates it as QUERY says. */
static void check_range(struct __test_metadata *_metadata, int fd,
			const struct image *im, __u64 start, __u64 end,
			__u64 step, int linear, unsigned int *frames_seen)
{
	static char want[4096];
	struct ms_query_args q;
	__u64 va, leaf, pa, attr_mask;
	int level;

	for (va = start; va < end; va += step) {
		q = query(fd, va);
		leaf = image_walk(im, va, &level);
		ASSERT_NE(~0ULL, leaf) TH_LOG("%#llx: a table outside the image",
					      (unsigned long long)va);
		if (!q.page_size || !(q.prot & MS_PROT_READ)) {
			/* No translation, or PROT_NONE: the MMU faults. */
			EXPECT_EQ(0, leaf);
			continue;
		}
		ASSERT_NE(0, leaf) TH_LOG("%#llx: no leaf in the image",
					  (unsigned long long)va);
		EXPECT_EQ(q.page_size, 4096ULL << (9 * level));
		/* Every bit but the address is the live entry's. */
		attr_mask = ~(entry_addr(im->format, ~0ULL) |
			      (im->format >= MS_FORMAT_RISCV_SV39 &&
			       im->format <= MS_FORMAT_RISCV_SV57 ?
				       0x003ffffffffffc00ULL : 0));
		EXPECT_EQ(q.entry & attr_mask, leaf & attr_mask)
			TH_LOG("%#llx: entry %#llx, image %#llx",
			       (unsigned long long)va,
			       (unsigned long long)q.entry,
			       (unsigned long long)leaf);
		pa = entry_addr(im->format, leaf) + (va & (q.page_size - 1));
		if (linear) {
			/* LINEAR: the caller's phys, as it is. */
			EXPECT_EQ(q.paddr, pa);
			continue;
		}
		/* ALLOC: a page of the image, after the tables, with the data. */
		EXPECT_GE(pa, BASE);
		ASSERT_LT(pa, BASE + im->size);
		ASSERT_EQ(0, rw(fd, MS_IOC_READ, va, want, 4096));
		EXPECT_EQ(0, memcmp(want, (const char *)im->words + (pa - BASE),
				    4096));
		(*frames_seen)++;
	}
}

TEST(export_translates_as_the_space_in_every_format)
{
	struct ms_export_args a;
	struct ms_stats s;
	struct image im;
	unsigned int f, frames;
	void *buf;
	int fd, child;

	for (f = 0; f < ARRAY_SIZE(fmts); f++) {
		fd = open(DEV, O_RDWR);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, fill_space(fd, &fmts[f], &child));
		s = stats(fd);
		/* Asking for the size: ENOSPC, size and root written back. */
		EXPECT_EQ(-ENOSPC, export(fd, NULL, 0, BASE, &a));
		EXPECT_EQ(4096 * (s.pt_pages + s.data_pages), a.size);
		EXPECT_EQ(BASE, a.root);
		buf = mmap(NULL, a.size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ASSERT_NE(MAP_FAILED, buf);
		EXPECT_EQ(-ENOSPC, export(fd, buf, a.size - 1, BASE, &a));
		ASSERT_EQ(0, export(fd, buf, a.size, BASE, &a));
		im = (struct image){ buf, a.size, fmts[f].format,
				     fmts[f].levels, BASE };
		frames = 0;
		check_range(_metadata, fd, &im, 0x400000, 0x410000, 4096, 1,
			    &frames);
		check_range(_metadata, fd, &im, 0x410000, 0xa10000, 4096, 0,
			    &frames);
		check_range(_metadata, fd, &im, G, 2 * G, 2 * M, 1, &frames);
		check_range(_metadata, fd, &im, G + 2 * M, G + 4 * M, 4096, 1,
			    &frames);
		/* 8 populated + 6 written (lazy ones hold nothing). */
		EXPECT_EQ(14, frames);
		munmap(buf, a.size);
		close(child);
		close(fd);
	}
}

/*
 * Walk the image's tables from the root in pre-order, as the export
 * promises to lay them out: the n-th table met is page n. Every nonzero
 * leaf that names a page of the image (a frame; a PROT_NONE one too) is
 * the next frame page, in address order.
 */
static void preorder(struct __test_metadata *_metadata, const struct image *im,
		     __u64 table, int level, unsigned int *tables,
		     unsigned int *frames, unsigned int nr_tables)
{
	const __u64 *w = im->words + (table - BASE) / 8;
	__u64 e, addr;
	int i;

	ASSERT_EQ(BASE + 4096ULL * (*tables)++, table);
	for (i = 0; i < 512; i++) {
		e = w[i];
		if (!e)
			continue;
		addr = entry_addr(im->format, e);
		if (entry_valid(im->format, e) &&
		    !entry_leaf(im->format, e, level)) {
			preorder(_metadata, im, addr, level - 1, tables, frames,
				 nr_tables);
			continue;
		}
		if (addr >= BASE && addr < BASE + im->size)
			EXPECT_EQ(BASE + 4096ULL * (nr_tables + (*frames)++),
				  addr);
	}
}

/* The image of @fd's space: pre-order tables, then every frame. */
static void check_layout(struct __test_metadata *_metadata, int fd,
			 const struct fmt *f)
{
	unsigned int tables = 0, frames = 0;
	struct ms_stats s = stats(fd);
	struct ms_export_args a;
	struct image im;
	void *buf;

	EXPECT_EQ(-ENOSPC, export(fd, NULL, 0, BASE, &a));
	EXPECT_EQ(4096 * (s.pt_pages + s.data_pages), a.size);
	buf = malloc(a.size);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, export(fd, buf, a.size, BASE, &a));
	im = (struct image){ buf, a.size, f->format, f->levels, BASE };
	preorder(_metadata, &im, BASE, f->levels - 1, &tables, &frames,
		 s.pt_pages);
	EXPECT_EQ(s.pt_pages, tables);
	EXPECT_EQ(s.data_pages, frames);
	free(buf);
}

TEST(export_lays_out_tables_in_depth_first_order_then_frames)
{
	unsigned int f;
	int fd, child;

	for (f = 0; f < ARRAY_SIZE(fmts); f++) {
		fd = open(DEV, O_RDWR);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, fill_space(fd, &fmts[f], &child));
		check_layout(_metadata, fd, &fmts[f]);
		/* The clone's image: its own tables, the frames it shares. */
		check_layout(_metadata, child, &fmts[f]);
		close(child);
		close(fd);
	}
}

TEST(export_changes_nothing_and_refuses_bad_arguments)
{
	static const __u64 untouched[] = { 0x800000, 0x801000, 0x400000 };
	struct ms_query_args before[3], after;
	struct ms_export_args a;
	struct ms_stats s0, s1;
	void *buf, *half;
	__u64 i;
	int fd, child;

	fd = open(DEV, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fill_space(fd, &fmts[0], &child));
	/* Pages nothing has accessed: no Accessed bit yet. */
	for (i = 0; i < 3; i++)
		before[i] = query(fd, untouched[i]);
	EXPECT_EQ(0, before[0].entry & (1 << 5));
	s0 = stats(fd);
	EXPECT_EQ(-ENOSPC, export(fd, NULL, 0, BASE, &a));
	buf = malloc(a.size);
	ASSERT_NE(NULL, buf);
	/* Short: ENOSPC, and not a byte written. */
	memset(buf, 0xaa, a.size);
	EXPECT_EQ(-ENOSPC, export(fd, buf, a.size - 1, BASE, &a));
	for (i = 0; i < a.size; i++)
		if (((unsigned char *)buf)[i] != 0xaa)
			break;
	EXPECT_EQ(a.size, i);
	ASSERT_EQ(0, export(fd, buf, a.size, BASE, &a));
	for (i = 0; i < 3; i++) {
		after = query(fd, untouched[i]);
		EXPECT_EQ(0, memcmp(&before[i], &after, sizeof(after)));
	}
	s1 = stats(fd);
	EXPECT_TRUE(same_stats(s0, s1));
	/* A buffer good for its first page only: EFAULT, nothing changed. */
	half = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, half);
	munmap((char *)half + 4096, 4096);
	EXPECT_EQ(-EFAULT, export(fd, half, a.size, BASE, &a));
	munmap(half, 4096);
	EXPECT_TRUE(same_stats(s0, stats(fd)));
	/* base: aligned, and the image within 52 physical bits. */
	EXPECT_EQ(-EINVAL, export(fd, buf, a.size, BASE + 1, &a));
	EXPECT_EQ(-EINVAL, export(fd, buf, a.size, (1ULL << 52) - 4096, &a));
	EXPECT_EQ(-EINVAL, export(fd, buf, a.size, 1ULL << 52, &a));
	a = (struct ms_export_args){ .buf = (uintptr_t)buf, .len = 1 << 20,
				     .base = BASE, .flags = 1 };
	EXPECT_EQ(-EINVAL, ioc(fd, MS_IOC_EXPORT, &a));
	a.flags = 0;
	a.reserved = 1;
	EXPECT_EQ(-EINVAL, ioc(fd, MS_IOC_EXPORT, &a));
	/* A bad buffer: EFAULT, nothing changed. */
	EXPECT_EQ(-EFAULT, export(fd, (void *)16, 1 << 20, BASE, &a));
	EXPECT_EQ(-EFAULT, ioc(fd, MS_IOC_EXPORT, (void *)16));
	EXPECT_TRUE(same_stats(s0, stats(fd)));
	/* Read access is enough; write-only is not. */
	free(buf);
	close(child);
	close(fd);
	fd = open(DEV, O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EBADF, export(fd, NULL, 0, BASE, &a));
	close(fd);
	fd = open(DEV, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-ENOSPC, export(fd, NULL, 0, BASE, &a));
	EXPECT_EQ(4096, a.size); /* an empty space: its root */
	close(fd);
}

TEST_HARNESS_MAIN
