/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The whole-stack harness: struct ms_space (core, backends, page table)
 * built in userspace over the page arena of pages.c, driven by small
 * fixed-size records, with an oracle checked after every operation.
 * Shared by the fuzzer (stack_fuzz.c) and the seeded runner (stack_main.c).
 */
#ifndef _UCORE_STACK_H
#define _UCORE_STACK_H

#include <linux/types.h>
#include <linux/memory_set.h>	/* the ABI's words: records speak them */

#include "pt_x86.h"
#include "space.h"

/**
 * struct st_fmt - a format as the oracle reads it (stack_fmt.c)
 * @id: the format
 * @levels: levels of tables
 * @max_leaf_level: the highest level of a huge leaf
 * @addr_limit: the end of the virtual addresses a space spans
 * @phys_limit: the end of what an entry can name
 * @addr_mask: the bits of the frame number
 * @addr_shift: where it sits (pa >> 12 << @addr_shift)
 * @table: the bits of a table entry besides the address
 * @level_type: per level, what a leaf of that level carries (x86's PS)
 * @a: Accessed
 * @d: Dirty (0: none)
 * @has_user: whether a protection may hold MS_PROT_USER (not EPT)
 * @user_no_kexec: a supervisor fetch from a user page faults (RISC-V,
 *	always; AArch64, whose user pages are PXN)
 * @owned: the module's software bit of an owned frame
 * @sw_leaf: the module's software bit of a leaf the MMU cannot see
 * @perm_mask: every bit @perm may set
 * @perm: the permission bits of a protection, from the manual
 */
struct st_fmt {
	enum ms_pt_format_id id;
	int levels;
	int max_leaf_level;
	u64 addr_limit;
	u64 phys_limit;
	u64 addr_mask;
	int addr_shift;
	u64 table;
	u64 level_type[MS_PT_MAX_LEVELS];
	u64 a;
	u64 d;
	bool has_user;
	bool user_no_kexec;
	u64 owned;
	u64 sw_leaf;
	u64 perm_mask;
	u64 (*perm)(u32 prot);
};

extern const struct st_fmt st_formats[MS_PT_NR_FORMATS];

/*
 * The backends by their ops tables, as the oracle tells areas apart, and
 * the space's calls in the ABI's words (stack_api.c).
 */
const struct mapping_backend_ops *st_ops(enum ms_backend_kind kind, bool huge,
					 bool populate);
#define ms_linear_ops		(*st_ops(MS_KIND_LINEAR, false, false))
#define ms_linear_huge_ops	(*st_ops(MS_KIND_LINEAR, true, false))
#define ms_alloc_ops		(*st_ops(MS_KIND_ALLOC, false, false))
#define ms_alloc_populate_ops	(*st_ops(MS_KIND_ALLOC, false, true))

const struct mapping_backend_ops *st_backend_ops(u32 backend, u32 map_flags);
int st_space_map(struct ms_space *space, const struct ms_map_args *args);
void st_space_query(struct ms_space *space, struct ms_query_args *q,
		    bool show_phys);
void st_space_stats(struct ms_space *space, struct ms_stats *stats);
void st_space_area_info(struct ms_space *space, const struct memory_area *area,
			struct ms_area_info *info);
int st_space_touch(struct ms_space *space, u64 va, u32 access, u32 *result);

/*
 * One operation, as the fuzzer writes it: 8 bytes.
 *
 * Addresses follow a coarse model, so that huge leaves really get built
 * and cut: an address is a 1 GiB slot, plus a 2 MiB slot inside it (at
 * the 2 MiB and 4 KiB scales), plus a 4 KiB slot inside that (at the
 * 4 KiB scale); the slots sit at the start, the end and the middle of
 * their range (see stack_op.c), so edges and their neighbours come up.
 */
struct stack_rec {
	u8 op;		/* [3:0] kind (STACK_OP_*), [7:4] STACK_REC_* flags */
	u8 where;	/* [7:6] scale, [5:3] 1 GiB slot, [2:0] 2 MiB slot */
	u8 low;		/* [7:5] 4 KiB slot, [4:3] phys base, [2:1] phys skew */
	u8 size;	/* [7:6] scale, [5:3] count - 1, [2:1] trim */
	u8 prot;	/* [4:0] MS_PROT_*, [7:5] access kinds of a touch */
	u8 budget;	/* page budget, before the operation (below) */
	u8 areas;	/* 0 keep; 255 no limit; else areas + (n - 1) % 8 */
	u8 fail;	/* ms_fail_nth for this operation; 0 none */
};

/*
 * stack_rec.budget: 0 keeps it; 1..127 make it the pages held + n - 1 (1:
 * exhausted); 128..254 at least n - 127; 255 at least STACK_BIG_BUDGET.
 */

