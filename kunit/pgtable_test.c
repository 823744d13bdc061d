// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the private page table, each run over every format:
 * entry bits, translations, table reclaim, huge leaves and their
 * splitting, the MMU's walk, and allocation failures. A space of L levels
 * needs L - 2 tables above a 1 GiB leaf (the root included), L - 1 above a
 * 2 MiB one and L above a 4 KiB one; the counts below follow from that.
 * The exact entries of each format are in pt_format_test.c.
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "fail.h"
#include "pgtable.h"
#include "prot.h"
#include "pt_util.h"

KUNIT_ARRAY_PARAM(fmt, pt_test_formats, pt_test_format_desc);

/* What one entry of the root maps (a PML4 entry in x86-64 4-level). */
static u64 top_span(const struct ms_pgtable *pt)
{
	return ms_pt_level_size(pt->fmt->levels - 1);
}

/* Where the tables end. */
static u64 span(const struct ms_pgtable *pt)
{
	return ms_pt_level_size(pt->fmt->levels);
}

/* The tables a map of 16 MiB of 4 KiB pages across a root entry needs. */
static unsigned long straddle_tables(const struct ms_pgtable *pt)
{
	return 2 * (pt->fmt->levels - 2) + 8;
}

static struct ms_pgtable *pt_new(struct kunit *test, unsigned long max_pages)
{
	struct ms_pgtable *pt = kunit_kzalloc(test, sizeof(*pt), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pt);
	KUNIT_ASSERT_EQ(test, ms_pt_init(pt, pt_test_format(test), max_pages),
			0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, 1);
	test->priv = pt;
	return pt;
}

static int pt_test_init(struct kunit *test)
{
	ms_fail_nth = 0;
	ms_fail_blocks = false;
	test->priv = NULL;
	return 0;
}

static void pt_test_exit(struct kunit *test)
{
	struct ms_pgtable *pt = test->priv;

	ms_fail_nth = 0;
	ms_fail_blocks = false;
	if (pt)
		ms_pt_destroy(pt);
}

/* The bits that tell the levels' leaves apart (x86's PS). */
static u64 leaf_types(const struct ms_pt_format *fmt)
{
	u64 types = 0;
	int l;

	for (l = 0; l < MS_PT_MAX_LEVELS; l++)
		types |= fmt->leaf_type[l];
	return types;
}

/* Expect @va to map @pa through a leaf of @level with permissions @perm. */
static void expect_leaf(struct kunit *test, struct ms_pgtable *pt, u64 va,
			u64 pa, int level, u32 prot)
{
	const struct ms_pt_format *fmt = pt->fmt;
	struct ms_pt_leaf leaf;

	KUNIT_ASSERT_TRUE_MSG(test, ms_pt_lookup(pt, va, &leaf), "va %#llx", va);
	KUNIT_EXPECT_EQ_MSG(test, leaf.phys, pa, "va %#llx", va);
	KUNIT_EXPECT_EQ_MSG(test, leaf.level, level, "va %#llx", va);
	KUNIT_EXPECT_EQ_MSG(test, leaf.entry & fmt->perm,
			    ms_pt_prot_bits(pt, prot), "va %#llx", va);
	KUNIT_EXPECT_EQ_MSG(test, leaf.prot, prot, "va %#llx", va);
	/* The software leaf bit only where the MMU sees no entry. */
	KUNIT_EXPECT_EQ(test, !!(leaf.entry & fmt->leaf),
			!(leaf.entry & fmt->present));
	KUNIT_EXPECT_EQ(test, leaf.entry & leaf_types(fmt),
			fmt->leaf_type[level]);
}

static void expect_no_leaf(struct kunit *test, struct ms_pgtable *pt, u64 va)
{
	struct ms_pt_leaf leaf;

	KUNIT_EXPECT_FALSE_MSG(test, ms_pt_lookup(pt, va, &leaf), "va %#llx", va);
}

