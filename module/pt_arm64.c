// SPDX-License-Identifier: GPL-2.0
/*
 * AArch64 stage 1, 4 KiB granule, 48-bit VA (Arm ARM D8, see pt_arm64.h):
 * levels 0 to 3 of 512 descriptors (the module's levels 3 to 0), one
 * region of 2^48 bytes (TTBR0's, T0SZ = 16), output addresses in bits
 * 12..47, so physical addresses below 2^48 (no FEAT_LPA2).
 *
 * Descriptors: bits[1:0] = 0b11 is a table at levels 0-2 and a page at
 * level 3; 0b01 is a block at levels 1 (1 GiB) and 2 (2 MiB); bit[0]
 * clear is invalid. Table descriptors carry no APTable, UXNTable or
 * PXNTable restriction: the leaf decides.
 *
 * READ -> valid, no WRITE -> AP[2] (read-only), USER -> AP[1] (EL0
 * access); execute-never: no EXEC -> UXN and PXN; EXEC of a user page ->
 * PXN only (as Linux maps user code: the kernel never executes it); EXEC
 * of a kernel page -> UXN only. UNCACHED -> AttrIndx 2 (Normal
 * non-cacheable) instead of 0 (Normal write-back), with MAIR_EL1 as Linux
 * sets it. Every leaf is inner shareable and not global (nG: a space's
 * translations belong to its ASID, as x86's G is never set).
 *
 * AF: the module behaves as hardware with FEAT_HAFDBS's hardware Access
 * flag update (TCR_EL1.HA = 1): an allowed access sets AF instead of
 * raising an Access flag fault. Leaves are made with AF clear. There is no
 * Dirty bit: dirty state would be the DBM scheme (TCR_EL1.HD), which the
 * module does not use, so a write only sets AF.
 *
 * Privilege: an EL1 access to an EL0 page is allowed for loads and stores
 * (PSTATE.PAN clear), not for instruction fetches (PXN).
 */
#include <linux/kernel.h>

#include "prot.h"
#include "pt_arm64.h"
#include "pt_format.h"

static u64 arm64_prot_bits(u32 prot)
{
	u64 bits = MS_A64_VALID | MS_A64_SH_INNER | MS_A64_NG;

	if (!(prot & MS_VM_READ))
		return 0;
	if (!(prot & MS_VM_WRITE))
		bits |= MS_A64_AP2;
	if (prot & MS_VM_USER)
		bits |= MS_A64_AP1;
	if (!(prot & MS_VM_EXEC))
		bits |= MS_A64_UXN | MS_A64_PXN;
	else
		bits |= prot & MS_VM_USER ? MS_A64_PXN : MS_A64_UXN;
	bits |= prot & MS_VM_UNCACHED ? MS_A64_ATTR_NORMAL_NC :
					MS_A64_ATTR_NORMAL;
	return bits;
}

static u32 arm64_entry_prot(u64 entry)
{
	u32 prot = MS_VM_READ;

	if (!(entry & MS_A64_VALID))
		return 0;
	if (!(entry & MS_A64_AP2))
		prot |= MS_VM_WRITE;
	if (entry & MS_A64_AP1)
		prot |= MS_VM_USER;
	if (!(entry & (entry & MS_A64_AP1 ? MS_A64_UXN : MS_A64_PXN)))
		prot |= MS_VM_EXEC;
	if ((entry & MS_A64_ATTRINDX) == MS_A64_ATTR_NORMAL_NC)
		prot |= MS_VM_UNCACHED;
	return prot;
}

/* The fields of a valid descriptor: a zero value means something there. */
static const struct ms_pt_bit_name arm64_fields[] = {
	{ MS_A64_AP2 | MS_A64_AP1, 0, "AP=00(EL1:rw)" },
	{ MS_A64_AP2 | MS_A64_AP1, MS_A64_AP1, "AP=01(EL1+EL0:rw)" },
	{ MS_A64_AP2 | MS_A64_AP1, MS_A64_AP2, "AP=10(EL1:ro)" },
	{ MS_A64_AP2 | MS_A64_AP1, MS_A64_AP2 | MS_A64_AP1,
	  "AP=11(EL1+EL0:ro)" },
	{ MS_A64_ATTRINDX, MS_A64_ATTR_NORMAL, "AttrIndx=0(Normal)" },
	{ MS_A64_ATTRINDX, MS_A64_ATTR_NORMAL_NC, "AttrIndx=2(Normal-NC)" },
	{ MS_A64_SH, MS_A64_SH_INNER, "SH=IS" },
};

static const struct ms_pt_bit_name arm64_flags[] = {
	{ MS_A64_NS, MS_A64_NS, "NS" },
	{ MS_A64_AF, MS_A64_AF, "AF" },
	{ MS_A64_NG, MS_A64_NG, "nG" },
	{ MS_A64_DBM, MS_A64_DBM, "DBM" },
	{ MS_A64_CONT, MS_A64_CONT, "Cont" },
	{ MS_A64_PXN, MS_A64_PXN, "PXN" },
	{ MS_A64_UXN, MS_A64_UXN, "UXN" },
	{ MS_A64_SW_OWNED, MS_A64_SW_OWNED, "sw:owned" },
	{ MS_A64_SW_LEAF, MS_A64_SW_LEAF, "sw:leaf" },
};

static int arm64_decode(u64 entry, int level, char *buf, size_t size)
{
	bool valid = entry & MS_A64_VALID;
	int len;

	/* A table: valid, type 0b11, above level 0 (a page there). */
	if (level > 0 && valid && (entry & MS_A64_TYPE))
		return scnprintf(buf, size, "table");
	len = scnprintf(buf, size, "%s %s ", level ? "block" : "page",
			valid ? "valid" : "invalid");
	if (valid)
		len += ms_pt_decode_names(entry, arm64_fields,
					  ARRAY_SIZE(arm64_fields), buf + len,
					  size - len);
	if (len && buf[len - 1] != ' ' && len + 1 < size)
		buf[len++] = ' ';
	return len + ms_pt_decode_names(entry, arm64_flags,
					ARRAY_SIZE(arm64_flags), buf + len,
					size - len);
}

const struct ms_pt_format ms_pt_arm64_4k = {
	.name = "AArch64 4K 48-bit",
	.levels = 4,
	.max_leaf_level = 2,
	.addr_limit = 1ULL << 48,
	.phys_limit = 1ULL << 48,
	.prot_mask = MS_VM_READ | MS_VM_WRITE | MS_VM_EXEC | MS_VM_USER |
		     MS_VM_UNCACHED,
	.addr_shift = 12,
	.addr_mask = MS_A64_ADDR,
	.table = MS_A64_TABLE,
	.table_mask = MS_A64_TYPE,
	.table_type = MS_A64_TYPE,
	.leaf = MS_A64_SW_LEAF,
	.leaf_type = { MS_A64_TYPE },
	.owned = MS_A64_SW_OWNED,
	.present = MS_A64_VALID,
	.perm = MS_A64_PERM,
	.accessed = MS_A64_AF,
	.walk_and = MS_A64_VALID,
	.user_no_kexec = true,
	.prot_bits = arm64_prot_bits,
	.entry_prot = arm64_entry_prot,
	.decode = arm64_decode,
};
