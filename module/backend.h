/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two mapping backends that plug the page table into the core:
 * LINEAR (device memory, a direct map) and ALLOC (anonymous memory).
 */
#ifndef _MEMORY_SET_BACKEND_H
#define _MEMORY_SET_BACKEND_H

#include <uapi/linux/memory_set.h>

#include "memory_set.h"

extern const struct mapping_backend_ops ms_linear_ops;
extern const struct mapping_backend_ops ms_linear_huge_ops;
extern const struct mapping_backend_ops ms_alloc_ops;
extern const struct mapping_backend_ops ms_alloc_populate_ops;

u64 ms_prot_to_pte(u32 prot);
u32 ms_pte_to_prot(u64 entry);
const struct mapping_backend_ops *ms_backend_ops(u32 backend, u32 map_flags);
u32 ms_area_backend(const struct memory_area *area);

#endif /* _MEMORY_SET_BACKEND_H */