static void test_entry_bits(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	const struct ms_pt_format *fmt = pt->fmt;
	const u64 va = 0x400000, pa = 0x12345000;
	struct ms_pt_leaf leaf;
	u32 prot;
	u64 e;

	for (prot = 0; prot <= 0x1f; prot++) {
		if (prot && !(prot & MS_VM_READ))
			continue;
		if (prot & ~fmt->prot_mask) {
			/* What the format cannot express (EPT's USER). */
			KUNIT_EXPECT_EQ(test, ms_pt_map(pt, va, pa, SZ_4K, prot,
							0), -EINVAL);
			continue;
		}
		KUNIT_ASSERT_EQ(test, ms_pt_map(pt, va, pa, SZ_4K, prot, 0), 0);
		KUNIT_ASSERT_TRUE(test, ms_pt_lookup(pt, va, &leaf));
		e = leaf.entry;
		KUNIT_EXPECT_EQ(test, leaf.phys, pa);
		KUNIT_EXPECT_EQ(test, e & fmt->addr_mask,
				(pa >> 12) << fmt->addr_shift);
		KUNIT_EXPECT_EQ(test, !!(e & fmt->present), !!prot);
		KUNIT_EXPECT_EQ(test, e & fmt->perm, ms_pt_prot_bits(pt, prot));
		KUNIT_EXPECT_EQ(test, e & ~fmt->perm & ~fmt->addr_mask,
				(prot ? 0 : fmt->leaf) | fmt->leaf_type[0]);
		KUNIT_EXPECT_EQ(test, fmt->entry_prot(e), prot);
		KUNIT_EXPECT_EQ(test, leaf.prot, prot);
		KUNIT_EXPECT_FALSE(test, leaf.accessed || leaf.dirty || leaf.owned);
		KUNIT_ASSERT_EQ(test, ms_pt_unmap(pt, va, SZ_4K), 0);
		expect_no_leaf(test, pt, va);
		KUNIT_EXPECT_EQ(test, pt->nr_tables, 1);
	}
}

static void test_translate_every_page(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	const u64 va = 0x7f0000, pa = 0x80000000;
	u32 rw = MS_VM_READ | MS_VM_WRITE;
	u32 ro = MS_VM_READ;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, va, pa, 64 * SZ_4K, rw, 0), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_unmap(pt, va + 8 * SZ_4K, 8 * SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_protect(pt, va + 20 * SZ_4K, 8 * SZ_4K, ro),
			0);
	for (i = 0; i < 64; i++) {
		if (i >= 8 && i < 16)
			expect_no_leaf(test, pt, va + i * SZ_4K);
		else
			expect_leaf(test, pt, va + i * SZ_4K + 0x123,
				    pa + i * SZ_4K + 0x123, 0,
				    i >= 20 && i < 28 ? ro : rw);
	}
	KUNIT_EXPECT_EQ(test, ms_pt_mapped_bytes(pt, va, 64 * SZ_4K),
			56 * SZ_4K);
	expect_no_leaf(test, pt, va - SZ_4K);
	expect_no_leaf(test, pt, va + 64 * SZ_4K);
}

/*
 * 16 MiB across a boundary between root entries: on each side one table
 * per level between the root and the last level, and 4 last-level tables
 * (root + 2 PDPT + 2 PD + 8 PT in x86-64 4-level).
 */
static void test_reclaim_across_root_entries(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	const u64 va = top_span(pt) - SZ_8M, size = SZ_16M;
	unsigned long n = straddle_tables(pt);
	u32 rw = MS_VM_READ | MS_VM_WRITE;

	KUNIT_EXPECT_EQ(test, ms_pt_tables_needed(pt, va, size, 0, 0), n);
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, va, 0, size, rw, 0), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, n + 1);
	KUNIT_EXPECT_EQ(test, pt->nr_pool, 0);
	expect_leaf(test, pt, va, 0, 0, rw);
	expect_leaf(test, pt, top_span(pt), SZ_8M, 0, rw);
	expect_leaf(test, pt, va + size - SZ_4K, size - SZ_4K, 0, rw);
	/* Unmapping one last-level table's worth frees exactly that table. */
	KUNIT_ASSERT_EQ(test, ms_pt_unmap(pt, va, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, n);
	/* Unmapping the low half frees every table of that side. */
	KUNIT_ASSERT_EQ(test, ms_pt_unmap(pt, va, SZ_8M), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, 1 + (pt->fmt->levels - 2) + 4);
	KUNIT_ASSERT_EQ(test, ms_pt_unmap(pt, 0, span(pt)), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, 1);
	KUNIT_EXPECT_EQ(test, ms_pt_mapped_bytes(pt, 0, span(pt)), 0);
}

