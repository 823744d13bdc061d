// SPDX-License-Identifier: GPL-2.0
/*
 * The reference model of data: each page holds a stamp, and its bytes are
 * a pattern of the stamp and the page's address (model_fill_page()); a
 * new area's pages hold stamp 0, all zeroes. A WRITE gives whole pages a
 * new stamp, in order, up to the first page it may not write; a clone
 * of a space is a copy of its model.
 *
 * Plain C on u64s, built in the kernel and in userspace alike.
 */
#include "model.h"

/**
 * model_write() - what a WRITE of whole pages does to the model
 * @m: the model
 * @start: first address, page-aligned
 * @size: length, page-aligned
 * @stamp: what the pages get
 * @done: bytes written
 *
 * Return: MODEL_ACCESS_OK, or why the page at @start + *@done may not be
 * written.
 */
enum model_access model_write(struct ms_model *m, u64 start, u64 size,
			      u64 stamp, u64 *done)
{
	u64 p;

	for (*done = 0; *done < size; *done += m->unit) {
		p = (start + *done) / m->unit;
		if (p >= m->nr_pages || !m->page[p].mapped)
			return MODEL_ACCESS_MAPERR;
		if (!(m->page[p].flags & MODEL_FLAG_WRITE))
			return MODEL_ACCESS_ACCERR;
		m->page[p].stamp = stamp;
	}
	return MODEL_ACCESS_OK;
}

/**
 * model_page_stamp() - what a page holds
 * @m: the model
 * @va: an address in the page
 * @stamp: the page's stamp, if it is mapped
 *
 * Return: true if the page is mapped.
 */
bool model_page_stamp(const struct ms_model *m, u64 va, u64 *stamp)
{
	u64 p = va / m->unit;

	if (p >= m->nr_pages || !m->page[p].mapped)
		return false;
	*stamp = m->page[p].stamp;
	return true;
}

/**
 * model_fill_page() - the bytes of a page with a stamp
 * @page: @unit bytes
 * @unit: bytes per page
 * @va: the page's address
 * @stamp: its stamp; 0 is all zeroes
 */
void model_fill_page(u8 *page, u64 unit, u64 va, u64 stamp)
{
	u64 i, x = stamp ^ (va * 0x9e3779b97f4a7c15ULL);

	for (i = 0; i < unit; i++) {
		page[i] = stamp ? (u8)(x >> 56) : 0;
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	}
}

/**
 * model_random_data_op() - draw one random operation of two spaces
 * @m: the model of the space the operation goes to (unit and size)
 * @rng: the generator
 * @op: the operation drawn: one of model_random_op()'s, a WRITE of a few
 *	pages with a new stamp, or a CLONE of one space into the other
 */
void model_random_data_op(const struct ms_model *m, struct model_rng *rng,
			  struct model_op *op)
{
	u64 r = model_rand(rng) % 100;

	model_random_op(m, rng, op);
	op->side = model_rand(rng) % 2;
	if (r < 25) {
		op->type = MODEL_WRITE;
		op->size = (1 + model_rand(rng) % 8) * m->unit;
		op->stamp = 1 + model_rand(rng);
	} else if (r < 30) {
		op->type = MODEL_CLONE;
	}
}
