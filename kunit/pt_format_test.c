// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the exact entries of every page-table format: for a table
 * of cases per format (4 KiB pages, huge leaves, PROT_NONE, an access that
 * sets Accessed and Dirty, a huge leaf split by a protect), the raw entry
 * the walk finds and the bits of the table entries above it. The values
 * are written out by hand from the manuals (see each format's header for
 * the section), not computed from the module's macros.
 */
#include <kunit/test.h>
#include <linux/io.h>
#include <linux/sizes.h>

#include "pgtable.h"
#include "prot.h"
#include "pt_util.h"

#define R	MS_VM_READ
#define W	MS_VM_WRITE
#define X	MS_VM_EXEC
#define U	MS_VM_USER
#define UC	MS_VM_UNCACHED

/**
 * struct enc_case - one mapping and the entry it must make
 * @name: the case
 * @fmt: the format
 * @va: first address mapped
 * @pa: its physical address
 * @size: length mapped
 * @prot: MS_VM_* bits of the map
 * @max_level: the largest leaf allowed
 * @access: an access made after the map (0: none)
 * @cut: if not 0, protect [@cut, @cut + 4 KiB) with @prot (a split)
 * @level: the level of the leaf that maps @va
 * @entry: the raw entry of that leaf
 * @table: the bits of the table entries above it, besides the address
 */
struct enc_case {
	const char *name;
	const struct ms_pt_format *fmt;
	u64 va, pa, size;
	u32 prot;
	int max_level;
	u32 access;
	u64 cut;
	int level;
	u64 entry;
	u64 table;
};

#define G1	0x40000000ULL
#define TOP56	((1ULL << 56) - SZ_2M)	/* the last 2 MiB below 2^56 */
#define T1	0x10000000000ULL	/* 1 TiB, a 512 GiB boundary */

