// SPDX-License-Identifier: GPL-2.0
/*
 * The whole stack under test: struct ms_space, that is the core, both
 * backends (backend.c), the page table (pgtable.c, pt_*.c) and space.c,
 * over the page arena of pages.c (the Makefile lists the files). After
 * every operation the oracle checks that:
 *
 *  (a) an operation that failed changed nothing: the areas, every leaf,
 *      entry for entry (owned frames included: they hold the space's
 *      data), and the page counts are as they were;
 *  (b) the page table agrees with the areas: every leaf lies inside an
 *      area and has its permissions; LINEAR leaves map area->offset +
 *      (va - start); ALLOC leaves are owned 4 KiB frames; huge leaves only
 *      in MS_MAP_HUGE areas; LINEAR and populated areas are fully mapped;
 *      and the tables are well formed (entry counts, tags, no empty table
 *      but the root, every table and frame a live page used once);
 *  (c) the budget holds: tables + frames + the spare <= max_pages,
 *      areas <= max_areas,
 *      the pool is empty between operations, and every page allocated is
 *      one the page table accounts for;
 *  (d) memory_set_mapped_bytes() is the sum of the areas' sizes;
 *
 * and that an operation that succeeded did what it should: the areas are
 * those an interval model computes; translations outside the range it
 * changes are untouched; touch, query and find_free answer what the areas
 * say; an -ENOMEM is only allowed when an injected failure, the budget or
 * max_areas explains it.
 *
 * The snapshot of the page table comes from a walk of its own, which reads
 * the tables through phys_to_virt() of the arena and checks them on the
 * way, in any of the seven formats: what an entry holds is read through
 * stack_fmt.c (the manuals' bits), leaf or table and the reserved bits
 * through kunit/pt_arch.c, never through the module's format tables;
 * ms_pt_walk_leaves() must report the same leaves (at every step in
 * ucore_stack, at the end of each input in the fuzzer). Leaves are kept
 * as runs, so every check is O(leaves) at most once, in that walk, and
 * O(runs + areas) after it: no loop over the pages of a range.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/align.h>
#include <linux/kernel.h>
#include <linux/limits.h>

#include "backend.h"
#include "fail.h"
#include "pages.h"
#include "pt_arch.h"
#include "stack.h"

struct st_area {
	u64 start, end, offset;
	u32 flags;
	const struct mapping_backend_ops *ops;
	struct memory_area *area;	/* the live area, in a fresh snapshot */
	u64 perm;			/* the permission bits of its leaves */
};

/*
 * Leaves of one level that follow each other, with the same bits and
 * physical addresses that follow each other too: a 4 KiB LINEAR area of
 * 16 MiB is one run, not 4096 leaves. A run keeps the first leaf's entry;
 * every leaf of it is known from that, so a list of runs says as much as
 * the list of leaves, and the oracle goes over runs.
 */
struct st_run {
	u64 va, end;
	u64 entry;
	u64 leaf;		/* bytes per leaf */
	int level;
};

/* What an operation returned besides its error. */
struct st_result {
	u32 touch;
	struct ms_query_args query;
	u64 addr;
};

/*
 * Which translations an operation that succeeded may change: inside
 * [start, end) the bits @ignore (all of them: anything) and, with
 * @presence, whether there is a leaf at all; nothing outside.
 */
struct st_rule {
	u64 start, end;
	u64 ignore;
	bool presence;
};

#define LLU(v)	((unsigned long long)(v))

#define CHECK(st, cond, ...) do {					\
	if (!(cond))							\
		stack_fail(st, __LINE__, __VA_ARGS__);			\
} while (0)

/* The format's fields of an entry (stack_fmt.c). */
static u64 entry_pa(const struct st_fmt *f, u64 entry)
{
	return ((entry & f->addr_mask) >> f->addr_shift) << PAGE_SHIFT;
}

static u64 pa_field(const struct st_fmt *f, u64 pa)
{
	return (pa >> PAGE_SHIFT) << f->addr_shift;
}

/* The bits of the leaves' level types, all levels together. */
static u64 level_types(const struct st_fmt *f)
{
	u64 types = 0;
	int l;

	for (l = 0; l < MS_PT_MAX_LEVELS; l++)
		types |= f->level_type[l];
	return types;
}

/* Every bit a leaf may carry. */
static u64 known_bits(const struct st_fmt *f)
{
	return f->perm_mask | f->a | f->d | level_types(f) | f->owned |
	       f->sw_leaf | f->addr_mask;
}

static void dump_snap(const char *name, const struct st_snap *s)
{
	unsigned long i;

	if (!s)
		return;
	fprintf(stderr, "  %s: %lu tables, %lu frames, %lu pooled, %lu areas, %lu leaves\n",
		name, s->nr_tables, s->nr_frames, s->nr_pool, s->nr_areas,
		s->nr_leaves);
	for (i = 0; i < s->nr_areas && i < 16; i++)
		fprintf(stderr, "    area [%#llx, %#llx) prot %#x %s offset %#llx\n",
			LLU(s->areas[i].start), LLU(s->areas[i].end),
			s->areas[i].flags,
			s->areas[i].ops == &ms_linear_huge_ops ? "LINEAR HUGE" :
			s->areas[i].ops == &ms_linear_ops ? "LINEAR" :
			s->areas[i].ops == &ms_alloc_populate_ops ?
			"ALLOC POPULATE" : "ALLOC",
			LLU(s->areas[i].offset));
	for (i = 0; i < s->nr_runs && i < 16; i++)
		fprintf(stderr, "    leaves [%#llx, %#llx) level %d, the first %#llx\n",
			LLU(s->runs[i].va), LLU(s->runs[i].end),
			s->runs[i].level, LLU(s->runs[i].entry));
}

static void __noreturn __printf(3, 4)
stack_fail(struct stack *st, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ucore-stack: %s step %lu (%s): ", st->label, st->step,
		st->desc);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (stack.c:%d)\n", line);
	dump_snap("before", st->before);
	dump_snap("after", st->after);
	abort();
}

