// SPDX-License-Identifier: GPL-2.0
/*
 * The reference model: every operation touches page slots one by one.
 */
#include "model.h"

#ifndef EINVAL
#include <linux/errno.h>
#endif

/**
 * model_init() - an empty model
 * @m: the model
 * @unit: bytes per page
 * @nr_pages: pages to model, at most MODEL_MAX_PAGES
 */
void model_init(struct ms_model *m, u64 unit, unsigned int nr_pages)
{
	unsigned int i;

	m->unit = unit;
	m->nr_pages = nr_pages < MODEL_MAX_PAGES ? nr_pages : MODEL_MAX_PAGES;
	for (i = 0; i < MODEL_MAX_PAGES; i++)
		m->page[i].mapped = false;
}

/* The pages of [start, start + size) inside the model: [*first, *last). */
static void page_span(const struct ms_model *m, u64 start, u64 size,
		      u64 *first, u64 *last)
{
	u64 end = start + size, top = (u64)m->nr_pages * m->unit;

	*first = start < top ? start / m->unit : m->nr_pages;
	*last = end < top ? (end + m->unit - 1) / m->unit : m->nr_pages;
}

/* Give the pages from @p on that belong to the area @old the start @now. */
static void relabel_from(struct ms_model *m, u64 p, u64 old, u64 now)
{
	while (p < m->nr_pages && m->page[p].mapped && m->page[p].start == old)
		m->page[p++].start = now;
}

/* If an area crosses address @addr (page @p), its part from @p on
 * becomes an area of its own, unless it has @keep_flags.
 */
static void cut_at(struct ms_model *m, u64 addr, u64 p, const u32 *keep_flags)
{
	if (p >= m->nr_pages || !m->page[p].mapped || m->page[p].start >= addr)
		return;
	if (keep_flags && m->page[p].flags == *keep_flags)
		return;
	relabel_from(m, p, m->page[p].start, addr);
}

/**
 * model_unmap() - what memory_set_unmap() does, page by page
 * @m: the model
 * @start: first address
 * @size: length; 0 does nothing
 *
 * Return: 0, or -EINVAL if the range overflows.
 */
int model_unmap(struct ms_model *m, u64 start, u64 size)
{
	u64 first, last, p;

	if (!size)
		return 0;
	if (start + size < start)
		return -EINVAL;
	page_span(m, start, size, &first, &last);
	cut_at(m, start + size, last, NULL);
	for (p = first; p < last; p++)
		m->page[p].mapped = false;
	return 0;
}

/**
 * model_map() - what memory_set_map() does, page by page
 * @m: the model
 * @start: first address
 * @size: length
 * @flags: flags of the new area
 * @replace: unmap what overlaps instead of failing
 *
 * Return: 0, -EINVAL for an empty or overflowing range, -EEXIST.
 */
int model_map(struct ms_model *m, u64 start, u64 size, u32 flags, bool replace)
{
	u64 first, last, p;

	if (!size || start + size <= start)
		return -EINVAL;
	page_span(m, start, size, &first, &last);
	for (p = first; p < last && !replace; p++)
		if (m->page[p].mapped)
			return -EEXIST;
	model_unmap(m, start, size);
	for (p = first; p < last; p++) {
		m->page[p].mapped = true;
		m->page[p].start = start;
		m->page[p].flags = flags;
		m->page[p].stamp = 0;	/* a new area reads as zeroes */
	}
	return 0;
}

/**
 * model_protect() - what memory_set_protect() does, page by page
 * @m: the model
 * @start: first address
 * @size: length; 0 does nothing
 * @flags: the new flags
 *
 * Return: 0, or -EINVAL if the range overflows.
 */
int model_protect(struct ms_model *m, u64 start, u64 size, u32 flags)
{
	u64 first, last, p;

	if (!size)
		return 0;
	if (start + size < start)
		return -EINVAL;
	page_span(m, start, size, &first, &last);
	cut_at(m, start + size, last, &flags);
	for (p = first; p < last; p++) {
		if (!m->page[p].mapped || m->page[p].flags == flags)
			continue;
		if (m->page[p].start < start)
			m->page[p].start = start;
		m->page[p].flags = flags;
	}
	return 0;
}

/**
 * model_clear() - unmap everything
 * @m: the model
 */
void model_clear(struct ms_model *m)
{
	model_init(m, m->unit, m->nr_pages);
}

/* Where a range of @size from an @align-aligned start fits in a gap. */
static bool model_gap_fits(u64 gap_start, u64 gap_end, u64 lo, u64 hi,
			   u64 size, u64 align, u64 *addr)
{
	u64 from = gap_start > lo ? gap_start : lo;
	u64 to = gap_end < hi ? gap_end : hi;
	u64 start = (from + align - 1) & ~(align - 1);

	if (start < from || start >= to || to - start < size)
		return false;
	*addr = start;
	return true;
}

/*
 * The gaps below areas that start above @lo, in address order, that are
 * at least @need long: the first that fits (1), none below @hi (0), or
 * -1 after @tries that did not fit (0: no limit).
 */
static int model_scan(const struct model_area *a, unsigned int n, u64 need,
		      u64 lo, u64 hi, u64 size, u64 align, unsigned int tries,
		      u64 *addr)
{
	unsigned int i;
	u64 gap_start;

	for (i = 0; i < n; i++) {
		gap_start = i ? a[i - 1].end : 0;
		if (a[i].start <= lo || a[i].start - gap_start < need)
			continue;
		if (gap_start >= hi)
			return 0;
		if (model_gap_fits(gap_start, a[i].start, lo, hi, size, align,
				   addr))
			return 1;
		if (tries && !--tries)
			return -1;
	}
	return 0;
}