/* x86-64: P 0, RW 1, US 2, PWT 3, PCD 4, A 5, D 6, PS 7, sw 9-10, NX 63. */
/* RISC-V: V 0, R 1, W 2, X 3, U 4, A 6, D 7, RSW 8-9, PPN 10, PBMT 61. */
static const struct enc_case enc_cases[] = {
	{ "x86-64 4-level 4K rw", &ms_pt_x86_64_4l, 0x400000, 0x12345000, SZ_4K,
	  R | W, 0, 0, 0, 0, 0x8000000012345003, 0x7 },
	{ "x86-64 4-level 4K r-x user uncached", &ms_pt_x86_64_4l, 0x400000,
	  0xfe000000, SZ_4K, R | X | U | UC, 0, 0, 0, 0, 0xfe00001d, 0x7 },
	{ "x86-64 4-level 2M rw", &ms_pt_x86_64_4l, G1, 0x80000000, SZ_2M,
	  R | W, 2, 0, 0, 1, 0x8000000080000083, 0x7 },
	{ "x86-64 4-level 1G r user", &ms_pt_x86_64_4l, G1, 0x100000000, G1,
	  R | U, 2, 0, 0, 2, 0x8000000100000085, 0x7 },
	{ "x86-64 4-level 4K rw written", &ms_pt_x86_64_4l, 0x400000,
	  0x12345000, SZ_4K, R | W, 0, W, 0, 0, 0x8000000012345063, 0x7 },
	{ "x86-64 4-level 4K none", &ms_pt_x86_64_4l, 0x400000, 0x12345000,
	  SZ_4K, 0, 0, 0, 0, 0, 0x12345400, 0x7 },
	{ "x86-64 4-level 2M rw split", &ms_pt_x86_64_4l, G1, 0x80000000, SZ_2M,
	  R | W, 2, 0, G1 + SZ_4K, 0, 0x8000000080000003, 0x7 },
	{ "x86-64 5-level 4K rw", &ms_pt_x86_64_5l, 0x400000, 0x12345000, SZ_4K,
	  R | W, 0, 0, 0, 0, 0x8000000012345003, 0x7 },
	{ "x86-64 5-level 4K r-x user uncached", &ms_pt_x86_64_5l, 0x400000,
	  0xfe000000, SZ_4K, R | X | U | UC, 0, 0, 0, 0, 0xfe00001d, 0x7 },
	{ "x86-64 5-level 2M rw", &ms_pt_x86_64_5l, G1, 0x80000000, SZ_2M,
	  R | W, 2, 0, 0, 1, 0x8000000080000083, 0x7 },
	{ "x86-64 5-level 1G r user", &ms_pt_x86_64_5l, G1, 0x100000000, G1,
	  R | U, 2, 0, 0, 2, 0x8000000100000085, 0x7 },
	{ "x86-64 5-level 4K rw written", &ms_pt_x86_64_5l, 0x400000,
	  0x12345000, SZ_4K, R | W, 0, W, 0, 0, 0x8000000012345063, 0x7 },
	{ "x86-64 5-level 4K none", &ms_pt_x86_64_5l, 0x400000, 0x12345000,
	  SZ_4K, 0, 0, 0, 0, 0, 0x12345400, 0x7 },
	{ "x86-64 5-level 2M rw split", &ms_pt_x86_64_5l, G1, 0x80000000, SZ_2M,
	  R | W, 2, 0, G1 + SZ_4K, 0, 0x8000000080000003, 0x7 },
	/* 5-level: a 2 MiB leaf at the top of the 57-bit lower half. */
	{ "x86-64 5-level 2M at 2^56", &ms_pt_x86_64_5l, TOP56, 0x80000000,
	  SZ_2M, R | W, 2, 0, 0, 1, 0x8000000080000083, 0x7 },
	/* EPT: R 0, W 1, X 2, memory type 3-5 (WB 6, UC 0), PS 7, A 8, D 9. */
	{ "EPT 4K rw", &ms_pt_x86_ept, 0x400000, 0x12345000, SZ_4K, R | W, 0, 0,
	  0, 0, 0x12345033, 0x7 },
	{ "EPT 4K r-x uncached", &ms_pt_x86_ept, 0x400000, 0xfe000000, SZ_4K,
	  R | X | UC, 0, 0, 0, 0, 0xfe000005, 0x7 },
	{ "EPT 2M rw", &ms_pt_x86_ept, G1, 0x80000000, SZ_2M, R | W, 2, 0, 0, 1,
	  0x800000b3, 0x7 },
	{ "EPT 1G r-x", &ms_pt_x86_ept, G1, 0x100000000, G1, R | X, 2, 0, 0, 2,
	  0x1000000b5, 0x7 },
	{ "EPT 4K rw written", &ms_pt_x86_ept, 0x400000, 0x12345000, SZ_4K,
	  R | W, 0, W, 0, 0, 0x12345333, 0x7 },
	{ "EPT 4K none", &ms_pt_x86_ept, 0x400000, 0x12345000, SZ_4K, 0, 0, 0,
	  0, 0, 0x12345800, 0x7 },
	{ "EPT 2M rw split", &ms_pt_x86_ept, G1, 0x80000000, SZ_2M, R | W, 2, 0,
	  G1 + SZ_4K, 0, 0x80000033, 0x7 },
	{ "Sv39 4K rw", &ms_pt_riscv_sv39, 0x400000, 0x12345000, SZ_4K, R | W,
	  0, 0, 0, 0, 0x48d1407, 0x1 },
	{ "Sv39 4K r-x user uncached", &ms_pt_riscv_sv39, 0x400000, 0xfe000000,
	  SZ_4K, R | X | U | UC, 0, 0, 0, 0, 0x200000003f80001b, 0x1 },
	{ "Sv39 2M rw", &ms_pt_riscv_sv39, G1, 0x80000000, SZ_2M, R | W, 2, 0,
	  0, 1, 0x20000007, 0x1 },
	{ "Sv39 1G r user", &ms_pt_riscv_sv39, G1, 0x100000000, G1, R | U, 2, 0,
	  0, 2, 0x40000013, 0x1 },
	{ "Sv39 4K rw written", &ms_pt_riscv_sv39, 0x400000, 0x12345000, SZ_4K,
	  R | W, 0, W, 0, 0, 0x48d14c7, 0x1 },
	{ "Sv39 4K none", &ms_pt_riscv_sv39, 0x400000, 0x12345000, SZ_4K, 0, 0,
	  0, 0, 0, 0x48d1600, 0x1 },
	{ "Sv39 2M rw split", &ms_pt_riscv_sv39, G1, 0x80000000, SZ_2M, R | W,
	  2, 0, G1 + SZ_4K, 0, 0x20000007, 0x1 },
	{ "Sv48 4K rw", &ms_pt_riscv_sv48, 0x400000, 0x12345000, SZ_4K, R | W,
	  0, 0, 0, 0, 0x48d1407, 0x1 },
	{ "Sv48 4K r-x user uncached", &ms_pt_riscv_sv48, 0x400000, 0xfe000000,
	  SZ_4K, R | X | U | UC, 0, 0, 0, 0, 0x200000003f80001b, 0x1 },
	{ "Sv48 2M rw", &ms_pt_riscv_sv48, G1, 0x80000000, SZ_2M, R | W, 2, 0,
	  0, 1, 0x20000007, 0x1 },
	{ "Sv48 1G r user", &ms_pt_riscv_sv48, G1, 0x100000000, G1, R | U, 2, 0,
	  0, 2, 0x40000013, 0x1 },
	{ "Sv48 4K rw written", &ms_pt_riscv_sv48, 0x400000, 0x12345000, SZ_4K,
	  R | W, 0, W, 0, 0, 0x48d14c7, 0x1 },
	{ "Sv48 4K none", &ms_pt_riscv_sv48, 0x400000, 0x12345000, SZ_4K, 0, 0,
	  0, 0, 0, 0x48d1600, 0x1 },
	{ "Sv48 2M rw split", &ms_pt_riscv_sv48, G1, 0x80000000, SZ_2M, R | W,
	  2, 0, G1 + SZ_4K, 0, 0x20000007, 0x1 },
	{ "Sv57 4K rw", &ms_pt_riscv_sv57, 0x400000, 0x12345000, SZ_4K, R | W,
	  0, 0, 0, 0, 0x48d1407, 0x1 },
	{ "Sv57 4K r-x user uncached", &ms_pt_riscv_sv57, 0x400000, 0xfe000000,
	  SZ_4K, R | X | U | UC, 0, 0, 0, 0, 0x200000003f80001b, 0x1 },
	{ "Sv57 2M rw", &ms_pt_riscv_sv57, G1, 0x80000000, SZ_2M, R | W, 2, 0,
	  0, 1, 0x20000007, 0x1 },
	{ "Sv57 1G r user", &ms_pt_riscv_sv57, G1, 0x100000000, G1, R | U, 2, 0,
	  0, 2, 0x40000013, 0x1 },
	{ "Sv57 4K rw written", &ms_pt_riscv_sv57, 0x400000, 0x12345000, SZ_4K,
	  R | W, 0, W, 0, 0, 0x48d14c7, 0x1 },
	{ "Sv57 4K none", &ms_pt_riscv_sv57, 0x400000, 0x12345000, SZ_4K, 0, 0,
	  0, 0, 0, 0x48d1600, 0x1 },
	{ "Sv57 2M rw split", &ms_pt_riscv_sv57, G1, 0x80000000, SZ_2M, R | W,
	  2, 0, G1 + SZ_4K, 0, 0x20000007, 0x1 },
	{ "Sv48 512G rw", &ms_pt_riscv_sv48, T1 / 2, T1, T1 / 2, R | W, 3, 0, 0,
	  3, 0x4000000007, 0x1 },
	{ "Sv57 512G rw", &ms_pt_riscv_sv57, T1 / 2, T1, T1 / 2, R | W, 3, 0, 0,
	  3, 0x4000000007, 0x1 },
	{ "Sv57 2M at 2^56", &ms_pt_riscv_sv57, TOP56, 0x80000000, SZ_2M, R | W,
	  2, 0, 0, 1, 0x20000007, 0x1 },
	/*
	 * AArch64: valid 0, table/page 1, AttrIndx 2-4, AP[1] 6, AP[2] 7,
	 * SH 8-9, AF 10, nG 11, PXN 53, UXN 54, software 55-56.
	 */
	{ "AArch64 4K rw", &ms_pt_arm64_4k, 0x400000, 0x12345000, SZ_4K, R | W,
	  0, 0, 0, 0, 0x60000012345b03, 0x3 },
	{ "AArch64 4K r-x user uncached", &ms_pt_arm64_4k, 0x400000, 0xfe000000,
	  SZ_4K, R | X | U | UC, 0, 0, 0, 0, 0x200000fe000bcb, 0x3 },
	{ "AArch64 4K r-x", &ms_pt_arm64_4k, 0x400000, 0x12345000, SZ_4K, R | X,
	  0, 0, 0, 0, 0x40000012345b83, 0x3 },
	{ "AArch64 2M rw block", &ms_pt_arm64_4k, G1, 0x80000000, SZ_2M, R | W,
	  2, 0, 0, 1, 0x60000080000b01, 0x3 },
	{ "AArch64 1G r user block", &ms_pt_arm64_4k, G1, 0x100000000, G1,
	  R | U, 2, 0, 0, 2, 0x60000100000bc1, 0x3 },
	{ "AArch64 4K rw written", &ms_pt_arm64_4k, 0x400000, 0x12345000, SZ_4K,
	  R | W, 0, W, 0, 0, 0x60000012345f03, 0x3 },
	{ "AArch64 4K none", &ms_pt_arm64_4k, 0x400000, 0x12345000, SZ_4K, 0, 0,
	  0, 0, 0, 0x0100000012345002, 0x3 },
	{ "AArch64 2M rw split", &ms_pt_arm64_4k, G1, 0x80000000, SZ_2M, R | W,
	  2, 0, G1 + SZ_4K, 0, 0x60000080000b03, 0x3 },
};