static void *grow(void *p, unsigned long *cap, unsigned long need, size_t elem)
{
	if (need <= *cap)
		return p;
	*cap = max(2 * *cap, max(need, 64UL));
	p = realloc(p, *cap * elem);
	if (!p)
		abort();
	return p;
}

/* The format of the run under way (stack_init() sets it). */
static const struct st_fmt *fmt;

/* The physical address that @va, inside @r, maps to. */
static u64 run_phys(const struct st_run *r, u64 va)
{
	return entry_pa(fmt, r->entry) + (va - r->va);
}

/* The first address of the leaf of @r that maps @va. */
static u64 leaf_start(const struct st_run *r, u64 va)
{
	return va & ~(r->leaf - 1);
}

/* The entry of that leaf. */
static u64 leaf_entry(const struct st_run *r, u64 va)
{
	return (r->entry & ~fmt->addr_mask) |
	       pa_field(fmt, run_phys(r, leaf_start(r, va)));
}

static bool is_linear(const struct st_area *a)
{
	return a->ops == &ms_linear_ops || a->ops == &ms_linear_huge_ops;
}

/* Snapshots. */

static void push_area(struct st_snap *s, const struct st_area *a)
{
	s->areas = grow(s->areas, &s->cap_areas, s->nr_areas + 1,
			sizeof(*s->areas));
	s->areas[s->nr_areas++] = *a;
}

/* A walk of the tables, read here through phys_to_virt() of the arena. */
struct walk {
	struct stack *st;
	struct st_snap *snap;
	struct st_run *last;	/* the run being collected */
	u64 next;		/* the entry that would carry it on */
	unsigned long tables, frames;
};

/* Add a leaf to the snapshot, in address order. */
static void add_leaf(struct walk *w, u64 va, int level, u64 entry)
{
	struct st_snap *s = w->snap;
	struct st_run *r = w->last;
	u64 size;

	s->nr_leaves++;
	/* Same level, bits and next frame: the address field just grows. */
	if (r && r->end == va && entry == w->next && r->level == level) {
		r->end += r->leaf;
		w->next += pa_field(fmt, r->leaf);
		return;
	}
	size = ms_pt_level_size(level);
	s->runs = grow(s->runs, &s->cap_runs, s->nr_runs + 1,
		       sizeof(*s->runs));
	r = &s->runs[s->nr_runs++];
	*r = (struct st_run){ va, va + size, entry, size, level };
	w->last = r;
	w->next = entry + pa_field(fmt, size);
}

static void walk_tables(struct walk *w);

/*
 * The areas, and every leaf and the page counts, from a walk of the tables
 * that checks them on the way (check_table()): the oracle does not look
 * at the page table through the module's own walkers.
 */
static void snap_take(struct stack *st, struct st_snap *s)
{
	const struct ms_space *space = &st->space;
	struct walk w = { .st = st, .snap = s };
	struct memory_area *area;

	s->nr_areas = 0;
	for (area = memory_set_first(&space->set); area;
	     area = memory_area_next(area))
		push_area(s, &(struct st_area){
				  area->start, area->end, area->offset,
				  area->flags, memory_area_ops(area), area,
				  fmt->perm(area->flags) });
	s->nr_leaves = 0;
	s->nr_runs = 0;
	s->nr_tables = space->pt.nr_tables;
	s->nr_frames = space->pt.nr_frames;
	s->nr_pool = space->pt.nr_pool;
	s->mapped_bytes = memory_set_mapped_bytes(&space->set);
	walk_tables(&w);
}

/* The last run or area starting at or below @va, if it covers @va. */
static const struct st_run *run_at(const struct st_snap *s, u64 va)
{
	unsigned long lo = 0, hi = s->nr_runs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->runs[mid].va <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && va < s->runs[lo - 1].end ? &s->runs[lo - 1] : NULL;
}

static const struct st_area *area_at(const struct st_snap *s, u64 va)
{
	unsigned long lo = 0, hi = s->nr_areas, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->areas[mid].start <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && va < s->areas[lo - 1].end ? &s->areas[lo - 1] : NULL;
}

/* The tables, walked here without the module's walkers. */

static unsigned int mark[UCORE_NR_PAGES], mark_gen;

/* Every table and every owned frame is a live page, used once. */
static void mark_page(struct stack *st, u64 phys, const char *what)
{
	long slot = ucore_page_slot(phys);

	CHECK(st, ucore_page_allocated(phys), "%s %#llx is not a live page",
	      what, LLU(phys));
	CHECK(st, mark[slot] != mark_gen,
	      "%s %#llx is used twice (as a table or a frame)", what, LLU(phys));
	mark[slot] = mark_gen;
}

static void check_leaf_entry(struct walk *w, u64 entry, int level, u64 va)
{
	struct stack *st = w->st;
	u64 phys = entry_pa(fmt, entry);
	bool present = pt_arch_present(fmt->id, entry);
	const char *why = present ? pt_arch_problem(fmt->id, entry, level,
						    fmt->levels) : NULL;

	CHECK(st, level <= fmt->max_leaf_level, "a leaf at level %d for %#llx",
	      level, LLU(va));
	CHECK(st, !(entry & ~known_bits(fmt)),
	      "leaf %#llx for %#llx: bad bits", LLU(entry), LLU(va));
	CHECK(st, !why, "leaf %#llx of level %d for %#llx: %s", LLU(entry),
	      level, LLU(va), why);
	/* The software leaf bit marks only what the MMU cannot see. */
	CHECK(st, !!(entry & fmt->sw_leaf) == !present,
	      "leaf %#llx for %#llx: software leaf bit and present", LLU(entry),
	      LLU(va));
	CHECK(st, (entry & level_types(fmt)) == fmt->level_type[level],
	      "leaf %#llx of level %d for %#llx: level type bits", LLU(entry),
	      level, LLU(va));
	CHECK(st, !(phys & (ms_pt_level_size(level) - 1)),
	      "leaf %#llx of level %d for %#llx: phys not aligned", LLU(entry),
	      level, LLU(va));
	if (entry & fmt->owned) {
		CHECK(st, level == 0, "owned huge leaf %#llx for %#llx",
		      LLU(entry), LLU(va));
		mark_page(st, phys, "owned frame");
		CHECK(st, pfn_to_page(PHYS_PFN(phys))->index !=
			  (unsigned long)&st->space.pt,
		      "owned frame %#llx is tagged as a table", LLU(phys));
		w->frames++;
	}
	add_leaf(w, va, level, entry);
}

