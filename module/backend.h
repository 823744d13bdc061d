/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mapping backends that plug the page table into the core: LINEAR
 * (device memory, a direct map) and ALLOC (anonymous memory). Each is one
 * ops table; a new backend is one more.
 */
#ifndef _MEMORY_SET_BACKEND_H
#define _MEMORY_SET_BACKEND_H

#include "memory_set.h"

/**
 * enum ms_backend_kind - what a backend is, as &mapping_backend_ops.kind
 * @MS_KIND_LINEAR: start maps to a physical address, start + k to it + k;
 *	the area's offset is that address
 * @MS_KIND_ALLOC: zeroed frames from alloc_pages(), owned by the page
 *	table, given on first touch or at map time (populate)
 */
enum ms_backend_kind {
	MS_KIND_LINEAR,
	MS_KIND_ALLOC,
};

/**
 * struct ms_backend_choice - which ops a map asks for
 * @kind: the backend
 * @huge: LINEAR: use huge leaves where addresses and size line up
 * @populate: ALLOC: give every page its frame now
 */
struct ms_backend_choice {
	enum ms_backend_kind kind;
	bool huge;
	bool populate;
};

const struct mapping_backend_ops *
ms_backend_ops(const struct ms_backend_choice *choice);

#endif /* _MEMORY_SET_BACKEND_H */