static void enc_case_desc(const struct enc_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(enc, enc_cases, enc_case_desc);

/* Expect every table entry on the way to @va's leaf to be @c->table. */
static void expect_tables(struct kunit *test, const struct ms_pgtable *pt,
			  const struct enc_case *c)
{
	const struct ms_pt_format *fmt = pt->fmt;
	const u64 *table = pt->root;
	u64 entry, pa;
	int level;

	for (level = fmt->levels - 1; level > c->level; level--) {
		entry = table[(c->va >> (12 + 9 * level)) & 511];
		KUNIT_EXPECT_EQ_MSG(test, entry & ~fmt->addr_mask, c->table,
				    "level %d", level);
		pa = ((entry & fmt->addr_mask) >> fmt->addr_shift) << 12;
		table = phys_to_virt(pa);
	}
}

static void test_entry(struct kunit *test)
{
	const struct enc_case *c = test->param_value;
	struct ms_pgtable *pt = kunit_kzalloc(test, sizeof(*pt), GFP_KERNEL);
	struct ms_pt_leaf leaf;

	KUNIT_ASSERT_NOT_NULL(test, pt);
	KUNIT_ASSERT_EQ(test, ms_pt_init(pt, c->fmt, 64), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, c->va, c->pa, c->size, c->prot,
					c->max_level), 0);
	if (c->access)
		KUNIT_EXPECT_EQ(test, ms_pt_access(pt, c->va, c->access),
				MS_ACCESS_OK);
	if (c->cut)
		KUNIT_EXPECT_EQ(test, ms_pt_protect(pt, c->cut, SZ_4K, c->prot),
				0);
	KUNIT_ASSERT_TRUE(test, ms_pt_lookup(pt, c->va, &leaf));
	KUNIT_EXPECT_EQ(test, leaf.level, c->level);
	KUNIT_EXPECT_EQ(test, leaf.entry, c->entry);
	KUNIT_EXPECT_EQ(test, leaf.phys, c->pa);
	KUNIT_EXPECT_EQ(test, leaf.prot, c->prot);
	expect_tables(test, pt, c);
	ms_pt_destroy(pt);
}