static void test_huge_leaves(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	u32 rw = MS_VM_READ | MS_VM_WRITE;

	/* 1 GiB + 2 MiB + 4 KiB, all aligned: one leaf of each size. */
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, SZ_1G, 3ULL * SZ_1G,
					SZ_1G + SZ_2M + SZ_4K, rw,
					MS_PT_LEVEL_1G), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, pt->fmt->levels);
	expect_leaf(test, pt, SZ_1G + 0x1234567, 3ULL * SZ_1G + 0x1234567,
		    MS_PT_LEVEL_1G, rw);
	expect_leaf(test, pt, 2ULL * SZ_1G + 0x1234, 4ULL * SZ_1G + 0x1234,
		    MS_PT_LEVEL_2M, rw);
	expect_leaf(test, pt, 2ULL * SZ_1G + SZ_2M, 4ULL * SZ_1G + SZ_2M, 0, rw);
	/* Misaligned physical address: only 4 KiB leaves. */
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, 8ULL * SZ_1G, SZ_4K, SZ_2M, rw,
					MS_PT_LEVEL_1G), 0);
	expect_leaf(test, pt, 8ULL * SZ_1G, SZ_4K, 0, rw);
	/* A 2 MiB limit: a 1 GiB range becomes 512 2 MiB leaves. */
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, 16ULL * SZ_1G, 0, SZ_1G, rw,
					MS_PT_LEVEL_2M), 0);
	expect_leaf(test, pt, 17ULL * SZ_1G - 1, SZ_1G - 1, MS_PT_LEVEL_2M, rw);
	KUNIT_EXPECT_EQ(test, ms_pt_mapped_bytes(pt, 0, span(pt)),
			2ULL * SZ_1G + SZ_4M + SZ_4K);
}

/* Sv48 and Sv57 have 512 GiB leaves; the other formats stop at 1 GiB. */
static void test_512g_leaves(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	const u64 g512 = ms_pt_level_size(MS_PT_LEVEL_512G);
	u32 rw = MS_VM_READ | MS_VM_WRITE;
	int top = min(pt->fmt->max_leaf_level, MS_PT_LEVEL_512G);

	if (span(pt) < 4 * g512)
		kunit_skip(test, "no room for 512 GiB leaves");
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, g512, 2 * g512, g512, rw,
					MS_PT_LEVEL_512G), 0);
	expect_leaf(test, pt, g512 + SZ_1G + 0x1234, 2 * g512 + SZ_1G + 0x1234,
		    top, rw);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, pt->fmt->levels - top);
	/* A page cut out of it: 512G -> 1G -> 2M -> 4K, one level at a time. */
	KUNIT_ASSERT_EQ(test, ms_pt_unmap(pt, g512 + SZ_1G + SZ_2M, SZ_4K), 0);
	expect_leaf(test, pt, g512 + SZ_1G + SZ_2M + SZ_4K,
		    2 * g512 + SZ_1G + SZ_2M + SZ_4K, 0, rw);
	expect_leaf(test, pt, g512, 2 * g512, min(top, MS_PT_LEVEL_1G), rw);
	KUNIT_EXPECT_EQ(test, ms_pt_mapped_bytes(pt, 0, span(pt)),
			g512 - SZ_4K);
	KUNIT_ASSERT_EQ(test, ms_pt_unmap(pt, g512, g512), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, 1);
}