/*
 * The leaves of a PT that carry on the run being collected: 4 KiB LINEAR
 * leaves, the bulk of most tables, whose bits are those of the run's first
 * leaf (checked already). Returns how many entries it went over; the
 * caller checks the one it stopped at. The table is a live page
 * (phys_to_virt() said so): ASan has nothing to add to these loads.
 */
static unsigned int __attribute__((no_sanitize("address")))
carry_run(struct walk *w, const u64 *table, unsigned int i, u64 va,
	  unsigned long *used)
{
	struct st_run *r = w->last;
	unsigned int start = i;
	u64 next = w->next;

	/* Only a run of 4 KiB leaves (RISC-V's huge ones look the same). */
	if (!r || r->level || r->end != va || (next & fmt->owned))
		return 0;
	for (; i < MS_PT_ENTRIES && table[i] == next; i++)
		next += pa_field(fmt, PAGE_SIZE);
	*used += i - start;
	w->snap->nr_leaves += i - start;
	r->end += (u64)(i - start) << PAGE_SHIFT;
	w->next = next;
	return i - start;
}

static void check_table(struct walk *w, const u64 *table, int level, u64 base)
{
	const struct page *page = virt_to_page(table);
	u64 entry, va, size = ms_pt_level_size(level);
	struct stack *st = w->st;
	unsigned long used = 0;
	unsigned int i, n;

	w->tables++;
	CHECK(st, page->index == (unsigned long)&st->space.pt,
	      "table of level %d for %#llx is not tagged as this page table's",
	      level, LLU(base));
	for (i = 0, va = base; i < MS_PT_ENTRIES; i++, va += size) {
		if (!level) {
			n = carry_run(w, table, i, va, &used);
			i += n;
			va += n * size;
			if (i == MS_PT_ENTRIES)
				break;
		}
		entry = table[i];
		if (!entry)
			continue;
		used++;
		/* Leaf or table as the manual says (kunit/pt_arch.c). */
		if (level == 0 || !pt_arch_present(fmt->id, entry) ||
		    !pt_arch_is_table(fmt->id, entry, level)) {
			check_leaf_entry(w, entry, level, va);
			continue;
		}
		CHECK(st, (entry & ~fmt->addr_mask) == fmt->table &&
		      !pt_arch_problem(fmt->id, entry, level, fmt->levels),
		      "entry %#llx of level %d for %#llx: neither leaf nor table",
		      LLU(entry), level, LLU(va));
		mark_page(st, entry_pa(fmt, entry), "table");
		/* phys_to_virt() aborts on anything but a live page. */
		check_table(w, phys_to_virt(entry_pa(fmt, entry)), level - 1,
			    va);
	}
	CHECK(st, used == page_private(page),
	      "table of level %d for %#llx: %lu entries used, page_private() says %lu",
	      level, LLU(base), used, page_private(page));
	CHECK(st, used || level == fmt->levels - 1,
	      "an empty table of level %d for %#llx was not freed", level,
	      LLU(base));
}

static void walk_tables(struct walk *w)
{
	const struct ms_pgtable *pt = &w->st->space.pt;

	if (!++mark_gen) {
		memset(mark, 0, sizeof(mark));
		mark_gen = 1;
	}
	mark_page(w->st, virt_to_phys(pt->root), "root");
	check_table(w, pt->root, fmt->levels - 1, 0);
	CHECK(w->st, w->tables == pt->nr_tables,
	      "%lu tables, nr_tables says %lu", w->tables, pt->nr_tables);
	CHECK(w->st, w->frames == pt->nr_frames,
	      "%lu frames, nr_frames says %lu", w->frames, pt->nr_frames);
}

/* ms_pt_walk_leaves() against the walk of the snapshot, leaf by leaf. */
struct leaf_walker {
	struct ms_pt_walker walker;
	struct stack *st;
	const struct st_snap *snap;
	unsigned long run, leaves;
};

static void cross_check_leaf(struct ms_pt_walker *walker, u64 va,
			     const struct ms_pt_leaf *leaf)
{
	struct leaf_walker *lw = container_of(walker, struct leaf_walker,
					      walker);
	int level = leaf->level;
	u64 entry = leaf->entry;
	const struct st_snap *s = lw->snap;
	const struct st_run *r;

	while (lw->run < s->nr_runs && s->runs[lw->run].end <= va)
		lw->run++;
	r = lw->run < s->nr_runs ? &s->runs[lw->run] : NULL;
	CHECK(lw->st, r && r->va <= va && r->level == level &&
	      leaf_start(r, va) == va && leaf_entry(r, va) == entry,
	      "ms_pt_walk_leaves() reports %#llx level %d entry %#llx, the tables hold %#llx level %d entry %#llx",
	      LLU(va), level, LLU(entry), LLU(r ? leaf_start(r, va) : 0),
	      r ? r->level : -1, LLU(r ? leaf_entry(r, va) : 0));
	lw->leaves++;
}

static void check_walk_leaves(struct stack *st)
{
	struct leaf_walker lw = {
		.walker.leaf = cross_check_leaf,
		.st = st,
		.snap = st->after,
	};

	ms_pt_walk_leaves(&st->space.pt, &lw.walker);
	CHECK(st, lw.leaves == st->after->nr_leaves,
	      "ms_pt_walk_leaves() reports %lu leaves, the tables hold %lu",
	      lw.leaves, st->after->nr_leaves);
}

/*
 * (c) and (d): the counts. The spare (zeroed pages kept for faults) is
 * held and within the budget, but neither tables nor frames in the stats.
 */
