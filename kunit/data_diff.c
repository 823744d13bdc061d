// SPDX-License-Identifier: GPL-2.0
/*
 * The differential test of data and clones: two spaces of ALLOC areas and
 * their models take the same random operations (model_random_data_op()):
 * maps (lazy or populated), unmaps, protects, clears, writes of whole
 * pages, and clones of one space into the other. After each operation the
 * errors, the copies' results and both spaces' areas must agree with the
 * models; every few steps, and at the end, every page of both spaces is
 * read back and compared byte for byte with what its model says it holds.
 * At the end every page must be given back.
 *
 * After each operation one access of a random kind (read, write or fetch,
 * user or supervisor; a TOUCH, or a READ or WRITE of one page) probes a
 * page: if the MMU's walk and the fault handler refuse it (MAPERR, ACCERR,
 * NODATA), every leaf, the counts and the module's pages held must be
 * as they were, and the page must still hold what its model says. A run
 * takes one page-table format; the model's USER flag is UNCACHED in EPT,
 * which has no USER.
 *
 * Plain C over the space's calls: KUnit runs it (diff_test.c), and so does
 * the userspace build of the whole stack, seeded and under libFuzzer.
 */
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <linux/uio.h>

#include "data_diff.h"

#define CHECK_EVERY	8
/* u64 is unsigned long in the userspace build: print it as %llx there too. */
#define U64_ARG(v)	((unsigned long long)(v))

#define FAIL(dd, ...)                                                     \
	({                                                                \
		snprintf((dd)->why, sizeof((dd)->why), __VA_ARGS__);      \
		-1;                                                       \
	})

/* Model flags 1..7: READ, plus WRITE (bit 0), EXEC, USER (EPT: UNCACHED). */
static u32 prot_of(const struct data_diff *dd, u32 flags)
{
	u32 prot = MS_VM_READ | ((flags << 1) & (MS_VM_WRITE | MS_VM_EXEC |
						 MS_VM_USER));

	if ((prot & MS_VM_USER) && !(dd->fmt->prot_mask & MS_VM_USER))
		prot ^= MS_VM_USER | MS_VM_UNCACHED;
	return prot;
}

static int space_init(struct data_diff *dd, unsigned int side)
{
	struct ms_space *space = &dd->space[side];

	if (ms_space_init(space, DATA_DIFF_BUDGET, ULONG_MAX))
		return -ENOMEM;
	return ms_pt_set_format(&space->pt, dd->fmt);
}

/**
 * data_diff_init() - two empty spaces and models
 * @dd: the test
 * @seed: the generator's seed, not 0
 * @format: the spaces' page-table format
 *
 * Return: 0, or -1 with @dd->why.
 */
int data_diff_init(struct data_diff *dd, u64 seed,
		   enum ms_pt_format_id format)
{
	dd->fmt = ms_pt_format_get(format);
	if (!dd->fmt)
		return FAIL(dd, "no format %d", format);
	dd->held = ms_pt_pages_held();
	dd->rng.state = seed ?: 1;
	dd->step = 0;
	model_init(&dd->model[0], DATA_DIFF_UNIT, DATA_DIFF_PAGES);
	model_init(&dd->model[1], DATA_DIFF_UNIT, DATA_DIFF_PAGES);
	if (space_init(dd, 0))
		return FAIL(dd, "no memory for a space");
	if (space_init(dd, 1)) {
		ms_space_destroy(&dd->space[0]);
		return FAIL(dd, "no memory for a space");
	}
	return 0;
}

/* Make @side a clone of the other space, as a CLONE then a close would. */
static int clone_into(struct data_diff *dd, unsigned int side)
{
	struct ms_space *src = &dd->space[!side];
	int err;

	ms_space_destroy(&dd->space[side]);
	if (space_init(dd, side))
		return -ENOMEM;
	mutex_lock(&src->lock);
	err = ms_space_clone(&dd->space[side], src);
	mutex_unlock(&src->lock);
	dd->model[side] = dd->model[!side];
	return err;
}