/* Unmap one 4 KiB page inside a 1 GiB leaf: 1G -> 2M leaves -> one PT. */
static void test_unmap_page_in_1g_leaf(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	u32 rw = MS_VM_READ | MS_VM_WRITE;
	const u64 va = SZ_1G, pa = 5ULL * SZ_1G, hole = va + SZ_4M + SZ_8K;
	u64 off;

	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, va, pa, SZ_1G, rw, MS_PT_LEVEL_1G),
			0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, pt->fmt->levels - 2);
	KUNIT_ASSERT_EQ(test, ms_pt_unmap(pt, hole, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, pt->fmt->levels);
	expect_no_leaf(test, pt, hole);
	/* Every other page of the cut 2 MiB translates as before, 4 KiB. */
	for (off = SZ_4M; off < SZ_4M + SZ_2M; off += SZ_4K)
		if (va + off != hole)
			expect_leaf(test, pt, va + off, pa + off, 0, rw);
	/* Every other 2 MiB block is a 2 MiB leaf. */
	for (off = 0; off < SZ_1G; off += SZ_2M)
		if (off != SZ_4M)
			expect_leaf(test, pt, va + off + SZ_4K, pa + off + SZ_4K,
				    MS_PT_LEVEL_2M, rw);
	KUNIT_EXPECT_EQ(test, ms_pt_mapped_bytes(pt, va, SZ_1G), SZ_1G - SZ_4K);
	KUNIT_ASSERT_EQ(test, ms_pt_unmap(pt, va, SZ_1G), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, 1);
}

/* Protect one 4 KiB page inside a 2 MiB leaf. */
static void test_protect_page_in_2m_leaf(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	u32 rw = MS_VM_READ | MS_VM_WRITE;
	u32 ro = MS_VM_READ;
	const u64 va = SZ_1G, pa = SZ_2M, page = va + SZ_2M + 3 * SZ_4K;
	u64 off;

	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, va, pa, SZ_4M, rw, MS_PT_LEVEL_1G),
			0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, pt->fmt->levels - 1);
	KUNIT_ASSERT_EQ(test, ms_pt_protect(pt, page, SZ_4K, ro), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, pt->fmt->levels);
	for (off = SZ_2M; off < SZ_4M; off += SZ_4K)
		expect_leaf(test, pt, va + off, pa + off, 0,
			    va + off == page ? ro : rw);
	expect_leaf(test, pt, va, pa, MS_PT_LEVEL_2M, rw);
}

/* A split changes no translation; an unsplit restores the very same table. */
static void test_split_then_unsplit(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	struct pt_dump *before = kunit_kzalloc(test, sizeof(*before), GFP_KERNEL);
	struct pt_dump *after = kunit_kzalloc(test, sizeof(*after), GFP_KERNEL);
	u32 rx = MS_VM_READ | MS_VM_EXEC;
	const u64 va = SZ_1G, cut = va + SZ_16M + SZ_4K;
	unsigned long undo, noop;
	struct ms_pt_leaf leaf;

	KUNIT_ASSERT_NOT_NULL(test, before);
	KUNIT_ASSERT_NOT_NULL(test, after);
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, va, 0, SZ_1G, rx, MS_PT_LEVEL_1G), 0);
	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, va, MS_VM_READ), MS_ACCESS_OK);
	pt_dump_take(test, pt, before);
	KUNIT_ASSERT_EQ(test, ms_pt_split(pt, cut, &undo), 0);
	KUNIT_EXPECT_NE(test, undo, 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, pt->fmt->levels);
	expect_leaf(test, pt, cut, SZ_16M + SZ_4K, 0, rx);
	expect_leaf(test, pt, va, 0, MS_PT_LEVEL_2M, rx);
	/* Accessed was copied down to the smaller leaves. */
	KUNIT_ASSERT_TRUE(test, ms_pt_lookup(pt, cut, &leaf));
	KUNIT_EXPECT_TRUE(test, leaf.accessed);
	/* Already a boundary: nothing to do, and so nothing to undo. */
	KUNIT_ASSERT_EQ(test, ms_pt_split(pt, cut, &noop), 0);
	KUNIT_EXPECT_EQ(test, noop, 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, pt->fmt->levels);
	ms_pt_unsplit(pt, cut, noop);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, pt->fmt->levels);
	/* Undone in reverse order: now the real one. */
	ms_pt_unsplit(pt, cut, undo);
	pt_dump_take(test, pt, after);
	pt_dump_expect_equal(test, before, after);
	KUNIT_EXPECT_TRUE(test, before->entry[0] & pt->fmt->accessed);
}