static void check_counts(struct stack *st)
{
	const struct st_snap *s = st->after;
	struct ms_space *space = &st->space;
	unsigned long held = s->nr_tables + s->nr_frames + space->pt.nr_spare;
	struct ms_stats stats;
	u64 bytes = 0;
	unsigned long i;

	CHECK(st, !s->nr_pool, "%lu pages left in the pool", s->nr_pool);
	CHECK(st, space->pt.nr_spare <= MS_PT_SPARE_BATCH,
	      "%lu pages in the spare", space->pt.nr_spare);
	CHECK(st, held <= space->pt.max_pages, "%lu pages held, budget %lu",
	      held, space->pt.max_pages);
	CHECK(st, ms_pt_pages_held() == (long)held,
	      "ms_pt_pages_held() says %ld, the page table holds %lu",
	      ms_pt_pages_held(), held);
	CHECK(st, ucore_pages_live() == (long)held,
	      "%ld pages allocated, the page table holds %lu", ucore_pages_live(),
	      held);
	CHECK(st, s->nr_areas == memory_set_len(&space->set) &&
	      s->nr_areas <= space->set.max_areas,
	      "%lu areas, memory_set_len() says %lu, max_areas %lu",
	      s->nr_areas, memory_set_len(&space->set), space->set.max_areas);
	for (i = 0; i < s->nr_areas; i++) {
		CHECK(st, s->areas[i].start < s->areas[i].end &&
		      (!i || s->areas[i - 1].end <= s->areas[i].start),
		      "area %lu [%#llx, %#llx) is empty or overlaps", i,
		      LLU(s->areas[i].start), LLU(s->areas[i].end));
		bytes += s->areas[i].end - s->areas[i].start;
	}
	CHECK(st, bytes == s->mapped_bytes,
	      "memory_set_mapped_bytes() says %#llx, the areas cover %#llx",
	      LLU(s->mapped_bytes), LLU(bytes));
	mutex_lock(&space->lock);
	st_space_stats(space, &stats);
	mutex_unlock(&space->lock);
	CHECK(st, stats.nr_areas == s->nr_areas && stats.mapped_bytes == bytes &&
	      stats.pt_pages == s->nr_tables &&
	      stats.data_pages == s->nr_frames,
	      "st_space_stats() disagrees");
}

/* (b): the leaves against the areas, in one pass over both. */

/* The part [@va, @end) of run @r that lies in area @a (if any). */
static void check_piece(struct stack *st, const struct st_run *r, u64 va,
			u64 end, const struct st_area *a)
{
	CHECK(st, a && a->start <= va,
	      "leaf %#llx of level %d lies outside every area",
	      LLU(leaf_start(r, va)), r->level);
	CHECK(st, !(end & (r->leaf - 1)),
	      "leaf %#llx of level %d crosses the end of area [%#llx, %#llx)",
	      LLU(leaf_start(r, end)), r->level, LLU(a->start), LLU(a->end));
	CHECK(st, (r->entry & fmt->perm_mask) == a->perm,
	      "leaf %#llx: entry %#llx, but area [%#llx, %#llx) has prot %#x",
	      LLU(leaf_start(r, va)), LLU(leaf_entry(r, va)), LLU(a->start),
	      LLU(a->end), a->flags);
	CHECK(st, !r->level || a->ops == &ms_linear_huge_ops,
	      "huge leaf %#llx in an area without MS_MAP_HUGE",
	      LLU(leaf_start(r, va)));
	if (!is_linear(a)) {
		CHECK(st, r->entry & fmt->owned,
		      "ALLOC leaf %#llx does not own its frame", LLU(va));
		return;
	}
	CHECK(st, !(r->entry & fmt->owned),
	      "LINEAR leaf %#llx owns its frame", LLU(va));
	CHECK(st, run_phys(r, va) == a->offset + (va - a->start),
	      "LINEAR leaf %#llx maps %#llx, area [%#llx, %#llx) says %#llx",
	      LLU(va), LLU(run_phys(r, va)), LLU(a->start), LLU(a->end),
	      LLU(a->offset + (va - a->start)));
}

/*
 * What the leaves of @a cover, against what it needs and, if the last
 * operation touched it, what the module says (ms_pt_mapped_bytes() walks
 * the tables: once per area and step would cost more than all the rest).
 */
static void check_resident(struct stack *st, const struct st_area *a,
			   u64 resident)
{
	bool full = is_linear(a) || a->ops == &ms_alloc_populate_ops;
	struct ms_area_info info;

	CHECK(st, !full || resident == a->end - a->start,
	      "area [%#llx, %#llx) should be fully mapped, %#llx is",
	      LLU(a->start), LLU(a->end), LLU(resident));
	if (a->end <= st->touched_start || st->touched_end <= a->start)
		return;
	mutex_lock(&st->space.lock);
	st_space_area_info(&st->space, a->area, &info);
	mutex_unlock(&st->space.lock);
	CHECK(st, info.start == a->start && info.size == a->end - a->start &&
	      info.prot == a->flags &&
	      info.backend == (is_linear(a) ? MS_BACKEND_LINEAR :
							  MS_BACKEND_ALLOC) &&
			  info.phys == (is_linear(a) ? a->offset : 0),
	      "st_space_area_info() of [%#llx, %#llx) disagrees", LLU(a->start),
	      LLU(a->end));
	CHECK(st, info.resident_bytes == resident,
	      "area [%#llx, %#llx): ms_pt_mapped_bytes() says %#llx, its leaves cover %#llx",
	      LLU(a->start), LLU(a->end), LLU(info.resident_bytes),
	      LLU(resident));
}

static void check_agreement(struct stack *st)
{
	const struct st_snap *s = st->after;
	const struct st_area *a;
	unsigned long i, j = 0;
	u64 resident = 0, va, end;

	for (i = 0; i < s->nr_runs; i++) {
		for (va = s->runs[i].va; va < s->runs[i].end; va = end) {
			for (; j < s->nr_areas && s->areas[j].end <= va; j++) {
				check_resident(st, &s->areas[j], resident);
				resident = 0;
			}
			a = j < s->nr_areas ? &s->areas[j] : NULL;
			end = a ? min(s->runs[i].end, a->end) : s->runs[i].end;
			check_piece(st, &s->runs[i], va, end, a);
			resident += end - va;
		}
	}
	for (; j < s->nr_areas; j++) {
		check_resident(st, &s->areas[j], resident);
		resident = 0;
	}
}