static int write_pages(struct data_diff *dd, struct ms_space *space,
		       const struct model_op *op, u64 *done,
		       enum ms_access_result *result);

static int apply(struct data_diff *dd, const struct model_op *op, u64 *done,
		 enum ms_access_result *result)
{
	struct ms_space *space = &dd->space[op->side];
	struct ms_map_req req = {
		.start = op->start,
		.size = op->size,
		.prot = prot_of(dd, op->flags),
		.backend = { .kind = MS_KIND_ALLOC,
			     .populate = op->align == DATA_DIFF_UNIT },
		.replace = op->replace,
	};

	switch (op->type) {
	case MODEL_MAP:
		return ms_space_map(space, &req);
	case MODEL_UNMAP:
		return ms_space_unmap(space, op->start, op->size);
	case MODEL_PROTECT:
		return ms_space_protect(space, op->start, op->size,
					prot_of(dd, op->flags));
	case MODEL_CLEAR:
		return ms_space_clear(space);
	case MODEL_WRITE:
		return write_pages(dd, space, op, done, result);
	default:
		return 0;
	}
}

/* One page between @buf and the space: ITER_SOURCE stores, ITER_DEST loads. */
static int copy_unit(struct ms_space *space, u64 va, u32 access,
		     unsigned int dir, u8 *buf, u64 *done,
		     enum ms_access_result *result)
{
	struct kvec vec = { .iov_base = buf, .iov_len = DATA_DIFF_UNIT };
	struct iov_iter iter;

	iov_iter_kvec(&iter, dir, &vec, 1, DATA_DIFF_UNIT);
	return ms_space_copy(space, va, access, &iter, done, result);
}

/* A WRITE of whole pages, each stamped with its address and @op's stamp. */
static int write_pages(struct data_diff *dd, struct ms_space *space,
		       const struct model_op *op, u64 *done,
		       enum ms_access_result *result)
{
	u64 va, page_done;
	int err = 0;

	*result = MS_ACCESS_OK;
	for (*done = 0; *done < op->size && !err && *result == MS_ACCESS_OK;
	     *done += page_done) {
		va = op->start + *done;
		model_fill_page(dd->buf, DATA_DIFF_UNIT, va, op->stamp);
		err = copy_unit(space, va, 0, ITER_SOURCE, dd->buf, &page_done,
				result);
	}
	return err;
}

/* What the model says of the same operation: its error, or a WRITE's. */
static int model_side(struct data_diff *dd, const struct model_op *op,
		      u64 *done, enum model_access *access)
{
	struct ms_model *m = &dd->model[op->side];
	u64 addr;

	switch (op->type) {
	case MODEL_WRITE:
		*access = model_write(m, op->start, op->size, op->stamp, done);
		return 0;
	case MODEL_FIND_FREE:
	case MODEL_CLONE:
		return 0;
	default:
		return model_apply(m, op, 0, &addr);
	}
}

static int check_areas(struct data_diff *dd, unsigned int side)
{
	const struct model_area *want = dd->areas;
	const struct memory_area *area;
	unsigned int n, i = 0;

	n = model_areas(&dd->model[side], dd->areas, DATA_DIFF_PAGES);
	for (area = memory_set_first(&dd->space[side].set); area;
	     area = memory_area_next(area), i++) {
		if (i >= n || area->start != want[i].start ||
		    area->end != want[i].end ||
		    area->flags != prot_of(dd, want[i].flags))
			return FAIL(dd, "space %u: area %u is [%#llx, %#llx)",
				    side, i, U64_ARG(area->start), U64_ARG(area->end));
	}
	if (i != n)
		return FAIL(dd, "space %u: %u areas, the model has %u", side, i,
			    n);
	return 0;
}

/* Refused accesses: nothing may move. */

struct state_walker {
	struct ms_pt_walker walker;
	struct data_diff_state *state;
};