/* Whether the format checks the privilege of an access (not EPT). */
static bool has_user(const struct ms_pgtable *pt)
{
	return pt->fmt->prot_mask & MS_VM_USER;
}

static void test_access(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	const struct ms_pt_format *fmt = pt->fmt;
	struct ms_pt_leaf leaf;
	const u64 ro = 0x10000, rw = 0x20000, exec = 0x40000;
	u32 r = MS_VM_READ;

	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, ro, 0, SZ_4K, r, 0), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, rw, 0, SZ_4K, r | MS_VM_WRITE, 0),
			0);
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, exec, 0, SZ_4K, r | MS_VM_EXEC, 0),
			0);

	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, 0x50000, r), MS_ACCESS_MAPERR);
	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, ro, MS_VM_WRITE), MS_ACCESS_ACCERR);
	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, ro, MS_VM_EXEC), MS_ACCESS_ACCERR);
	KUNIT_ASSERT_TRUE(test, ms_pt_lookup(pt, ro, &leaf));
	KUNIT_EXPECT_FALSE(test, leaf.accessed || leaf.dirty);

	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, ro + 8, r), MS_ACCESS_OK);
	KUNIT_ASSERT_TRUE(test, ms_pt_lookup(pt, ro, &leaf));
	KUNIT_EXPECT_EQ(test, leaf.entry & (fmt->accessed | fmt->dirty),
			fmt->accessed);

	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, rw, MS_VM_WRITE), MS_ACCESS_OK);
	KUNIT_ASSERT_TRUE(test, ms_pt_lookup(pt, rw, &leaf));
	KUNIT_EXPECT_EQ(test, leaf.entry & (fmt->accessed | fmt->dirty),
			fmt->accessed | fmt->dirty);
	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, exec, MS_VM_EXEC), MS_ACCESS_OK);
	/* PROT_NONE keeps the leaf but makes it not present. */
	KUNIT_ASSERT_EQ(test, ms_pt_protect(pt, rw, SZ_4K, 0), 0);
	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, rw, r), MS_ACCESS_MAPERR);
	KUNIT_ASSERT_TRUE(test, ms_pt_lookup(pt, rw, &leaf));
	KUNIT_EXPECT_EQ(test, leaf.entry & fmt->present, 0);
	KUNIT_EXPECT_EQ(test, leaf.dirty, !!fmt->dirty);
}

/* User and supervisor accesses, where the format tells them apart. */
static void test_access_privilege(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	const u64 kern = 0x10000, user = 0x30000, uexec = 0x40000;
	u32 r = MS_VM_READ, u = MS_VM_USER, x = MS_VM_EXEC;

	if (!has_user(pt)) {
		/* EPT: no USER leaf, and the privilege plays no part. */
		KUNIT_EXPECT_EQ(test, ms_pt_map(pt, user, 0, SZ_4K, r | u, 0),
				-EINVAL);
		KUNIT_ASSERT_EQ(test, ms_pt_map(pt, kern, 0, SZ_4K, r | x, 0), 0);
		KUNIT_EXPECT_EQ(test, ms_pt_access(pt, kern, r | u), MS_ACCESS_OK);
		KUNIT_EXPECT_EQ(test, ms_pt_access(pt, kern, x | u), MS_ACCESS_OK);
		return;
	}
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, kern, 0, SZ_4K, r | x, 0), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, user, 0, SZ_4K, r | u, 0), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, uexec, 0, SZ_4K, r | u | x, 0), 0);
	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, kern, r | u), MS_ACCESS_ACCERR);
	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, kern, x | u), MS_ACCESS_ACCERR);
	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, user, r | u), MS_ACCESS_OK);
	/* A supervisor load from a user page (no SMAP, SUM, no PAN). */
	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, user, r), MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, uexec, x | u), MS_ACCESS_OK);
	/* A supervisor fetch from a user page: RISC-V and AArch64 fault. */
	KUNIT_EXPECT_EQ(test, ms_pt_access(pt, uexec, x),
			pt->fmt->user_no_kexec ? MS_ACCESS_ACCERR : MS_ACCESS_OK);
}

