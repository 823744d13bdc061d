// SPDX-License-Identifier: GPL-2.0
/*
 * Records to operations: every record decodes to arguments that dev.c
 * would accept in the run's format (page-aligned, below its address
 * limit, LINEAR phys below its physical limit, flags that go with the
 * backend, no MS_PROT_USER in EPT), since the space's functions expect
 * their callers to have validated them.
 */
#include <stdio.h>
#include <linux/kernel.h>
#include <linux/limits.h>

#include "pages.h"
#include "stack.h"

#define SZ_4K	0x1000ULL
#define SZ_2M	0x200000ULL
#define SZ_1G	0x40000000ULL

/*
 * The slots of each scale: the first few (edges and their neighbours at
 * the start of the range above), the middle, and the last two (the edges
 * at its end). In 4-level x86-64, 511 and 512 GiB straddle the first PML4
 * entry and 131071 GiB is the last GiB below the limit; in a format with
 * a smaller range (Sv39: 256 GiB) the middle two straddle its middle.
 */
static u64 gib_slot(const struct st_fmt *fmt, unsigned int slot)
{
	static const u64 gib[8] = { 0, 1, 2, 3, 4, 511, 512, 0 };
	u64 gibs = fmt->addr_limit / SZ_1G;

	if (slot == 7)
		return gibs - 1;
	if (gib[slot] < gibs / 2 || slot < 5)
		return gib[slot];
	return gibs / 2 - 6 + slot;
}

static const u64 sub_slot[8] = { 0, 1, 2, 3, 255, 256, 510, 511 };

static const u64 scale_size[4] = { SZ_4K, SZ_2M, SZ_1G, SZ_4K };
static const u64 trim[4] = { 0, SZ_4K, -SZ_4K, SZ_2M };
static const u64 phys_skew[4] = { 0, SZ_4K, SZ_2M, SZ_1G };

static const enum stack_kind kinds[16] = {
	STACK_MAP, STACK_MAP, STACK_MAP, STACK_MAP, STACK_MAP,
	STACK_UNMAP, STACK_UNMAP, STACK_UNMAP,
	STACK_PROTECT, STACK_PROTECT, STACK_PROTECT,
	STACK_TOUCH, STACK_TOUCH,
	STACK_QUERY, STACK_FIND_FREE, STACK_CLEAR,
};

static u64 decode_addr(const struct st_fmt *fmt, const struct stack_rec *rec)
{
	unsigned int scale = rec->where >> 6;
	u64 addr = gib_slot(fmt, (rec->where >> 3) & 7) * SZ_1G;

	if (scale == STACK_SCALE_1G)
		return addr;
	addr += sub_slot[rec->where & 7] * SZ_2M;
	if (scale == STACK_SCALE_2M)
		return addr;
	return addr + sub_slot[rec->low >> 5] * SZ_4K;
}

/* 1 to 8 units of the scale, give or take a page or 2 MiB; never 0. */
static u64 decode_size(const struct st_fmt *fmt, const struct stack_rec *rec,
		       u64 start)
{
	u64 size = (((rec->size >> 3) & 7) + 1) * scale_size[rec->size >> 6];

	size += trim[(rec->size >> 1) & 3];
	if (!size)
		size = SZ_4K;
	return min_t(u64, size, fmt->addr_limit - start);
}

/* LINEAR: the same offset into a GiB as @start, so that huge leaves fit. */
static u64 decode_phys(const struct st_fmt *fmt, const struct stack_rec *rec,
		       u64 start, u64 size)
{
	u64 skew = phys_skew[(rec->low >> 1) & 3], in_gib = start & (SZ_1G - 1);

	switch ((rec->low >> 3) & 3) {
	case STACK_PHYS_RAM:
		return UCORE_RAM_BASE + in_gib + skew;
	case STACK_PHYS_FAR:
		return 0x7000000000ULL + in_gib + skew;
	case STACK_PHYS_SAME:
		/* Where addresses reach past phys (x86-64 5-level): far. */
		if (start + skew + size <= fmt->phys_limit)
			return start + skew;
		return 0x7000000000ULL + in_gib + skew;
	default:
		return fmt->phys_limit - 16 * SZ_1G + in_gib + skew;
	}
}

/*
 * A protection: anything but PROT_NONE includes READ; a format without
 * USER (EPT) takes UNCACHED for it.
 */
static u32 decode_prot(const struct st_fmt *fmt, const struct stack_rec *rec)
{
	u32 prot = rec->prot & MS_PROT_ALL;

	if (!fmt->has_user && (prot & MS_PROT_USER))
		prot = (prot & ~MS_PROT_USER) | MS_PROT_UNCACHED;
	return prot ? prot | MS_PROT_READ : 0;
}

static void decode_map(const struct st_fmt *fmt, const struct stack_rec *rec,
		       struct stack_op *op)
{
	bool big = rec->op & STACK_REC_BIG;

	op->prot = decode_prot(fmt, rec);
	op->map_flags = rec->op & STACK_REC_REPLACE ? MS_MAP_REPLACE : 0;
	if (rec->op & STACK_REC_ALLOC) {
		op->backend = MS_BACKEND_ALLOC;
		op->map_flags |= big ? MS_MAP_POPULATE : 0;
		return;
	}
	op->backend = MS_BACKEND_LINEAR;
	op->map_flags |= big ? MS_MAP_HUGE : 0;
	op->phys = decode_phys(fmt, rec, op->start, op->size);
}