/* A protection the format cannot express: EPT has no USER. */
static void test_ept_user(struct kunit *test)
{
	struct ms_pgtable *pt = kunit_kzalloc(test, sizeof(*pt), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pt);
	KUNIT_ASSERT_EQ(test, ms_pt_init(pt, &ms_pt_x86_ept, 64), 0);
	KUNIT_EXPECT_EQ(test, ms_pt_map(pt, 0, 0, SZ_4K, R | U, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pt->nr_tables, 1);
	ms_pt_destroy(pt);
}

/* The names debugfs prints for an entry. */
static void test_decode(struct kunit *test)
{
	char buf[160];

	ms_pt_x86_64_4l.decode(0x8000000080000083, 1, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "P RW PS NX");
	ms_pt_x86_64_4l.decode(0x80000400, 1, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "sw:leaf");
	ms_pt_x86_ept.decode(0xfe000005, 0, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "R X MT=UC");
	ms_pt_riscv_sv39.decode(0x200000003f80001b, 0, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "V R X U PBMT=NC");
	ms_pt_arm64_4k.decode(0x0060000080000b01, 1, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf,
			   "block valid AP=00(EL1:rw) AttrIndx=0(Normal) SH=IS nG PXN UXN");
	/* Type 0b11 is a page at level 0 and a table above it. */
	ms_pt_arm64_4k.decode(0x0060000012345f03, 0, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf,
			   "page valid AP=00(EL1:rw) AttrIndx=0(Normal) SH=IS AF nG PXN UXN");
	ms_pt_arm64_4k.decode(0x0100000012345002, 0, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "page invalid sw:leaf");
	ms_pt_arm64_4k.decode(0x1234003, 1, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "table");
}

static struct kunit_case memory_set_pt_format_cases[] = {
	KUNIT_CASE_PARAM(test_entry, enc_gen_params),
	KUNIT_CASE(test_ept_user),
	KUNIT_CASE(test_decode),
	{}
};

static struct kunit_suite memory_set_pt_format_suite = {
	.name = "memory_set_pt_format",
	.test_cases = memory_set_pt_format_cases,
};

kunit_test_suite(memory_set_pt_format_suite);