static void test_owned_frames(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	u32 rw = MS_VM_READ | MS_VM_WRITE;
	struct ms_pt_leaf a, b;

	KUNIT_ASSERT_EQ(test, ms_pt_map_frames(pt, 0x100000, 8 * SZ_4K, rw), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_frames, 8);
	KUNIT_ASSERT_TRUE(test, ms_pt_lookup(pt, 0x100000, &a));
	KUNIT_ASSERT_TRUE(test, ms_pt_lookup(pt, 0x101000, &b));
	KUNIT_EXPECT_TRUE(test, a.entry & pt->fmt->owned);
	KUNIT_EXPECT_TRUE(test, a.owned);
	KUNIT_EXPECT_NE(test, a.phys, b.phys);
	KUNIT_ASSERT_EQ(test, ms_pt_unmap(pt, 0x102000, 2 * SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_frames, 6);
	/* Destroy (in exit) frees the rest; KASAN/kmemleak watch it. */
}

/* Only an empty table changes its format, and that allocates nothing. */
static void test_set_format(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	const struct ms_pt_format *fmt = pt->fmt;

	KUNIT_ASSERT_EQ(test, ms_pt_set_format(pt, &ms_pt_riscv_sv39), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_set_format(pt, fmt), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, 1);
	KUNIT_ASSERT_EQ(test, ms_pt_map_frames(pt, 0, SZ_4K, MS_VM_READ), 0);
	KUNIT_EXPECT_EQ(test, ms_pt_set_format(pt, fmt), -EBUSY);
	KUNIT_ASSERT_EQ(test, ms_pt_unmap(pt, 0, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, ms_pt_set_format(pt, &ms_pt_arm64_4k), 0);
	KUNIT_EXPECT_PTR_EQ(test, pt->fmt, &ms_pt_arm64_4k);
	KUNIT_EXPECT_EQ(test, ms_pt_set_format(pt, fmt), 0);
}

/* Physical addresses the format cannot hold are refused. */
static void test_phys_limit(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);
	u64 top = pt->fmt->phys_limit;

	KUNIT_EXPECT_EQ(test, ms_pt_map(pt, 0, top, SZ_4K, MS_VM_READ, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ms_pt_map(pt, 0, top - SZ_4K, SZ_8K, MS_VM_READ,
					0), -EINVAL);
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, 0, top - SZ_4K, SZ_4K, MS_VM_READ,
					0), 0);
	expect_leaf(test, pt, 0x123, top - SZ_4K + 0x123, 0, MS_VM_READ);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, pt->fmt->levels);
}

/* A budget of L + 4 pages: L - 1 tables and 4 frames besides the root. */
static void test_budget(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, pt_test_format(test)->levels + 4);
	u32 rw = MS_VM_READ | MS_VM_WRITE;

	/* More tables needed than the budget has. */
	KUNIT_EXPECT_EQ(test, ms_pt_map(pt, top_span(pt) - SZ_8M, 0, SZ_16M, rw,
					0), -ENOMEM);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, 1);
	KUNIT_EXPECT_EQ(test, ms_pt_map_frames(pt, 0, 8 * SZ_4K, rw), -ENOMEM);
	KUNIT_EXPECT_EQ(test, pt->nr_frames, 0);
	KUNIT_EXPECT_EQ(test, ms_pt_map_frames(pt, 0, 4 * SZ_4K, rw), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_tables + pt->nr_frames, pt->max_pages);
	KUNIT_EXPECT_EQ(test, ms_pt_map_frames(pt, SZ_1M, SZ_4K, rw), -ENOMEM);
}