#define STACK_REC_SIZE		sizeof(struct stack_rec)

/* The low nibble of stack_rec.op: maps come up most. */
#define STACK_OP_MAP		0	/* 0..4 */
#define STACK_OP_UNMAP		5	/* 5..7 */
#define STACK_OP_PROTECT	8	/* 8..10 */
#define STACK_OP_TOUCH		11	/* 11..12 */
#define STACK_OP_QUERY		13
#define STACK_OP_FIND_FREE	14
#define STACK_OP_CLEAR		15

#define STACK_REC_REPLACE	0x10	/* MS_MAP_REPLACE; find_free: limit_start */
#define STACK_REC_BIG		0x20	/* MS_MAP_HUGE, or MS_MAP_POPULATE */
#define STACK_REC_ALLOC		0x40	/* MS_BACKEND_ALLOC */
#define STACK_REC_USER		0x80	/* a user-mode touch; a query sees phys */

/* stack_rec.where and .size: the scale. */
#define STACK_SCALE_4K		0
#define STACK_SCALE_2M		1
#define STACK_SCALE_1G		2

/* stack_rec.low: the phys base of a LINEAR map. */
#define STACK_PHYS_RAM		0	/* UCORE_RAM_BASE: inside the arena */
#define STACK_PHYS_FAR		1	/* 0x7000000000: far outside it */
#define STACK_PHYS_SAME		2	/* phys = va */
#define STACK_PHYS_TOP		3	/* just below MS_PHYS_LIMIT */

/* Encoders, for records written by hand (stack_main.c's scenarios). */
#define STACK_WHERE(scale, g, m)	((scale) << 6 | (g) << 3 | (m))
#define STACK_LOW(p, base, skew)	((p) << 5 | (base) << 3 | (skew) << 1)
#define STACK_SIZE(scale, count, trim)	((scale) << 6 | ((count) - 1) << 3 | \
					 (trim) << 1)

#define STACK_BIG_BUDGET	1024
#define STACK_DEFAULT_BUDGET	64

enum stack_kind {
	STACK_MAP,
	STACK_UNMAP,
	STACK_PROTECT,
	STACK_TOUCH,
	STACK_QUERY,
	STACK_FIND_FREE,
	STACK_CLEAR,
};

/* How a record changes a limit; it never goes below the current use. */
enum stack_tweak {
	STACK_KEEP,
	STACK_SLACK,	/* the current use + value */
	STACK_AT_LEAST,	/* max(current use, value) */
};

/* A decoded record: valid arguments, as dev.c would pass them on. */
struct stack_op {
	enum stack_kind kind;
	u64 start;		/* range start; touch, query, find_free hint */
	u64 size;		/* range size; find_free size */
	u64 phys;		/* map */
	u32 prot;		/* map, protect */
	u32 backend;		/* map: MS_BACKEND_* */
	u32 map_flags;		/* map: MS_MAP_* */
	u32 access;		/* touch */
	bool show_phys;		/* query */
	u64 limit_start;	/* find_free */
	u64 limit_end;
	u64 align;		/* find_free; 0 means PAGE_SIZE, as in dev.c */
	enum stack_tweak budget;
	unsigned long budget_value;
	enum stack_tweak areas;
	unsigned long areas_value;
	unsigned int fail_nth;
};

void stack_decode(const struct st_fmt *fmt, const struct stack_rec *rec,
		  struct stack_op *op);
int stack_describe(const struct stack_op *op, char *buf, size_t len);

/* The state of one run. */
struct st_area;
struct st_run;

struct st_snap {
	struct st_area *areas;
	unsigned long nr_areas, cap_areas;
	struct st_run *runs;		/* the leaves, in runs (stack.c) */
	unsigned long nr_runs, cap_runs;
	unsigned long nr_leaves;
	unsigned long nr_tables, nr_frames, nr_pool;
	u64 mapped_bytes;
};

struct stack {
	struct ms_space space;
	const struct st_fmt *fmt;	/* the format of this run */
	struct st_snap snaps[2];
	struct st_snap *before, *after;
	struct st_snap expect;		/* areas only: what the op should leave */
	const char *label;		/* printed with any failure */
	unsigned long step;
	char desc[256];			/* the current operation */
	u64 touched_start, touched_end;	/* the range it works on */
	bool trace;			/* print every operation */
	bool strict_peak;		/* check the budget within operations */
	bool thorough;			/* check ms_pt_walk_leaves() each step */
};

void stack_init(struct stack *st, const char *label, unsigned long max_pages,
		unsigned long max_areas, enum ms_pt_format_id format);
enum ms_pt_format_id stack_input_format(size_t size);
void stack_step(struct stack *st, const struct stack_op *op);
void stack_run(struct stack *st, const void *data, size_t size);
void stack_fini(struct stack *st);

#endif