/*
 * Whatever the operation did, the state must be a valid one (the tables
 * were checked while the snapshot was taken).
 */
static void check_state(struct stack *st)
{
	check_counts(st);
	check_agreement(st);
	if (st->thorough)
		check_walk_leaves(st);
}

/* (a): nothing changed, exactly. */
static bool same_area(const struct st_area *a, const struct st_area *b)
{
	return a->start == b->start && a->end == b->end &&
	       a->offset == b->offset && a->flags == b->flags && a->ops == b->ops;
}

static void check_areas(struct stack *st, const struct st_snap *want,
			const char *what)
{
	const struct st_snap *a = st->after;
	unsigned long i;

	CHECK(st, a->nr_areas == want->nr_areas, "%lu areas, %s %lu",
	      a->nr_areas, what, want->nr_areas);
	for (i = 0; i < a->nr_areas; i++)
		CHECK(st, same_area(&a->areas[i], &want->areas[i]),
		      "area %lu is [%#llx, %#llx) prot %#x offset %#llx, %s [%#llx, %#llx) prot %#x offset %#llx",
		      i, LLU(a->areas[i].start), LLU(a->areas[i].end),
		      a->areas[i].flags, LLU(a->areas[i].offset), what,
		      LLU(want->areas[i].start), LLU(want->areas[i].end),
		      want->areas[i].flags, LLU(want->areas[i].offset));
}

static void check_unchanged(struct stack *st)
{
	const struct st_snap *b = st->before, *a = st->after;
	unsigned long i;

	CHECK(st, a->nr_tables == b->nr_tables && a->nr_frames == b->nr_frames,
	      "%lu tables and %lu frames became %lu and %lu", b->nr_tables,
	      b->nr_frames, a->nr_tables, a->nr_frames);
	check_areas(st, b, "was");
	CHECK(st, a->nr_leaves == b->nr_leaves && a->nr_runs == b->nr_runs,
	      "%lu leaves in %lu runs became %lu in %lu", b->nr_leaves,
	      b->nr_runs, a->nr_leaves, a->nr_runs);
	for (i = 0; i < a->nr_runs; i++)
		CHECK(st, a->runs[i].va == b->runs[i].va &&
		      a->runs[i].end == b->runs[i].end &&
		      a->runs[i].level == b->runs[i].level &&
		      a->runs[i].entry == b->runs[i].entry,
		      "leaves [%#llx, %#llx) level %d from %#llx became [%#llx, %#llx) level %d from %#llx",
		      LLU(b->runs[i].va), LLU(b->runs[i].end), b->runs[i].level,
		      LLU(b->runs[i].entry), LLU(a->runs[i].va),
		      LLU(a->runs[i].end), a->runs[i].level,
		      LLU(a->runs[i].entry));
}

/* Translations before and after, compared over [@start, @end). */
static void check_region(struct stack *st, const struct st_rule *r, u64 start,
			 u64 end, const struct st_run *b, const struct st_run *a)
{
	bool inside = r->start <= start && start < r->end;
	u64 ignore = (inside ? r->ignore : 0) | fmt->addr_mask |
		     level_types(fmt);

	if (!a || !b) {
		CHECK(st, inside && r->presence,
		      "the translation of [%#llx, %#llx) %s",
		      LLU(start), LLU(end), a ? "appeared" : "vanished");
		return;
	}
	CHECK(st, (b->entry & ~ignore) == (a->entry & ~ignore),
	      "the entry for [%#llx, %#llx) went from %#llx to %#llx",
	      LLU(start), LLU(end), LLU(leaf_entry(b, start)),
	      LLU(leaf_entry(a, start)));
	if (inside && (r->ignore & fmt->addr_mask))
		return;
	CHECK(st, run_phys(b, start) == run_phys(a, start),
	      "%#llx maps %#llx instead of %#llx", LLU(start),
	      LLU(run_phys(a, start)), LLU(run_phys(b, start)));
}

/*
 * Walk the runs of both snapshots together, region by region: a region
 * ends wherever a run of either, or an edge of the rule, does. Splits
 * change the leaves, never the translations.
 */
static void check_translations(struct stack *st, const struct st_rule *r)
{
	const struct st_snap *bs = st->before, *as = st->after;
	const struct st_run *b, *a;
	unsigned long i = 0, j = 0;
	u64 cur = 0, start, end;
	bool b_in, a_in;

	for (;;) {
		for (; i < bs->nr_runs && bs->runs[i].end <= cur; i++)
			;
		for (; j < as->nr_runs && as->runs[j].end <= cur; j++)
			;
		b = i < bs->nr_runs ? &bs->runs[i] : NULL;
		a = j < as->nr_runs ? &as->runs[j] : NULL;
		if (!a && !b)
			return;
		start = min(b ? max(b->va, cur) : U64_MAX,
			    a ? max(a->va, cur) : U64_MAX);
		b_in = b && b->va <= start;
		a_in = a && a->va <= start;
		end = min(b ? (b_in ? b->end : b->va) : U64_MAX,
			  a ? (a_in ? a->end : a->va) : U64_MAX);
		if (r->start > start)
			end = min(end, r->start);
		if (r->end > start)
			end = min(end, r->end);
		check_region(st, r, start, end, b_in ? b : NULL,
			     a_in ? a : NULL);
		cur = end;
	}
}

/* The interval model: the areas an operation that succeeded leaves. */

static void expect_push(struct stack *st, u64 start, u64 end, u64 offset,
			u32 flags, const struct mapping_backend_ops *ops)
{
	push_area(&st->expect,
		  &(struct st_area){ start, end, offset, flags, ops, NULL });
}

/* @a less [@s, @e); with @keep_mid the part inside stays, with @mid_flags. */
static void expect_cut(struct stack *st, const struct st_area *a, u64 s, u64 e,
		       bool keep_mid, u32 mid_flags)
{
	u64 lo = max(a->start, s), hi = min(a->end, e);

	if (a->end <= s || a->start >= e) {
		push_area(&st->expect, a);
		return;
	}
	if (a->start < s)
		expect_push(st, a->start, s, a->offset, a->flags, a->ops);
	if (keep_mid)
		expect_push(st, lo, hi, a->offset + (lo - a->start), mid_flags,
			    a->ops);
	if (a->end > e)
		expect_push(st, e, a->end, a->offset + (e - a->start), a->flags,
			    a->ops);
}