/*
 * Fail the 1st, 2nd, ... allocation of an operation until it succeeds,
 * with no block of pages free: every page one allocation, so that
 * @min_allocs counts pages (space_fail_test.c sweeps the blocks too).
 */
typedef int (*pt_op_fn)(struct ms_pgtable *pt);

static void fail_every_alloc(struct kunit *test, struct ms_pgtable *pt,
			     pt_op_fn op, unsigned int min_allocs)
{
	struct pt_dump *before = kunit_kzalloc(test, sizeof(*before), GFP_KERNEL);
	struct pt_dump *after = kunit_kzalloc(test, sizeof(*after), GFP_KERNEL);
	unsigned int n;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, before);
	KUNIT_ASSERT_NOT_NULL(test, after);
	pt_dump_take(test, pt, before);
	ms_fail_blocks = true;
	for (n = 1; n < 10000; n++) {
		ms_fail_nth = n;
		err = op(pt);
		ms_fail_nth = 0;
		if (!err)
			break;
		KUNIT_ASSERT_EQ(test, err, -ENOMEM);
		KUNIT_EXPECT_EQ(test, pt->nr_pool, 0);
		pt_dump_take(test, pt, after);
		pt_dump_expect_equal(test, before, after);
	}
	ms_fail_blocks = false;
	KUNIT_EXPECT_EQ(test, n, min_allocs + 1);
}

static int op_map_straddle(struct ms_pgtable *pt)
{
	return ms_pt_map(pt, top_span(pt) - SZ_8M, 0, SZ_16M, MS_VM_READ, 0);
}

static int op_map_frames(struct ms_pgtable *pt)
{
	return ms_pt_map_frames(pt, top_span(pt) - 4 * SZ_4K, 8 * SZ_4K,
				MS_VM_READ);
}

static int op_unmap_in_1g(struct ms_pgtable *pt)
{
	return ms_pt_unmap(pt, SZ_1G + SZ_2M + SZ_4K, SZ_4K);
}

static int op_protect_across_1g(struct ms_pgtable *pt)
{
	/* Cuts 1G -> 2M -> 4K at the start, then one 2M -> 4K at the end. */
	return ms_pt_protect(pt, SZ_1G + SZ_4K, SZ_1G - SZ_8K,
			     (MS_VM_READ));
}

/*
 * The page table's fast paths against the slow ones, on the same inputs:
 * a 4 KiB map inside a last-level table that exists (existing_pt(): one
 * walk) against the same map counted and filled from the root, and
 * unmap and protect of 4 KiB-only ranges without looking for a leaf to
 * split (ms_pt_unmap_leaves(), ms_pt_protect_leaves()) against
 * ms_pt_unmap() and ms_pt_protect(): the same leaves, tables and counts.
 */
static void test_fast_and_slow_paths_agree(struct kunit *test)
{
	struct pt_dump *fast = kunit_kzalloc(test, sizeof(*fast), GFP_KERNEL);
	struct pt_dump *slow = kunit_kzalloc(test, sizeof(*slow), GFP_KERNEL);
	struct ms_pgtable *a = pt_new(test, 4096), *b;
	u64 va = SZ_1G, pa = 0x80000000ULL;

	KUNIT_ASSERT_NOT_NULL(test, fast);
	KUNIT_ASSERT_NOT_NULL(test, slow);
	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_EQ(test, ms_pt_init(b, pt_test_format(test), 4096), 0);
	/*
	 * Two maps in one last-level table, in both orders: the first of
	 * each builds the tables from the root, the second fills the table
	 * in place, so each map is made once each way.
	 */
	KUNIT_ASSERT_EQ(test, ms_pt_map(a, va, pa, SZ_4K, MS_VM_READ, 0), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_map(a, va + SZ_8K, pa + SZ_8K, SZ_16K,
					MS_VM_READ | MS_VM_WRITE, 0), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_map(b, va + SZ_8K, pa + SZ_8K, SZ_16K,
					MS_VM_READ | MS_VM_WRITE, 0), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_map(b, va, pa, SZ_4K, MS_VM_READ, 0), 0);
	pt_dump_take(test, a, fast);
	pt_dump_take(test, b, slow);
	pt_dump_expect_equal(test, fast, slow);
	/* Protect and unmap, leaves-only on @a, the general way on @b. */
	ms_pt_protect_leaves(a, va + SZ_8K, SZ_8K, MS_VM_READ);
	KUNIT_EXPECT_EQ(test, ms_pt_protect(b, va + SZ_8K, SZ_8K, MS_VM_READ),
			0);
	ms_pt_unmap_leaves(a, va, (3 * SZ_4K));
	KUNIT_EXPECT_EQ(test, ms_pt_unmap(b, va, (3 * SZ_4K)), 0);
	pt_dump_take(test, a, fast);
	pt_dump_take(test, b, slow);
	pt_dump_expect_equal(test, fast, slow);
	KUNIT_EXPECT_EQ(test, fast->nr, 3);
	ms_pt_destroy(b);
}

