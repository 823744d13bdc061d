// SPDX-License-Identifier: GPL-2.0
/*
 * The page-table formats a space can choose from, by number, and choosing
 * one for an empty table: the registry above the formats (pt_x86.c,
 * pt_ept.c, pt_riscv.c, pt_arm64.c), which know nothing of it.
 */
#include <linux/kernel.h>

#include "pt_internal.h"

static const struct ms_pt_format *const formats[MS_PT_NR_FORMATS] = {
	[MS_PT_X86_64_4L] = &ms_pt_x86_64_4l,
	[MS_PT_X86_64_5L] = &ms_pt_x86_64_5l,
	[MS_PT_X86_EPT] = &ms_pt_x86_ept,
	[MS_PT_RISCV_SV39] = &ms_pt_riscv_sv39,
	[MS_PT_RISCV_SV48] = &ms_pt_riscv_sv48,
	[MS_PT_RISCV_SV57] = &ms_pt_riscv_sv57,
	[MS_PT_ARM64_4K] = &ms_pt_arm64_4k,
};

/**
 * ms_pt_format_get() - a format by its number
 * @id: MS_PT_*
 *
 * Return: the format, or NULL for an unknown number.
 */
const struct ms_pt_format *ms_pt_format_get(enum ms_pt_format_id id)
{
	if ((unsigned int)id >= MS_PT_NR_FORMATS)
		return NULL;
	return formats[id];
}

/**
 * ms_pt_set_format() - change the format of an empty page table
 * @pt: the page table: nothing mapped, only its root
 * @fmt: the new format
 *
 * Every format's root is one zeroed 4 KiB table, so an empty table only
 * changes how it will be read and written: nothing is allocated.
 *
 * Return: 0, or -EBUSY if @pt holds anything but an empty root.
 */
int ms_pt_set_format(struct ms_pgtable *pt, const struct ms_pt_format *fmt)
{
	if (pt->nr_tables != 1 || pt->nr_frames || table_used(pt->root))
		return -EBUSY;
	pt->fmt = fmt;
	return 0;
}