/* FIND_FREE: limits and alignment from the bits a map uses for phys. */
static void decode_find_free(const struct st_fmt *fmt,
			     const struct stack_rec *rec, struct stack_op *op)
{
	static const u64 align[4] = { 0, SZ_4K, SZ_2M, SZ_1G };
	u64 limit = fmt->addr_limit;
	u64 ends[4] = { limit, 4 * SZ_1G, min_t(u64, (513 * SZ_1G), limit),
			min_t(u64, op->start + 2 * op->size, limit) };

	op->limit_start = rec->op & STACK_REC_REPLACE ? op->start : 0;
	op->limit_end = ends[(rec->low >> 3) & 3];
	if (op->limit_start > op->limit_end)
		op->limit_end = limit;
	op->align = align[(rec->low >> 1) & 3];
}

static void decode_tweaks(const struct stack_rec *rec, struct stack_op *op)
{
	if (rec->budget & 0x80) {
		op->budget = STACK_AT_LEAST;
		op->budget_value = rec->budget == 0xff ? STACK_BIG_BUDGET :
							 rec->budget - 0x7f;
	} else if (rec->budget) {
		op->budget = STACK_SLACK;
		op->budget_value = rec->budget - 1;
	}
	if (rec->areas == 0xff) {
		op->areas = STACK_AT_LEAST;
		op->areas_value = ULONG_MAX;
	} else if (rec->areas) {
		op->areas = STACK_SLACK;
		op->areas_value = (rec->areas - 1) % 8;
	}
	op->fail_nth = rec->fail;
}

/**
 * stack_decode() - the operation a record stands for
 * @fmt: the run's format, whose limits the arguments respect
 * @rec: the record
 * @op: the operation, with valid arguments
 */
void stack_decode(const struct st_fmt *fmt, const struct stack_rec *rec,
		  struct stack_op *op)
{
	/* An address inside the page, for a touch or a query. */
	u64 in_page = ((u64)rec->size << 4) & (SZ_4K - 1);

	*op = (struct stack_op){ .kind = kinds[rec->op & 15] };
	op->start = decode_addr(fmt, rec);
	op->size = decode_size(fmt, rec, op->start);
	switch (op->kind) {
	case STACK_MAP:
		decode_map(fmt, rec, op);
		break;
	case STACK_PROTECT:
		op->prot = decode_prot(fmt, rec);
		break;
	case STACK_TOUCH:
		op->start += in_page;
		op->access = rec->prot >> 5 ?: MS_PROT_READ;
		if ((rec->op & STACK_REC_USER) && fmt->has_user)
			op->access |= MS_PROT_USER;
		break;
	case STACK_QUERY:
		op->start += in_page;
		op->show_phys = rec->op & STACK_REC_USER;
		break;
	case STACK_FIND_FREE:
		decode_find_free(fmt, rec, op);
		break;
	default:
		break;
	}
	decode_tweaks(rec, op);
}

static const char *const kind_names[] = {
	[STACK_MAP] = "map", [STACK_UNMAP] = "unmap",
	[STACK_PROTECT] = "protect", [STACK_TOUCH] = "touch",
	[STACK_QUERY] = "query", [STACK_FIND_FREE] = "find_free",
	[STACK_CLEAR] = "clear",
};

/**
 * stack_describe() - an operation in words, for traces and failures
 * @op: the operation
 * @buf: where to write
 * @len: its size
 *
 * Return: what snprintf() returns.
 */
int stack_describe(const struct stack_op *op, char *buf, size_t len)
{
	const char *name = kind_names[op->kind];
	unsigned long long start = op->start, size = op->size;

	switch (op->kind) {
	case STACK_MAP:
		return snprintf(buf, len,
				"map [%#llx, %#llx) prot %#x %s%s%s%s phys %#llx fail_nth %u",
				start, start + size, op->prot,
				op->backend == MS_BACKEND_ALLOC ? "ALLOC" : "LINEAR",
				op->map_flags & MS_MAP_HUGE ? " HUGE" : "",
				op->map_flags & MS_MAP_POPULATE ? " POPULATE" : "",
				op->map_flags & MS_MAP_REPLACE ? " REPLACE" : "",
				(unsigned long long)op->phys, op->fail_nth);
	case STACK_UNMAP:
	case STACK_PROTECT:
		return snprintf(buf, len, "%s [%#llx, %#llx) prot %#x fail_nth %u",
				name, start, start + size, op->prot, op->fail_nth);
	case STACK_TOUCH:
		return snprintf(buf, len, "touch %#llx access %#x fail_nth %u",
				start, op->access, op->fail_nth);
	case STACK_QUERY:
		return snprintf(buf, len, "query %#llx%s", start,
				op->show_phys ? " show_phys" : "");
	case STACK_FIND_FREE:
		return snprintf(buf, len,
				"find_free hint %#llx size %#llx in [%#llx, %#llx) align %#llx",
				start, size, (unsigned long long)op->limit_start,
				(unsigned long long)op->limit_end,
				(unsigned long long)op->align);
	default:
		return snprintf(buf, len, "%s fail_nth %u", name, op->fail_nth);
	}
}