static void test_fail_map(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);

	fail_every_alloc(test, pt, op_map_straddle, straddle_tables(pt));
	KUNIT_EXPECT_EQ(test, pt->nr_tables, straddle_tables(pt) + 1);
}

static void test_fail_map_frames(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);

	/* The tables below the root on each side of its boundary, 8 frames. */
	fail_every_alloc(test, pt, op_map_frames,
			 2 * (pt->fmt->levels - 1) + 8);
}

static void test_fail_split(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);

	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, SZ_1G, 0, SZ_1G,
					(MS_VM_READ),
					MS_PT_LEVEL_1G), 0);
	fail_every_alloc(test, pt, op_unmap_in_1g, 2);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, pt->fmt->levels);
}

static void test_fail_split_both_edges(struct kunit *test)
{
	struct ms_pgtable *pt = pt_new(test, 64);

	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, SZ_1G, 0, SZ_1G,
					(MS_VM_READ |
						       MS_VM_WRITE),
					MS_PT_LEVEL_1G), 0);
	fail_every_alloc(test, pt, op_protect_across_1g, 3);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, pt->fmt->levels + 1);
}

static struct kunit_case memory_set_pgtable_cases[] = {
	KUNIT_CASE_PARAM(test_entry_bits, fmt_gen_params),
	KUNIT_CASE_PARAM(test_translate_every_page, fmt_gen_params),
	KUNIT_CASE_PARAM(test_reclaim_across_root_entries, fmt_gen_params),
	KUNIT_CASE_PARAM(test_huge_leaves, fmt_gen_params),
	KUNIT_CASE_PARAM(test_512g_leaves, fmt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_page_in_1g_leaf, fmt_gen_params),
	KUNIT_CASE_PARAM(test_protect_page_in_2m_leaf, fmt_gen_params),
	KUNIT_CASE_PARAM(test_split_then_unsplit, fmt_gen_params),
	KUNIT_CASE_PARAM(test_access, fmt_gen_params),
	KUNIT_CASE_PARAM(test_access_privilege, fmt_gen_params),
	KUNIT_CASE_PARAM(test_owned_frames, fmt_gen_params),
	KUNIT_CASE_PARAM(test_set_format, fmt_gen_params),
	KUNIT_CASE_PARAM(test_phys_limit, fmt_gen_params),
	KUNIT_CASE_PARAM(test_budget, fmt_gen_params),
	KUNIT_CASE_PARAM(test_fast_and_slow_paths_agree, fmt_gen_params),
	KUNIT_CASE_PARAM(test_fail_map, fmt_gen_params),
	KUNIT_CASE_PARAM(test_fail_map_frames, fmt_gen_params),
	KUNIT_CASE_PARAM(test_fail_split, fmt_gen_params),
	KUNIT_CASE_PARAM(test_fail_split_both_edges, fmt_gen_params),
	{}
};

static struct kunit_suite memory_set_pgtable_suite = {
	.name = "memory_set_pgtable",
	.init = pt_test_init,
	.exit = pt_test_exit,
	.test_cases = memory_set_pgtable_cases,
};

kunit_test_suite(memory_set_pgtable_suite);