/* The new area goes where the areas after it start. */
static void expect_insert(struct stack *st, const struct stack_op *op)
{
	struct st_snap *m = &st->expect;
	unsigned long k;

	expect_push(st, 0, 0, 0, 0, NULL);
	for (k = m->nr_areas - 1; k && m->areas[k - 1].start >= op->start; k--)
		m->areas[k] = m->areas[k - 1];
	m->areas[k] = (struct st_area){
		.start = op->start,
		.end = op->start + op->size,
		.offset = op->phys,
		.flags = op->prot,
		.ops = st_backend_ops(op->backend, op->map_flags),
	};
}

static void expect_areas(struct stack *st, const struct stack_op *op)
{
	const struct st_snap *b = st->before;
	u64 s = op->start, e = op->start + op->size;
	const struct st_area *a;
	unsigned long i;

	st->expect.nr_areas = 0;
	for (i = 0; i < b->nr_areas; i++) {
		a = &b->areas[i];
		if (op->kind == STACK_MAP || op->kind == STACK_UNMAP)
			expect_cut(st, a, s, e, false, 0);
		else if (op->kind == STACK_PROTECT && a->flags != op->prot)
			expect_cut(st, a, s, e, true, op->prot);
		else if (op->kind != STACK_CLEAR)
			push_area(&st->expect, a);
	}
	if (op->kind == STACK_MAP)
		expect_insert(st, op);
}

/* Touch, query and find_free, from the areas and the leaves. */

static bool surely_fits(struct stack *st, const struct stack_op *op);

/*
 * The rule of a touch, stated again here rather than taken from space.c,
 * with the manuals' one exception: a supervisor fetch from a user page
 * faults on RISC-V and AArch64.
 */
static bool prot_allows(u32 prot, u32 access)
{
	u32 asked = access & (MS_PROT_WRITE | MS_PROT_EXEC | MS_PROT_USER);

	if (fmt->user_no_kexec && (access & MS_PROT_EXEC) &&
	    !(access & MS_PROT_USER) && (prot & MS_PROT_USER))
		return false;
	return (prot & MS_PROT_READ) && !(asked & ~prot);
}

static bool page_is_zero(u64 phys)
{
	const unsigned char *p = phys_to_virt(phys);
	unsigned int i;

	for (i = 0; i < PAGE_SIZE; i++)
		if (p[i])
			return false;
	return true;
}

static void check_touch(struct stack *st, const struct stack_op *op, int err,
			u32 result, bool injected)
{
	const struct st_area *area = area_at(st->before, op->start);
	const struct st_run *had = run_at(st->before, op->start), *l;
	u32 want = MS_TOUCH_OK;
	struct st_rule rule;
	u64 leaf;

	if (!area)
		want = MS_TOUCH_MAPERR;
	else if (!prot_allows(area->flags, op->access))
		want = MS_TOUCH_ACCERR;
	if (err) {
		CHECK(st, err == -ENOMEM && want == MS_TOUCH_OK &&
		      !is_linear(area) && !had,
		      "touch failed with %d", err);
		CHECK(st, injected || !surely_fits(st, op),
		      "touch: -ENOMEM with room to spare");
		check_unchanged(st);
		return;
	}
	CHECK(st, result == want, "touch says %u, the areas say %u", result,
	      want);
	if (result != MS_TOUCH_OK) {
		check_unchanged(st);
		return;
	}
	l = run_at(st->after, op->start);
	CHECK(st, l && pt_arch_present(fmt->id, l->entry) &&
	      (l->entry & fmt->a) &&
	      (!(op->access & MS_PROT_WRITE) || !fmt->d || (l->entry & fmt->d)),
	      "after the touch, the leaf is %#llx",
	      LLU(l ? leaf_entry(l, op->start) : 0));
	leaf = leaf_start(l, op->start);
	/* A new frame must not show what its page held before. */
	CHECK(st, had || page_is_zero(run_phys(l, leaf)),
	      "the frame a touch gave is not zeroed");
	rule = (struct st_rule){ leaf, leaf + l->leaf, fmt->a | fmt->d, true };
	check_translations(st, &rule);
}

static void check_query(struct stack *st, const struct stack_op *op,
			const struct ms_query_args *q)
{
	const struct st_run *l = run_at(st->after, op->start);
	u64 entry, paddr;

	if (!l) {
		CHECK(st, q->vaddr == op->start && !q->paddr && !q->entry &&
		      !q->page_size && !q->prot,
		      "query of an unmapped address says page_size %#x",
		      q->page_size);
		return;
	}
	entry = leaf_entry(l, op->start);
	paddr = run_phys(l, op->start);
	if ((entry & fmt->owned) && !op->show_phys) {
		entry &= ~fmt->addr_mask;
		paddr = 0;
	}
	CHECK(st, q->vaddr == op->start && q->page_size == l->leaf &&
	      fmt->perm(q->prot) == (l->entry & fmt->perm_mask) &&
	      q->entry == entry && q->paddr == paddr,
	      "query says entry %#llx paddr %#llx size %#x prot %#x, the leaf %#llx",
	      LLU(q->entry), LLU(q->paddr), q->page_size, q->prot,
	      LLU(leaf_entry(l, op->start)));
}

/* DESIGN.md 3: the lowest aligned start that fits, by a linear scan. */
static int expect_find_free(const struct st_snap *s, const struct stack_op *op,
			    u64 *addr)
{
	u64 align = op->align ?: PAGE_SIZE;
	u64 cand = ALIGN(max(op->start, op->limit_start), align);
	unsigned long i;

	for (i = 0; i < s->nr_areas; i++) {
		if (s->areas[i].end <= cand)
			continue;
		if (cand + op->size <= s->areas[i].start)
			break;
		cand = ALIGN(s->areas[i].end, align);
	}
	if (cand > op->limit_end || op->size > op->limit_end - cand)
		return -ENOMEM;
	*addr = cand;
	return 0;
}