static void state_leaf(struct ms_pt_walker *walker, u64 va,
		       const struct ms_pt_leaf *leaf)
{
	struct data_diff_state *st =
		container_of(walker, struct state_walker, walker)->state;

	if (st->nr_leaves < DATA_DIFF_PAGES) {
		st->va[st->nr_leaves] = va;
		st->entry[st->nr_leaves] = leaf->entry;
	}
	st->nr_leaves++;
}

static void state_take(struct ms_space *space, struct data_diff_state *st)
{
	struct state_walker sw = { .walker.leaf = state_leaf, .state = st };

	st->nr_tables = space->pt.nr_tables;
	st->nr_frames = space->pt.nr_frames;
	st->nr_spare = space->pt.nr_spare;
	st->held = ms_pt_pages_held();
	st->nr_leaves = 0;
	ms_pt_walk_leaves(&space->pt, &sw.walker);
}

static bool state_equal(const struct data_diff_state *a,
			const struct data_diff_state *b)
{
	unsigned int n = min_t(unsigned int, a->nr_leaves, DATA_DIFF_PAGES);

	return a->nr_tables == b->nr_tables && a->nr_frames == b->nr_frames &&
	       a->nr_spare == b->nr_spare && a->held == b->held &&
	       a->nr_leaves == b->nr_leaves &&
	       !memcmp(a->va, b->va, n * sizeof(u64)) &&
	       !memcmp(a->entry, b->entry, n * sizeof(u64));
}

static int check_page(struct data_diff *dd, unsigned int side, u64 va);

/*
 * One access of kind @kind (0-5: TOUCH of READ, WRITE, EXEC, supervisor
 * then user; 6-9: a READ, then a WRITE back, supervisor then user).
 */
static int probe_access(struct data_diff *dd, struct ms_space *space, u64 va,
			unsigned int kind, enum ms_access_result *result)
{
	static const u32 touch[] = { MS_VM_READ, MS_VM_WRITE, MS_VM_EXEC };
	u32 user = kind & 1 ? MS_VM_USER : 0;
	u64 done;
	int err;

	if (kind < 6)
		return ms_space_touch(space, va, touch[kind % 3] |
					  (kind >= 3 ? MS_VM_USER : 0),
				      result);
	err = copy_unit(space, va, user, ITER_DEST, dd->buf, &done, result);
	if (err || *result != MS_ACCESS_OK || kind < 8)
		return err;
	/* Only a page just read is written back: the same bytes. */
	state_take(space, &dd->before);
	return copy_unit(space, va, user, ITER_SOURCE, dd->buf, &done, result);
}

static int probe_refused(struct data_diff *dd, const struct model_op *op)
{
	unsigned int side = op->side, kind;
	struct ms_space *space = &dd->space[side];
	enum ms_access_result result;
	u64 va;
	int err;

	kind = model_rand(&dd->rng) % 10;
	va = (model_rand(&dd->rng) % DATA_DIFF_PAGES) * DATA_DIFF_UNIT;
	mutex_lock(&space->lock);
	state_take(space, &dd->before);
	err = probe_access(dd, space, va, kind, &result);
	state_take(space, &dd->after);
	mutex_unlock(&space->lock);
	if (err)
		return FAIL(dd, "probe %u of %#llx on %u: %d", kind,
			    U64_ARG(va), side, err);
	if (result == MS_ACCESS_OK)
		return 0;
	if (!state_equal(&dd->before, &dd->after))
		return FAIL(dd, "probe %u of %#llx on %u, refused (%d), changed the space",
			    kind, U64_ARG(va), side, result);
	return check_page(dd, side, va);
}

/**
 * data_diff_step() - one operation on a space and its model, then checks
 * @dd: the test
 * @op: the operation, from model_random_data_op() or a fuzzer
 *
 * Return: 0, or -1 with @dd->why.
 */
