// SPDX-License-Identifier: GPL-2.0
/*
 * The formats' entries as the architecture manuals define them, written
 * from the manuals and not from the module's format tables (every bit
 * below is a number from the manual): what a page walk takes for a table
 * or a leaf, and what it requires to be clear. pt_util.c's dump of a
 * table asks it of every entry, so every KUnit test that dumps a table
 * checks the module's entries against it.
 *
 *   x86-64    Intel SDM vol. 3A, 4.5: tables 4-15 to 4-20 (MAXPHYADDR 52)
 *   EPT       Intel SDM vol. 3C, 29.3.2: tables 29-1 to 29-6
 *   RISC-V    privileged spec 4.3.1 and 4.4-4.6 (Sv39/48/57), with
 *             Svpbmt (PBMT, bits 62:61) and Svnapot (N, bit 63)
 *   AArch64   Arm ARM D8.3: VMSAv8-64 descriptors, 4 KiB granule, 48-bit
 *             output addresses, no FEAT_LPA2
 *
 * Levels are the module's: 0 holds 4 KiB pages (AArch64's level 3), the
 * root is levels - 1.
 */
#include <linux/bits.h>

#include "pt_arch.h"

/* The bits of a huge leaf's address below its size: reserved (must be 0). */
static u64 huge_low_bits(int level, int low)
{
	return level ? GENMASK_ULL(12 + 9 * level - 1, low) : 0;
}

static bool x86_present(u64 e)
{
	return e & BIT_ULL(0);
}

static bool x86_table(u64 e, int level)
{
	return level > 0 && !(e & BIT_ULL(7)); /* PS clear */
}

static const char *x86_problem(u64 e, int level, int levels)
{
	if (level >= 3 && (e & BIT_ULL(7)))
		return "PS set in a PML4E or PML5E (reserved)";
	/* A huge leaf: bit 12 is PAT, the address bits below the size 0. */
	if (!x86_table(e, level) && (e & huge_low_bits(level, 13)))
		return "huge leaf's address not aligned (reserved bits)";
	return NULL;
}

static bool ept_present(u64 e)
{
	return e & GENMASK_ULL(2, 0); /* R, W or X */
}

static bool ept_table(u64 e, int level)
{
	return level > 0 && !(e & BIT_ULL(7));
}

static const char *ept_problem(u64 e, int level, int levels)
{
	u64 type = (e >> 3) & 7;

	if ((e & 3) == 2)
		return "write without read (misconfiguration)";
	if (level >= 3 && (e & BIT_ULL(7)))
		return "PS set in a PML4E (reserved)";
	if (ept_table(e, level))
		return e & GENMASK_ULL(7, 3) ? "table with bits 7:3 set" : NULL;
	if (type == 2 || type == 3 || type == 7)
		return "reserved memory type";
	if (e & huge_low_bits(level, 12))
		return "huge leaf's address not aligned (reserved bits)";
	return NULL;
}

static bool riscv_present(u64 e)
{
	return e & BIT_ULL(0); /* V */
}

static bool riscv_table(u64 e, int level)
{
	return !(e & GENMASK_ULL(3, 1)); /* R, W, X clear */
}

static const char *riscv_problem(u64 e, int level, int levels)
{
	if ((e & GENMASK_ULL(2, 1)) == BIT_ULL(2))
		return "W without R (reserved)";
	if (e & GENMASK_ULL(60, 54))
		return "bits 60:54 set (reserved)";
	if (((e >> 61) & 3) == 3)
		return "PBMT 3 (reserved)";
	if (riscv_table(e, level)) {
		if (level == 0)
			return "a pointer at the last level (page fault)";
		if (e & (BIT_ULL(4) | BIT_ULL(6) | BIT_ULL(7)))
			return "U, A or D in a non-leaf entry (reserved)";
		if (e & GENMASK_ULL(63, 61))
			return "PBMT or N in a non-leaf entry (reserved)";
		return NULL;
	}
	if (e & BIT_ULL(63))
		return "N in a leaf that is no NAPOT page";
	/* PPN starts at bit 10: a superpage's low PPN fields are 0. */
	if (level && (e & GENMASK_ULL(10 + 9 * level - 1, 10)))
		return "misaligned superpage (page fault)";
	return NULL;
}

static bool arm64_present(u64 e)
{
	return e & BIT_ULL(0);
}

static bool arm64_table(u64 e, int level)
{
	return level > 0 && (e & BIT_ULL(1)); /* type 0b11 */
}

static const char *arm64_problem(u64 e, int level, int levels)
{
	if (e & GENMASK_ULL(51, 48))
		return "output address bits 51:48 set (RES0 with 48-bit OA)";
	if (arm64_table(e, level))
		return NULL;
	if (level == 0)
		return e & BIT_ULL(1) ? NULL : "type 0b01 at level 3 (reserved)";
	if (level == levels - 1)
		return "block at level 0 (4 KiB granule: faults)";
	if (e & huge_low_bits(level, 12))
		return "block's address not aligned (RES0 bits)";
	return NULL;
}

static const struct pt_arch {
	bool (*present)(u64 e);
	bool (*table)(u64 e, int level);
	const char *(*problem)(u64 e, int level, int levels);
} pt_arch[] = {
	[MS_PT_X86_64_4L] = { x86_present, x86_table, x86_problem },
	[MS_PT_X86_64_5L] = { x86_present, x86_table, x86_problem },
	[MS_PT_X86_EPT] = { ept_present, ept_table, ept_problem },
	[MS_PT_RISCV_SV39] = { riscv_present, riscv_table, riscv_problem },
	[MS_PT_RISCV_SV48] = { riscv_present, riscv_table, riscv_problem },
	[MS_PT_RISCV_SV57] = { riscv_present, riscv_table, riscv_problem },
	[MS_PT_ARM64_4K] = { arm64_present, arm64_table, arm64_problem },
};

/**
 * pt_arch_present() - whether the MMU sees an entry at all
 * @id: the format
 * @entry: the entry
 *
 * Return: true if a walk takes @entry as valid (x86's P, EPT's R/W/X,
 * RISC-V's V, AArch64's bit 0).
 */
bool pt_arch_present(enum ms_pt_format_id id, u64 entry)
{
	return pt_arch[id].present(entry);
}

/**
 * pt_arch_is_table() - whether the MMU takes a present entry for a table
 * @id: the format
 * @entry: the entry, present
 * @level: its level (0: 4 KiB pages)
 *
 * Return: true for a pointer to the next level's table.
 */
bool pt_arch_is_table(enum ms_pt_format_id id, u64 entry, int level)
{
	return pt_arch[id].table(entry, level);
}

/**
 * pt_arch_problem() - what the manual forbids in a present entry
 * @id: the format
 * @entry: the entry, present
 * @level: its level
 * @levels: the format's number of levels
 *
 * Return: NULL if a walk would take @entry as it is meant, else why not.
 */
const char *pt_arch_problem(enum ms_pt_format_id id, u64 entry, int level,
			    int levels)
{
	return pt_arch[id].problem(entry, level, levels);
}