static void check_find_free(struct stack *st, const struct stack_op *op,
			    int err, u64 addr)
{
	u64 want_addr = 0;
	int want = expect_find_free(st->before, op, &want_addr);

	CHECK(st, err == want && (err || addr == want_addr),
	      "find_free says %d %#llx, the areas say %d %#llx", err, LLU(addr),
	      want, LLU(want_addr));
}

/* Errors. */

static bool overlaps(const struct st_snap *s, u64 start, u64 end)
{
	unsigned long i;

	for (i = 0; i < s->nr_areas; i++)
		if (s->areas[i].start < end && start < s->areas[i].end)
			return true;
	return false;
}

/*
 * Whether the operation surely fits: no injected failure, and the budget
 * and max_areas leave room for the most it could need (a touch's tables
 * from scratch and its frame, a map's tables and frames, and two splits
 * as deep as the format's largest leaf).
 */
static bool surely_fits(struct stack *st, const struct stack_op *op)
{
	const struct st_snap *b = st->before;
	unsigned long held = b->nr_tables + b->nr_frames;
	unsigned long pages = max(fmt->levels, 2 * fmt->max_leaf_level);
	unsigned long areas = op->kind == STACK_MAP || op->kind == STACK_PROTECT ?
				      2 : op->kind == STACK_UNMAP;
	bool huge = op->map_flags & MS_MAP_HUGE;

	if (op->kind == STACK_MAP && op->backend == MS_BACKEND_LINEAR)
		pages += ms_pt_tables_needed(&st->space.pt, op->start, op->size,
					     op->phys,
					     huge ? fmt->max_leaf_level : 0);
	if (op->kind == STACK_MAP && (op->map_flags & MS_MAP_POPULATE))
		pages += ms_pt_tables_needed(&st->space.pt, op->start, op->size,
					     0, 0) +
			 (op->size >> PAGE_SHIFT);
	return held + pages <= st->space.pt.max_pages &&
	       areas <= st->space.set.max_areas - b->nr_areas;
}

static void check_error(struct stack *st, const struct stack_op *op, int err,
			bool injected)
{
	bool clash = op->kind == STACK_MAP && !(op->map_flags & MS_MAP_REPLACE) &&
		     overlaps(st->before, op->start, op->start + op->size);

	if (err == -EEXIST)
		CHECK(st, clash, "-EEXIST without an overlap");
	else
		CHECK(st, err == -ENOMEM && op->kind != STACK_CLEAR,
		      "failed with %d", err);
	CHECK(st, err != -ENOMEM || injected || !surely_fits(st, op),
	      "-ENOMEM with room to spare: %lu of %lu pages held, %lu of %lu areas",
	      st->before->nr_tables + st->before->nr_frames,
	      st->space.pt.max_pages, st->before->nr_areas,
	      st->space.set.max_areas);
	check_unchanged(st);
}

static void check_success(struct stack *st, const struct stack_op *op)
{
	u64 end = op->start + op->size;
	struct st_rule rule = { op->start, end, ~0ULL, true };

	CHECK(st, !(op->kind == STACK_MAP && !(op->map_flags & MS_MAP_REPLACE) &&
		    overlaps(st->before, op->start, end)),
	      "a map over an area succeeded without MS_MAP_REPLACE");
	expect_areas(st, op);
	check_areas(st, &st->expect, "the model says");
	switch (op->kind) {
	case STACK_MAP:
	case STACK_UNMAP:
		check_translations(st, &rule);
		break;
	case STACK_PROTECT:
		/*
		 * The same leaves and frames, with the new permissions (and
		 * the software leaf bit where PROT_NONE comes or goes).
		 */
		rule.ignore = fmt->perm_mask | fmt->sw_leaf;
		rule.presence = false;
		check_translations(st, &rule);
		break;
	case STACK_CLEAR:
		CHECK(st, !st->after->nr_runs && st->after->nr_tables == 1,
		      "a clear left %lu leaves and %lu tables",
		      st->after->nr_leaves, st->after->nr_tables);
		break;
	default:
		break;
	}
}

static void check_outcome(struct stack *st, const struct stack_op *op, int err,
			  const struct st_result *res, bool injected)
{
	switch (op->kind) {
	case STACK_TOUCH:
		check_touch(st, op, err, res->touch, injected);
		return;
	case STACK_QUERY:
		check_unchanged(st);
		check_query(st, op, &res->query);
		return;
	case STACK_FIND_FREE:
		check_unchanged(st);
		check_find_free(st, op, err, res->addr);
		return;
	default:
		break;
	}
	if (err)
		check_error(st, op, err, injected);
	else
		check_success(st, op);
}

/* Running operations. */

static int apply(struct stack *st, const struct stack_op *op,
		 struct st_result *res)
{
	struct ms_space *space = &st->space;
	struct ms_map_args args = {
		.start = op->start,
		.size = op->size,
		.phys = op->phys,
		.prot = op->prot,
		.backend = op->backend,
		.flags = op->map_flags,
	};

	switch (op->kind) {
	case STACK_MAP:
		return st_space_map(space, &args);
	case STACK_UNMAP:
		return ms_space_unmap(space, op->start, op->size);
	case STACK_PROTECT:
		return ms_space_protect(space, op->start, op->size, op->prot);
	case STACK_TOUCH:
		return st_space_touch(space, op->start, op->access, &res->touch);
	case STACK_QUERY:
		res->query.vaddr = op->start;
		st_space_query(space, &res->query, op->show_phys);
		return 0;
	case STACK_FIND_FREE:
		return memory_set_find_free_area(&space->set, op->start,
						 op->size, op->limit_start,
						 op->limit_end,
						 op->align ?: PAGE_SIZE,
						 &res->addr);
	default:
		return ms_space_clear(space);
	}
}

/* A limit never goes below what the space holds: the module's never do. */
static unsigned long tweak(enum stack_tweak how, unsigned long value,
			   unsigned long used, unsigned long limit)
{
	switch (how) {
	case STACK_SLACK:
		return used + value;
	case STACK_AT_LEAST:
		return max(used, value);
	default:
		return limit;
	}
}

