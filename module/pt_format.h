/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A page-table format: what the walkers of pgtable.c need to know about
 * one architecture's tables, as data plus a few encode/decode functions.
 *
 * Every format here has 4 KiB tables of 512 8-byte entries, so a level
 * always takes 9 bits of the address and level L maps 4 KiB << 9L; formats
 * differ in their number of levels, where the frame number sits in an
 * entry, and what the other bits mean. An entry is 0 (empty), a table
 * entry (@table and the table's address), or a leaf (@leaf, the bits of
 * its protection, @leaf_type of its level, and the frame's address).
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
 * @addr_shift: the bit where an entry holds the frame number (pa >> 12)
 * @addr_mask: the entry bits that hold the frame number
 * @table: the bits of a table entry besides the table's address
 * @leaf: a software bit every leaf carries, present or not (PROT_NONE)
 * @leaf_type: per level, the bits that mark a leaf of that level (x86's
 *	PS above level 0)
 * @owned: a software bit: the leaf's frame belongs to the table
 * @present: a leaf or table with none of these bits set faults
 * @perm: the bits @prot_bits sets, which protect may change
 * @accessed: set by an access
 * @dirty: set by a write
 * @prot_bits: the @perm bits of a protection (MS_VM_*; 0 for PROT_NONE)
 * @deny: the bits that forbid an access when set at any level of a walk
 *	(x86's NX); every other permission bit must be set at every level
 * @entry_prot: what an entry allows (MS_VM_* bits); a walk allows what
 *	the entry made of the bits all its levels share, and of the @deny
 *	bits any of them has, allows
 */
struct ms_pt_format {
	const char *name;
	int levels;
	int max_leaf_level;
	u64 addr_limit;
	int addr_shift;
	u64 addr_mask;
	u64 table;
	u64 leaf;
	u64 leaf_type[MS_PT_MAX_LEVELS];
	u64 owned;
	u64 present;
	u64 perm;
	u64 accessed;
	u64 dirty;
	u64 deny;
	u64 (*prot_bits)(u32 prot);
	u32 (*entry_prot)(u64 entry);
};

extern const struct ms_pt_format ms_pt_x86_64_4l;

#endif /* _MEMORY_SET_PT_FORMAT_H */
