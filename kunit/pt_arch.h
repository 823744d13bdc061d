/* SPDX-License-Identifier: GPL-2.0 */
/* The formats' entries as the architecture manuals define them (pt_arch.c). */
#ifndef _MEMORY_SET_KUNIT_PT_ARCH_H
#define _MEMORY_SET_KUNIT_PT_ARCH_H

#include <linux/types.h>

#include "pt_format.h"

bool pt_arch_present(enum ms_pt_format_id id, u64 entry);
bool pt_arch_is_table(enum ms_pt_format_id id, u64 entry, int level);
const char *pt_arch_problem(enum ms_pt_format_id id, u64 entry, int level,
			    int levels);

#endif