static void apply_tweaks(struct stack *st, const struct stack_op *op)
{
	const struct st_snap *s = st->after;

	st->space.pt.max_pages = tweak(op->budget, op->budget_value,
				       s->nr_tables + s->nr_frames +
					       st->space.pt.nr_spare,
				       st->space.pt.max_pages);
	st->space.set.max_areas = tweak(op->areas, op->areas_value,
					s->nr_areas, st->space.set.max_areas);
}

/* The areas whose residency is asked of the module after @op. */
static void touched_range(struct stack *st, const struct stack_op *op)
{
	st->touched_start = op->start;
	st->touched_end = op->start + op->size;
	if (op->kind == STACK_TOUCH || op->kind == STACK_QUERY)
		st->touched_end = op->start + 1;
	if (op->kind == STACK_CLEAR)
		st->touched_start = 0;
}

/**
 * stack_step() - run one operation and check everything after it
 * @st: the run
 * @op: the operation
 *
 * Any failed check prints what and where, and aborts.
 */
void stack_step(struct stack *st, const struct stack_op *op)
{
	struct st_result res = {};
	struct st_snap *tmp;
	bool injected;
	long peak;
	int err;

	st->step++;
	stack_describe(op, st->desc, sizeof(st->desc));
	touched_range(st, op);
	apply_tweaks(st, op);
	tmp = st->before;
	st->before = st->after;
	st->after = tmp;

	ms_fail_nth = op->fail_nth;
	ucore_pages_peak();
	mutex_lock(&st->space.lock);	/* as the device takes it */
	err = apply(st, op, &res);
	mutex_unlock(&st->space.lock);
	/* ms_should_fail() counted down to 0: the failure was injected. */
	injected = op->fail_nth && !ms_fail_nth;
	ms_fail_nth = 0;
	peak = ucore_pages_peak();
	snap_take(st, st->after);
	if (st->trace)
		fprintf(stderr, "%s step %lu: %s: %d (budget %lu, max_areas %lu)\n",
			st->label, st->step, st->desc, err,
			st->space.pt.max_pages, st->space.set.max_areas);
	if (st->trace)
		dump_snap("after", st->after);
	check_state(st);
	check_outcome(st, op, err, &res, injected);
	/*
	 * The pages held at any time, not just between operations: a replace
	 * reserves its new pages before it frees the old ones. Opt-in, as
	 * the module allows that (it counts a replace's end state).
	 */
	CHECK(st, !st->strict_peak || peak <= (long)st->space.pt.max_pages,
	      "%ld pages held at once, budget %lu", peak,
	      st->space.pt.max_pages);
}

/* Area nodes come from their cache, made once for every run. */
static bool area_cache_ready;

/**
 * stack_init() - start a run on an empty space
 * @st: the run; its buffers are kept from one run to the next
 * @label: names the run in failure reports
 * @max_pages: the page budget, at least 1 (the root)
 * @max_areas: the most areas
 * @format: the page-table format of the space
 */
void stack_init(struct stack *st, const char *label, unsigned long max_pages,
		unsigned long max_areas, enum ms_pt_format_id format)
{
	/* The previous run freed every page: start from the first slot. */
	ucore_pages_reset();
	ms_fail_nth = 0;
	st->label = label;
	st->step = 0;
	st->before = NULL;
	st->after = &st->snaps[0];
	snprintf(st->desc, sizeof(st->desc), "init budget %lu max_areas %lu",
		 max_pages, max_areas);
	st->trace = getenv("UCORE_STACK_TRACE");
	st->strict_peak = getenv("UCORE_STACK_PEAK");
	if (!area_cache_ready)
		area_cache_ready = !memory_area_cache_init();
	CHECK(st, !ms_space_init(&st->space, max_pages, max_areas),
	      "ms_space_init() failed");
	mutex_lock(&st->space.lock);	/* as the device takes it */
	CHECK(st, !ms_space_set_format(&st->space, format),
	      "ms_space_set_format(%d) failed", format);
	mutex_unlock(&st->space.lock);
	fmt = &st_formats[format];
	st->fmt = fmt;
	st->before = &st->snaps[1];
	st->touched_start = 0;
	st->touched_end = U64_MAX;
	snap_take(st, st->after);
	check_state(st);
}

/**
 * stack_input_format() - the format an input runs in
 * @size: the input's bytes
 *
 * The bytes past its last whole record pick it: none, the default x86-64
 * 4-level (every corpus file of whole records); 1 to 6, the other formats
 * in the ABI's order; 7, the default again.
 *
 * Return: the format.
 */
enum ms_pt_format_id stack_input_format(size_t size)
{
	unsigned int extra = size % STACK_REC_SIZE;

	return extra < MS_PT_NR_FORMATS ? extra : MS_PT_X86_64_4L;
}

/**
 * stack_run() - run the operations of a fuzzer's input
 * @st: the run
 * @data: whole records; a partial one at the end is ignored
 * @size: bytes
 */
void stack_run(struct stack *st, const void *data, size_t size)
{
	const struct stack_rec *rec = data;
	struct stack_op op;

	for (; size >= STACK_REC_SIZE; rec++, size -= STACK_REC_SIZE) {
		stack_decode(st->fmt, rec, &op);
		stack_step(st, &op);
	}
}

/**
 * stack_fini() - clear the space, destroy it, and check that nothing leaked
 * @st: the run
 */
void stack_fini(struct stack *st)
{
	const struct stack_op clear = { .kind = STACK_CLEAR };

	/* Every area's residency and every leaf, as the module reports them. */
	st->touched_start = 0;
	st->touched_end = U64_MAX;
	check_agreement(st);
	check_walk_leaves(st);
	stack_step(st, &clear);
	snprintf(st->desc, sizeof(st->desc), "destroy");
	ms_space_destroy(&st->space);
	CHECK(st, !ucore_pages_live() && !ms_pt_pages_held(),
	      "%ld pages still allocated, ms_pt_pages_held() says %ld",
	      ucore_pages_live(), ms_pt_pages_held());
}
