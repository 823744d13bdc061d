/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A page-table format: what the walkers of pgtable.c need to know about
 * one architecture's tables, as data plus a few encode/decode functions.
 *
 * Every format here has 4 KiB tables of 512 8-byte entries, so a level
 * always takes 9 bits of the address and level L maps 4 KiB << 9L; formats
 * differ in their number of levels, where the frame number sits in an
 * entry, and what the other bits mean. An entry is 0 (empty), a table
 * entry (@table and the table's address), or a leaf (the bits of its
 * protection, @leaf_type of its level, and the frame's address). Leaf or
 * table is what the MMU decides from the entry's own bits (@table_mask);
 * only a leaf the MMU cannot see, one of PROT_NONE, carries the software
 * bit @leaf, so that it is told from an empty entry.
 *
 * The formats (one file each):
 *   pt_x86.c    x86-64 4-level and 5-level (LA57)
 *   pt_ept.c    Intel EPT, 4-level
 *   pt_riscv.c  RISC-V Sv39, Sv48, Sv57
 *   pt_arm64.c  AArch64 stage 1, 4 KiB granule, 48-bit VA
 */
#ifndef _MEMORY_SET_PT_FORMAT_H
#define _MEMORY_SET_PT_FORMAT_H

#include <linux/types.h>

#define MS_PT_MAX_LEVELS 5

/**
 * struct ms_pt_format - one page-table format
 * @name: how debugfs and the docs call it
 * @levels: levels of tables; the root is level @levels - 1, leaves of
 *	4 KiB are at level 0
 * @max_leaf_level: the highest level a huge leaf may sit at
 * @addr_limit: the end of the range of virtual addresses a space spans
 *	(the lower half where the format has halves)
 * @phys_limit: the end of the physical addresses an entry can hold
 * @prot_mask: the MS_VM_* bits the format can express; a map or protect
 *	asking for another is refused (EPT has no USER)
 * @addr_shift: the bit where an entry holds the frame number (pa >> 12)
 * @addr_mask: the entry bits that hold the frame number
 * @table: the bits of a table entry besides the table's address
 * @table_mask: the bits that tell a present entry above level 0 a table
 *	(they hold @table_type) or a leaf (anything else): x86 and EPT's PS,
 *	RISC-V's R, W and X, AArch64's descriptor type
 * @table_type: what a table entry holds in @table_mask
 * @leaf: a software bit only a leaf that is not present carries (PROT_NONE:
 *	the MMU sees no entry there)
 * @leaf_type: per level, the bits that mark a leaf of that level (x86's
 *	PS above level 0)
 * @owned: a software bit: the leaf's frame belongs to the table
 * @present: a leaf or table with none of these bits set faults
 * @perm: the bits @prot_bits sets, which protect may change
 * @accessed: set by an access
 * @dirty: set by a write (0: the format has no Dirty bit)
 * @walk_and: the permission bits a table entry restricts: a walk allows
 *	only what every level has of them (x86 and EPT: all of them; RISC-V
 *	and AArch64 tables carry none, the leaf alone decides)
 * @deny: the bits that forbid an access when set at any level of a walk
 *	(x86's NX)
 * @user_no_kexec: a supervisor instruction fetch from a user page faults
 *	(RISC-V always; AArch64 because user pages are PXN)
 * @prot_bits: the @perm bits of a protection (MS_VM_*; 0 for PROT_NONE)
 * @entry_prot: what an entry allows (MS_VM_* bits); a walk allows what
 *	the entry made of the @walk_and bits all its levels share, and of the
 *	@deny bits any of them has, allows
 * @decode: the names of an entry's bits, for debugfs and the docs
 */
struct ms_pt_format {
	const char *name;
	int levels;
	int max_leaf_level;
	u64 addr_limit;
	u64 phys_limit;
	u32 prot_mask;
	int addr_shift;
	u64 addr_mask;
	u64 table;
	u64 table_mask;
	u64 table_type;
	u64 leaf;
	u64 leaf_type[MS_PT_MAX_LEVELS];
	u64 owned;
	u64 present;
	u64 perm;
	u64 accessed;
	u64 dirty;
	u64 walk_and;
	u64 deny;
	bool user_no_kexec;
	u64 (*prot_bits)(u32 prot);
	u32 (*entry_prot)(u64 entry);
	int (*decode)(u64 entry, int level, char *buf, size_t size);
};

/**
 * enum ms_pt_format_id - the formats, numbered as the ABI numbers them
 * @MS_PT_X86_64_4L: x86-64 4-level, the default
 * @MS_PT_X86_64_5L: x86-64 5-level (LA57)
 * @MS_PT_X86_EPT: Intel EPT, 4-level
 * @MS_PT_RISCV_SV39: RISC-V Sv39
 * @MS_PT_RISCV_SV48: RISC-V Sv48
 * @MS_PT_RISCV_SV57: RISC-V Sv57
 * @MS_PT_ARM64_4K: AArch64 stage 1, 4 KiB granule, 48-bit VA
 * @MS_PT_NR_FORMATS: how many there are
 */
enum ms_pt_format_id {
	MS_PT_X86_64_4L,
	MS_PT_X86_64_5L,
	MS_PT_X86_EPT,
	MS_PT_RISCV_SV39,
	MS_PT_RISCV_SV48,
	MS_PT_RISCV_SV57,
	MS_PT_ARM64_4K,
	MS_PT_NR_FORMATS,
};

/**
 * struct ms_pt_bit_name - a field of an entry and its name, for decode
 * @mask: the field's bits
 * @value: what the field must hold for @name to apply
 * @name: the name printed
 */
struct ms_pt_bit_name {
	u64 mask;
	u64 value;
	const char *name;
};

extern const struct ms_pt_format ms_pt_x86_64_4l;
extern const struct ms_pt_format ms_pt_x86_64_5l;
extern const struct ms_pt_format ms_pt_x86_ept;
extern const struct ms_pt_format ms_pt_riscv_sv39;
extern const struct ms_pt_format ms_pt_riscv_sv48;
extern const struct ms_pt_format ms_pt_riscv_sv57;
extern const struct ms_pt_format ms_pt_arm64_4k;

const struct ms_pt_format *ms_pt_format_get(enum ms_pt_format_id id);
int ms_pt_decode_names(u64 entry, const struct ms_pt_bit_name *names,
		       unsigned int nr, char *buf, size_t size);

#endif /* _MEMORY_SET_PT_FORMAT_H */
