/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An exported page-table image (MS_IOC_EXPORT) read as the hardware reads
 * it, written from the architecture manuals and not from the module: where
 * an entry's address sits, whether the MMU sees it, leaf or table, and the
 * walk of a virtual address from the root. Shared by the guest's export
 * test (tools/ms_test/export.c) and the MMU plan (tools/mmu/plan.c).
 */
#ifndef _MMU_IMAGE_H
#define _MMU_IMAGE_H

#include <linux/memory_set.h>

struct fmt {
	__u32 format;
	int levels;
	__u64 limit, phys_limit;
};

static const struct fmt fmts[] = {
	{ MS_FORMAT_X86_64_4L, 4, 1ULL << 47, 1ULL << 52 },
	{ MS_FORMAT_X86_64_5L, 5, 1ULL << 56, 1ULL << 52 },
	{ MS_FORMAT_X86_EPT, 4, 1ULL << 48, 1ULL << 52 },
	{ MS_FORMAT_RISCV_SV39, 3, 1ULL << 38, 1ULL << 56 },
	{ MS_FORMAT_RISCV_SV48, 4, 1ULL << 47, 1ULL << 56 },
	{ MS_FORMAT_RISCV_SV57, 5, 1ULL << 56, 1ULL << 56 },
	{ MS_FORMAT_ARM64_4K, 4, 1ULL << 48, 1ULL << 48 },
};

/* The address an entry names, by the format's field. */
static inline __u64 entry_addr(__u32 format, __u64 e)
{
	switch (format) {
	case MS_FORMAT_RISCV_SV39:
	case MS_FORMAT_RISCV_SV48:
	case MS_FORMAT_RISCV_SV57:
		return ((e >> 10) & ((1ULL << 44) - 1)) << 12; /* PPN */
	case MS_FORMAT_ARM64_4K:
		return e & 0x0000fffffffff000ULL; /* OA[47:12] */
	default:
		return e & 0x000ffffffffff000ULL; /* bits 12..51 */
	}
}

/* Whether the entry is valid (present) to the hardware. */
static inline int entry_valid(__u32 format, __u64 e)
{
	if (format == MS_FORMAT_X86_EPT)
		return !!(e & 7); /* R, W or X */
	return e & 1; /* P, V, valid */
}

/* Whether a valid entry of @level is a leaf, by the hardware's bits. */
static inline int entry_leaf(__u32 format, __u64 e, int level)
{
	if (level == 0)
		return 1;
	switch (format) {
	case MS_FORMAT_RISCV_SV39:
	case MS_FORMAT_RISCV_SV48:
	case MS_FORMAT_RISCV_SV57:
		return !!(e & 0xe); /* R, W or X */
	case MS_FORMAT_ARM64_4K:
		return (e & 3) == 1; /* a block descriptor */
	default:
		return !!(e & (1ULL << 7)); /* PS */
	}
}

struct image {
	const __u64 *words;
	__u64 size;
	__u32 format;
	int levels;
	__u64 base;
};

/*
 * Where the image holds the leaf entry of @va (its physical address), as
 * the MMU walks it from the root; only valid entries are followed.
 * Return: that address, 0 if the walk ends, or ~0 if an entry names a
 * table outside the image.
 */
static inline __u64 image_leaf_at(const struct image *im, __u64 va, int *level)
{
	__u64 table = im->base, at, e;
	int l;

	for (l = im->levels - 1; l >= 0; l--) {
		if (table < im->base || table + 4096 > im->base + im->size)
			return ~0ULL;
		at = table + ((va >> (12 + 9 * l)) & 511) * 8;
		e = im->words[(at - im->base) / 8];
		if (!entry_valid(im->format, e))
			return 0;
		if (entry_leaf(im->format, e, l)) {
			*level = l;
			return at;
		}
		table = entry_addr(im->format, e);
	}
	return 0;
}

/* The leaf of @va in the image: 0 if the walk ends, ~0 as above. */
static inline __u64 image_walk(const struct image *im, __u64 va, int *level)
{
	__u64 at = image_leaf_at(im, va, level);

	if (!at || at == ~0ULL)
		return at;
	return im->words[(at - im->base) / 8];
}

#endif
