/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page-table formats as userspace names and decodes them (msctl's
 * "format" and "query"): the ABI's MS_FORMAT_* number, a short name, the
 * names of the levels of a walk (root first), and the fields of an entry.
 * The bit positions are the module's (module/pt_x86.h, pt_ept.h,
 * pt_riscv.h, pt_arm64.h), where each cites its manual.
 */
#ifndef _MS_FORMATS_H
#define _MS_FORMATS_H

#include <linux/memory_set.h>

/* A field of an entry: its name applies if (entry & mask) == value. */
struct ms_field {
	unsigned long long mask, value;
	const char *name;
};

#define MS_B(n)			(1ULL << (n))
#define MS_MAX_FIELDS		20

struct ms_format_desc {
	unsigned int format;		/* MS_FORMAT_* */
	const char *name;		/* for "format NAME" */
	int levels;
	const char *level[5];		/* root first */
	unsigned long long present;	/* a bit every present entry has */
	struct ms_field fields[MS_MAX_FIELDS];
};

static const struct ms_format_desc ms_formats[] = {
	{ MS_FORMAT_X86_64_4L, "x86-64-4l", 4, { "PML4", "PDPT", "PD", "PT" }, 1,
	  { { MS_B(0), MS_B(0), "P" }, { MS_B(1), MS_B(1), "RW" },
	    { MS_B(2), MS_B(2), "US" }, { MS_B(3), MS_B(3), "PWT" },
	    { MS_B(4), MS_B(4), "PCD" }, { MS_B(5), MS_B(5), "A" },
	    { MS_B(6), MS_B(6), "D" }, { MS_B(7), MS_B(7), "PS" },
	    { MS_B(8), MS_B(8), "G" }, { MS_B(63), MS_B(63), "NX" } } },
	{ MS_FORMAT_X86_64_5L, "x86-64-5l", 5,
	  { "PML5", "PML4", "PDPT", "PD", "PT" }, 1,
	  { { MS_B(0), MS_B(0), "P" }, { MS_B(1), MS_B(1), "RW" },
	    { MS_B(2), MS_B(2), "US" }, { MS_B(3), MS_B(3), "PWT" },
	    { MS_B(4), MS_B(4), "PCD" }, { MS_B(5), MS_B(5), "A" },
	    { MS_B(6), MS_B(6), "D" }, { MS_B(7), MS_B(7), "PS" },
	    { MS_B(8), MS_B(8), "G" }, { MS_B(63), MS_B(63), "NX" } } },
	{ MS_FORMAT_X86_EPT, "ept", 4, { "PML4", "PDPT", "PD", "PT" }, 7,
	  { { MS_B(0), MS_B(0), "R" }, { MS_B(1), MS_B(1), "W" },
	    { MS_B(2), MS_B(2), "X" }, { 0x38, 0x00, "MT=UC" },
	    { 0x38, 0x30, "MT=WB" }, { MS_B(6), MS_B(6), "IPAT" },
	    { MS_B(7), MS_B(7), "PS" }, { MS_B(8), MS_B(8), "A" },
	    { MS_B(9), MS_B(9), "D" } } },
	{ MS_FORMAT_RISCV_SV39, "sv39", 3, { "VPN[2]", "VPN[1]", "VPN[0]" }, 1,
	  { { MS_B(0), MS_B(0), "V" }, { MS_B(1), MS_B(1), "R" },
	    { MS_B(2), MS_B(2), "W" }, { MS_B(3), MS_B(3), "X" },
	    { MS_B(4), MS_B(4), "U" }, { MS_B(5), MS_B(5), "G" },
	    { MS_B(6), MS_B(6), "A" }, { MS_B(7), MS_B(7), "D" },
	    { 3ULL << 61, 1ULL << 61, "PBMT=NC" },
	    { 3ULL << 61, 2ULL << 61, "PBMT=IO" } } },
	{ MS_FORMAT_RISCV_SV48, "sv48", 4,
	  { "VPN[3]", "VPN[2]", "VPN[1]", "VPN[0]" }, 1,
	  { { MS_B(0), MS_B(0), "V" }, { MS_B(1), MS_B(1), "R" },
	    { MS_B(2), MS_B(2), "W" }, { MS_B(3), MS_B(3), "X" },
	    { MS_B(4), MS_B(4), "U" }, { MS_B(5), MS_B(5), "G" },
	    { MS_B(6), MS_B(6), "A" }, { MS_B(7), MS_B(7), "D" },
	    { 3ULL << 61, 1ULL << 61, "PBMT=NC" },
	    { 3ULL << 61, 2ULL << 61, "PBMT=IO" } } },
	{ MS_FORMAT_RISCV_SV57, "sv57", 5,
	  { "VPN[4]", "VPN[3]", "VPN[2]", "VPN[1]", "VPN[0]" }, 1,
	  { { MS_B(0), MS_B(0), "V" }, { MS_B(1), MS_B(1), "R" },
	    { MS_B(2), MS_B(2), "W" }, { MS_B(3), MS_B(3), "X" },
	    { MS_B(4), MS_B(4), "U" }, { MS_B(5), MS_B(5), "G" },
	    { MS_B(6), MS_B(6), "A" }, { MS_B(7), MS_B(7), "D" },
	    { 3ULL << 61, 1ULL << 61, "PBMT=NC" },
	    { 3ULL << 61, 2ULL << 61, "PBMT=IO" } } },
	{ MS_FORMAT_ARM64_4K, "arm64", 4, { "L0", "L1", "L2", "L3" }, 1,
	  { { MS_B(0), MS_B(0), "valid" }, { 0x1c, 0x00, "AttrIndx=0(Normal)" },
	    { 0x1c, 0x08, "AttrIndx=2(Normal-NC)" },
	    { 0xc0, 0x00, "AP=00(EL1:rw)" },
	    { 0xc0, 0x40, "AP=01(EL1+EL0:rw)" },
	    { 0xc0, 0x80, "AP=10(EL1:ro)" },
	    { 0xc0, 0xc0, "AP=11(EL1+EL0:ro)" }, { 0x300, 0x300, "SH=IS" },
	    { MS_B(10), MS_B(10), "AF" }, { MS_B(11), MS_B(11), "nG" },
	    { MS_B(51), MS_B(51), "DBM" }, { MS_B(53), MS_B(53), "PXN" },
	    { MS_B(54), MS_B(54), "UXN" } } },
};

#endif /* _MS_FORMATS_H */