int data_diff_step(struct data_diff *dd, const struct model_op *op)
{
	enum ms_access_result result = MS_ACCESS_OK;
	enum model_access access = MODEL_ACCESS_OK;
	u64 done = 0, want_done = 0;
	int err, want;

	dd->step++;
	if (op->type == MODEL_CLONE) {
		err = clone_into(dd, !op->side);
		if (err)
			return FAIL(dd, "clone into %u: %d", !op->side, err);
	} else {
		mutex_lock(&dd->space[op->side].lock);
		err = apply(dd, op, &done, &result);
		mutex_unlock(&dd->space[op->side].lock);
		want = model_side(dd, op, &want_done, &access);
		if (err != want)
			return FAIL(dd, "op %d on %u: %d, the model says %d",
				    op->type, op->side, err, want);
		if (op->type == MODEL_WRITE &&
		    (done != want_done || (int)result != (int)access))
			return FAIL(dd, "write at %#llx: done %#llx result %d, model %#llx %d",
				    U64_ARG(op->start), U64_ARG(done), result,
				    U64_ARG(want_done), access);
	}
	if (check_areas(dd, 0) || check_areas(dd, 1) || probe_refused(dd, op))
		return -1;
	if (dd->step % CHECK_EVERY == 0)
		return data_diff_check_data(dd);
	return 0;
}

/* Read one page of a space: its result, and its bytes in @dd->buf. */
static int check_page(struct data_diff *dd, unsigned int side, u64 va)
{
	struct ms_space *space = &dd->space[side];
	enum ms_access_result result;
	bool mapped;
	u64 stamp, done;
	int err;

	mapped = model_page_stamp(&dd->model[side], va, &stamp);
	mutex_lock(&space->lock);
	err = copy_unit(space, va, 0, ITER_DEST, dd->buf, &done, &result);
	mutex_unlock(&space->lock);
	if (err || result != (mapped ? MS_ACCESS_OK : MS_ACCESS_MAPERR))
		return FAIL(dd, "space %u: read of %#llx: %d, result %d", side,
			    U64_ARG(va), err, result);
	if (!mapped)
		return 0;
	model_fill_page(dd->want, DATA_DIFF_UNIT, va, stamp);
	if (memcmp(dd->buf, dd->want, DATA_DIFF_UNIT))
		return FAIL(dd, "space %u: page %#llx does not hold stamp %#llx",
			    side, U64_ARG(va), U64_ARG(stamp));
	return 0;
}

/**
 * data_diff_check_data() - read every page of both spaces and compare
 * @dd: the test
 *
 * Return: 0, or -1 with @dd->why.
 */
int data_diff_check_data(struct data_diff *dd)
{
	unsigned int side, p;

	for (side = 0; side < 2; side++)
		for (p = 0; p < DATA_DIFF_PAGES; p++)
			if (check_page(dd, side, p * DATA_DIFF_UNIT))
				return -1;
	return 0;
}

/**
 * data_diff_fini() - check the data once more, free both spaces
 * @dd: the test
 *
 * Return: 0, or -1 with @dd->why (pages not given back included).
 */
int data_diff_fini(struct data_diff *dd)
{
	int err = data_diff_check_data(dd);

	ms_space_destroy(&dd->space[0]);
	ms_space_destroy(&dd->space[1]);
	if (!err && ms_pt_pages_held() != dd->held)
		return FAIL(dd, "%ld pages held after both spaces went, %ld before",
			    ms_pt_pages_held(), dd->held);
	return err;
}

/**
 * data_diff_run() - a whole seeded run
 * @dd: the test
 * @seed: the seed
 * @format: the spaces' page-table format
 * @steps: random operations
 *
 * Return: 0, or -1 with @dd->why and @dd->step saying where.
 */
int data_diff_run(struct data_diff *dd, u64 seed,
		  enum ms_pt_format_id format, unsigned long steps)
{
	struct model_op op;
	int err;

	if (data_diff_init(dd, seed, format))
		return -1;
	while (dd->step < steps) {
		model_random_data_op(&dd->model[0], &dd->rng, &op);
		err = data_diff_step(dd, &op);
		if (err) {
			ms_space_destroy(&dd->space[0]);
			ms_space_destroy(&dd->space[1]);
			return err;
		}
	}
	return data_diff_fini(dd);
}
