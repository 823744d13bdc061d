// SPDX-License-Identifier: GPL-2.0
/*
 * RISC-V Sv39, Sv48 and Sv57 (privileged spec 4.4-4.6, see pt_riscv.h):
 * 3, 4 and 5 levels of 512 entries, 39-, 48- and 57-bit virtual addresses
 * (sign-extended: the lower half ends at 2^38, 2^47, 2^56), the physical
 * page number in bits 10..53. Any entry with R or X is a leaf, at any
 * level: 2 MiB, 1 GiB and, for Sv48 and Sv57, 512 GiB "superpages"; a
 * valid entry with R, W and X clear points to the next table, and carries
 * nothing else (U, A, D clear, as the spec reserves them there).
 *
 * READ -> V|R, WRITE -> W, EXEC -> X, USER -> U, UNCACHED -> Svpbmt's NC
 * (non-cacheable main memory, like Linux's pgprot_writecombine() there).
 * G is never set.
 *
 * A and D: the spec lets an implementation either raise a page fault when
 * an access finds A clear (or a write finds D clear) so that software sets
 * them, or set them itself (the Svadu extension). The module behaves as
 * hardware with Svadu: an allowed access sets A, and D on a write. Leaves
 * are made with A and D clear, as on x86.
 *
 * Privilege: a user access needs U; a supervisor access to a U page is
 * allowed for loads and stores (sstatus.SUM set, as Linux has it while it
 * copies from or to user memory) but an instruction fetch from a U page
 * in S-mode always faults, as the spec says.
 */
#include <linux/kernel.h>

#include "prot.h"
#include "pt_format.h"
#include "pt_riscv.h"

static u64 riscv_prot_bits(u32 prot)
{
	u64 bits = MS_RV_V | MS_RV_R;

	if (!(prot & MS_VM_READ))
		return 0;
	if (prot & MS_VM_WRITE)
		bits |= MS_RV_W;
	if (prot & MS_VM_EXEC)
		bits |= MS_RV_X;
	if (prot & MS_VM_USER)
		bits |= MS_RV_U;
	if (prot & MS_VM_UNCACHED)
		bits |= MS_RV_PBMT_NC;
	return bits;
}

static u32 riscv_entry_prot(u64 entry)
{
	u32 prot = MS_VM_READ;

	if (!(entry & MS_RV_V) || !(entry & MS_RV_R))
		return 0;
	if (entry & MS_RV_W)
		prot |= MS_VM_WRITE;
	if (entry & MS_RV_X)
		prot |= MS_VM_EXEC;
	if (entry & MS_RV_U)
		prot |= MS_VM_USER;
	if (entry & MS_RV_PBMT)
		prot |= MS_VM_UNCACHED;
	return prot;
}

static const struct ms_pt_bit_name riscv_names[] = {
	{ MS_RV_V, MS_RV_V, "V" },
	{ MS_RV_R, MS_RV_R, "R" },
	{ MS_RV_W, MS_RV_W, "W" },
	{ MS_RV_X, MS_RV_X, "X" },
	{ MS_RV_U, MS_RV_U, "U" },
	{ MS_RV_G, MS_RV_G, "G" },
	{ MS_RV_A, MS_RV_A, "A" },
	{ MS_RV_D, MS_RV_D, "D" },
	{ MS_RV_PBMT, MS_RV_PBMT_NC, "PBMT=NC" },
	{ MS_RV_PBMT, MS_RV_PBMT_IO, "PBMT=IO" },
	{ MS_RV_N, MS_RV_N, "N" },
	{ MS_RV_SW_OWNED, MS_RV_SW_OWNED, "sw:owned" },
	{ MS_RV_SW_LEAF, MS_RV_SW_LEAF, "sw:leaf" },
};

static int riscv_decode(u64 entry, int level, char *buf, size_t size)
{
	return ms_pt_decode_names(entry, riscv_names, ARRAY_SIZE(riscv_names),
				  buf, size);
}

/* Sv39, Sv48, Sv57: the same entries, 3, 4 or 5 levels. */
#define RISCV_FORMAT(_name, _levels, _max_leaf_level, _addr_limit)            \
	{                                                                     \
		.name = _name, .levels = _levels,                             \
		.max_leaf_level = _max_leaf_level, .addr_limit = _addr_limit, \
		.phys_limit = 1ULL << 56,                                     \
		.prot_mask = MS_VM_READ | MS_VM_WRITE | MS_VM_EXEC |          \
			     MS_VM_USER | MS_VM_UNCACHED,                     \
		.addr_shift = 10, .addr_mask = MS_RV_PPN, .table = MS_RV_V,   \
		.table_mask = MS_RV_R | MS_RV_W | MS_RV_X,                    \
		.leaf = MS_RV_SW_LEAF, .owned = MS_RV_SW_OWNED,               \
		.present = MS_RV_V, .perm = MS_RV_PERM, .accessed = MS_RV_A,  \
		.dirty = MS_RV_D, .walk_and = MS_RV_V, .user_no_kexec = true, \
		.prot_bits = riscv_prot_bits, .entry_prot = riscv_entry_prot, \
		.decode = riscv_decode,                                       \
	}

const struct ms_pt_format ms_pt_riscv_sv39 =
	RISCV_FORMAT("RISC-V Sv39", 3, 2, 1ULL << 38);

const struct ms_pt_format ms_pt_riscv_sv48 =
	RISCV_FORMAT("RISC-V Sv48", 4, 3, 1ULL << 47);

const struct ms_pt_format ms_pt_riscv_sv57 =
	RISCV_FORMAT("RISC-V Sv57", 5, 3, 1ULL << 56);
