/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reference model of the memory_set semantics, as simple as it can be:
 * one slot per page saying whether it is mapped, the start of the area it
 * belongs to, its flags, and what it holds (a stamp, model_data.c). Slow
 * and obviously right; the differential tests (KUnit, the guest, the
 * fuzzers) compare the core, and the data of spaces and their clones,
 * against it.
 *
 * Plain C on u64s, built in the kernel and in userspace alike.
 */
#ifndef _MEMORY_SET_MODEL_H
#define _MEMORY_SET_MODEL_H

#include <linux/types.h>

#define MODEL_MAX_PAGES	1024

/**
 * struct ms_model - the model of one address space
 * @unit: bytes per page
 * @nr_pages: pages modelled, from address 0; above them all is free
 * @page: one slot per page
 */
struct ms_model {
	u64 unit;
	unsigned int nr_pages;
	struct {
		bool mapped;
		u32 flags;
		u64 start;	/* start of the area the page belongs to */
		u64 stamp;	/* what it holds: model_fill_page() */
	} page[MODEL_MAX_PAGES];
};

/**
 * struct model_area - one area as the model sees it
 * @start: first address
 * @end: first address past it
 * @flags: its flags
 */
struct model_area {
	u64 start;
	u64 end;
	u32 flags;
};

void model_init(struct ms_model *m, u64 unit, unsigned int nr_pages);
int model_map(struct ms_model *m, u64 start, u64 size, u32 flags,
	      bool replace);
int model_unmap(struct ms_model *m, u64 start, u64 size);
int model_protect(struct ms_model *m, u64 start, u64 size, u32 flags);
void model_clear(struct ms_model *m);
int model_find_free(const struct ms_model *m, u64 hint, u64 size,
		    u64 limit_start, u64 limit_end, u64 align, u64 *addr);
unsigned int model_areas(const struct ms_model *m, struct model_area *out,
			 unsigned int max);

/**
 * struct model_rng - a small deterministic generator (xorshift64*)
 * @state: never 0
 */
struct model_rng {
	u64 state;
};

u64 model_rand(struct model_rng *rng);

/* The core's operations, then those of data (model_random_data_op()). */
enum model_op_type { MODEL_MAP, MODEL_UNMAP, MODEL_PROTECT, MODEL_CLEAR,
		     MODEL_FIND_FREE, MODEL_NR_OPS,
		     MODEL_WRITE = MODEL_NR_OPS, MODEL_CLONE };

/**
 * struct model_op - one random operation, in the model's units
 * @type: what to do
 * @start: first address (hint for FIND_FREE)
 * @size: length
 * @flags: MAP/PROTECT flags, in 0..7
 * @replace: MAP replaces overlapping areas
 * @align: FIND_FREE alignment, a power of two >= unit
 * @stamp: WRITE: what the pages get (never 0)
 * @side: WRITE and CLONE of two spaces: the one written, or cloned into
 *	the other
 */
struct model_op {
	enum model_op_type type;
	u64 start;
	u64 size;
	u32 flags;
	bool replace;
	u64 align;
	u64 stamp;
	unsigned int side;
};

void model_random_op(const struct ms_model *m, struct model_rng *rng,
		     struct model_op *op);
int model_apply(struct ms_model *m, const struct model_op *op, u64 limit_end,
		u64 *addr);

/* The same operation on a real set (model_set.c). */
struct memory_set;
struct mapping_backend_ops;
int model_apply_to_set(struct memory_set *set, const struct model_op *op,
		       u32 prot, const struct mapping_backend_ops *ops,
		       u64 offset, u64 limit_end, u64 *addr);

/* Data (model_data.c). Flag bit 0 of a page allows writes. */
#define MODEL_FLAG_WRITE	0x1

/* How a WRITE ended, as MS_ACCESS_* says it. */
enum model_access { MODEL_ACCESS_OK, MODEL_ACCESS_MAPERR,
		    MODEL_ACCESS_ACCERR };

enum model_access model_write(struct ms_model *m, u64 start, u64 size,
			      u64 stamp, u64 *done);
bool model_page_stamp(const struct ms_model *m, u64 va, u64 *stamp);
void model_fill_page(u8 *page, u64 unit, u64 va, u64 stamp);
void model_random_data_op(const struct ms_model *m, struct model_rng *rng,
			  struct model_op *op);

#endif /* _MEMORY_SET_MODEL_H */