/**
 * model_find_free() - what memory_set_find_free_area() does, by its rule
 * @m: the model
 * @hint: lowest start wanted
 * @size: length, > 0
 * @limit_start: lowest start allowed
 * @limit_end: highest end allowed
 * @align: a power of two
 * @addr: the start found
 *
 * The lowest fit, looking at the gaps large enough in address order;
 * after 64 of them that hold no aligned start, the lowest gap of at least
 * @size + @align - 1 instead; the space above the last area last.
 *
 * Return: 0, -EINVAL or -ENOMEM, as the core.
 */
int model_find_free(const struct ms_model *m, u64 hint, u64 size,
		    u64 limit_start, u64 limit_end, u64 align, u64 *addr)
{
	static struct model_area a[MODEL_MAX_PAGES];
	u64 lo = hint > limit_start ? hint : limit_start, wide;
	unsigned int n;
	int found;

	if (!size || !align || (align & (align - 1)))
		return -EINVAL;
	if (lo >= limit_end || limit_end - lo < size)
		return -ENOMEM;
	n = model_areas(m, a, MODEL_MAX_PAGES);
	found = model_scan(a, n, size, lo, limit_end, size, align, 64, addr);
	if (found < 0) {
		wide = size + align - 1;
		found = wide > size &&
			model_scan(a, n, wide, lo, limit_end, size, align, 0,
				   addr) > 0;
	}
	if (found)
		return 0;
	return model_gap_fits(n ? a[n - 1].end : 0, ~0ULL, lo, limit_end,
			      size, align, addr) ? 0 : -ENOMEM;
}

/**
 * model_areas() - the areas of the model, in address order
 * @m: the model
 * @out: where to write them
 * @max: room at @out
 *
 * Return: the number of areas (those past @max are counted, not written).
 */
unsigned int model_areas(const struct ms_model *m, struct model_area *out,
			 unsigned int max)
{
	unsigned int n = 0, p = 0, q;

	while (p < m->nr_pages) {
		if (!m->page[p].mapped) {
			p++;
			continue;
		}
		for (q = p + 1; q < m->nr_pages && m->page[q].mapped &&
		     m->page[q].start == m->page[p].start; q++)
			;
		if (n < max) {
			out[n].start = m->page[p].start;
			out[n].end = (u64)q * m->unit;
			out[n].flags = m->page[p].flags;
		}
		n++;
		p = q;
	}
	return n;
}

/**
 * model_apply() - apply one operation to the model
 * @m: the model
 * @op: the operation
 * @limit_end: FIND_FREE's limit_end (limit_start is 0)
 * @addr: FIND_FREE's result
 *
 * Return: what the core returns for the same operation.
 */
int model_apply(struct ms_model *m, const struct model_op *op, u64 limit_end,
		u64 *addr)
{
	switch (op->type) {
	case MODEL_MAP:
		return model_map(m, op->start, op->size, op->flags, op->replace);
	case MODEL_UNMAP:
		return model_unmap(m, op->start, op->size);
	case MODEL_PROTECT:
		return model_protect(m, op->start, op->size, op->flags);
	case MODEL_CLEAR:
		model_clear(m);
		return 0;
	case MODEL_FIND_FREE:
		return model_find_free(m, op->start, op->size, 0, limit_end,
				       op->align, addr);
	default:
		return -EINVAL;
	}
}

/**
 * model_rand() - the next pseudo-random number
 * @rng: the generator
 *
 * Return: 64 random bits.
 */
u64 model_rand(struct model_rng *rng)
{
	rng->state ^= rng->state >> 12;
	rng->state ^= rng->state << 25;
	rng->state ^= rng->state >> 27;
	return rng->state * 0x2545F4914F6CDD1DULL;
}

/* Mostly small ranges, sometimes large ones and ones past the model. */
static u64 random_pages(struct model_rng *rng, unsigned int nr_pages)
{
	switch (model_rand(rng) % 8) {
	case 0:
		return 1 + model_rand(rng) % (nr_pages + 8);
	case 1:
		return 1 + model_rand(rng) % 64;
	default:
		return 1 + model_rand(rng) % 8;
	}
}

/**
 * model_random_op() - draw one random operation for @m
 * @m: the model (for its unit and size)
 * @rng: the generator
 * @op: the operation drawn
 */
void model_random_op(const struct ms_model *m, struct model_rng *rng,
		     struct model_op *op)
{
	u64 r = model_rand(rng) % 100, pages = m->nr_pages;

	op->type = r < 40 ? MODEL_MAP : r < 65 ? MODEL_UNMAP :
		   r < 90 ? MODEL_PROTECT : r < 98 ? MODEL_FIND_FREE :
		   MODEL_CLEAR;
	op->start = (model_rand(rng) % pages) * m->unit;
	if (model_rand(rng) % 8 == 0)	/* 2 MiB-aligned in 4 KiB units */
		op->start -= op->start % (512 * m->unit);
	op->size = random_pages(rng, m->nr_pages) * m->unit;
	/* Maps stay inside the model, so that every page can be checked. */
	if (op->type == MODEL_MAP && op->start + op->size > pages * m->unit)
		op->size = pages * m->unit - op->start;
	op->flags = 1 + model_rand(rng) % 7;
	op->replace = model_rand(rng) % 2;
	op->align = m->unit << (model_rand(rng) % 4);
}
