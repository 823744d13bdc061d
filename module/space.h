/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An address space: a memory set, its page table and the lock that
 * serialises them. This is what one open file of /dev/memory_set holds,
 * and the one door through which dev.c and debugfs.c reach the core and
 * the page table. It speaks the kernel's words (prot.h, backend.h), never
 * the ABI's.
 */
#ifndef _MEMORY_SET_SPACE_H
#define _MEMORY_SET_SPACE_H

#include <linux/mutex.h>

#include "backend.h"
#include "memory_set.h"
#include "pgtable.h"
#include "prot.h"

/**
 * struct ms_space - one private address space
 * @lock: serialises every operation on @set and @pt
 * @set: the areas
 * @pt: their page table
 */
struct ms_space {
	struct mutex lock; /* serialises every operation on @set, @pt */
	struct memory_set set;
	struct ms_pgtable pt;
};

/**
 * struct ms_map_req - a validated map request
 * @start: first address, page-aligned
 * @size: length, page-aligned, > 0
 * @phys: LINEAR: physical address of @start; ALLOC: 0
 * @prot: MS_VM_* bits
 * @backend: the backend and its options
 * @replace: unmap what overlaps first (mmap's MAP_FIXED)
 */
struct ms_map_req {
	u64 start;
	u64 size;
	u64 phys;
	u32 prot;
	struct ms_backend_choice backend;
	bool replace;
};

/**
 * struct ms_area_report - one area, as LIST and debugfs show it
 * @start: first address
 * @size: length
 * @phys: LINEAR: physical address of @start; ALLOC: 0 (frames scatter)
 * @prot: MS_VM_* bits
 * @kind: its backend
 * @resident_bytes: bytes with a translation (lazy pages not touched yet
 *	have none)
 */
struct ms_area_report {
	u64 start;
	u64 size;
	u64 phys;
	u32 prot;
	enum ms_backend_kind kind;
	u64 resident_bytes;
};

/**
 * struct ms_space_stats - what a space holds
 * @nr_areas: areas
 * @mapped_bytes: bytes covered by areas
 * @pt_pages: page-table pages, the root included
 * @data_pages: frames the page table owns
 */
struct ms_space_stats {
	u64 nr_areas;
	u64 mapped_bytes;
	u64 pt_pages;
	u64 data_pages;
};

int ms_space_init(struct ms_space *space, unsigned long max_pages,
		  unsigned long max_areas);
void ms_space_destroy(struct ms_space *space);
int ms_space_set_format(struct ms_space *space, enum ms_pt_format_id id);
u64 ms_space_addr_limit(struct ms_space *space);
int ms_space_map(struct ms_space *space, const struct ms_map_req *req);
int ms_space_unmap(struct ms_space *space, u64 start, u64 size);
int ms_space_protect(struct ms_space *space, u64 start, u64 size, u32 prot);
int ms_space_clear(struct ms_space *space);
int ms_space_find_free(struct ms_space *space, u64 hint, u64 size,
		       u64 limit_start, u64 limit_end, u64 align, u64 *addr);
int ms_space_access(struct ms_space *space, u64 va, u32 access,
		    struct page **frame, enum ms_access_result *result);
unsigned int ms_space_frames(struct ms_space *space, u64 va, u32 access,
			     struct page **frames, unsigned int nr,
			     enum ms_access_result *first);
void ms_space_frames_used(struct ms_space *space, u64 va, u32 access,
			  unsigned int nr);
int ms_space_touch(struct ms_space *space, u64 va, u32 access,
		   enum ms_access_result *result);
bool ms_space_translate(struct ms_space *space, u64 va,
			struct ms_pt_leaf *leaf);
bool ms_space_area_from(struct ms_space *space, u64 from,
			struct ms_area_report *report);
void ms_space_stats(struct ms_space *space, struct ms_space_stats *stats);
void ms_space_walk_leaves(struct ms_space *space, struct ms_pt_walker *walker);
const struct ms_pt_format *ms_space_format(struct ms_space *space);
void ms_space_set_total_limits(unsigned long pages, unsigned long areas);
long ms_space_pages_held(void);
long ms_space_areas_held(void);
int ms_space_export_size(struct ms_space *space, u64 base, u64 *size);
int ms_space_export(struct ms_space *space, u64 base, struct iov_iter *out);

int ms_space_copy(struct ms_space *space, u64 va, u32 access,
		  struct iov_iter *buf, u64 *done,
		  enum ms_access_result *result);
int ms_space_clone(struct ms_space *dst, struct ms_space *src);

#endif /* _MEMORY_SET_SPACE_H */
