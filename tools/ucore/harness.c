// SPDX-License-Identifier: GPL-2.0
/*
 * One differential step: the core (with a mock backend and injected
 * failures) against the reference model. Any difference aborts, so that
 * the fuzzer and the sanitizers report it with its input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "harness.h"

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "seed %lu step %lu: mismatch: ",	\
			h->seed, h->step);				\
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, " (%s:%d)\n", __FILE__, __LINE__);	\
		abort();						\
	}								\
} while (0)

void harness_init(struct harness *h)
{
	static bool cache_ready;

	if (!cache_ready)
		cache_ready = !memory_area_cache_init();
	memset(h, 0, sizeof(*h));
	memory_set_init(&h->set, &h->pt);
	model_init(&h->model, H_UNIT, H_PAGES);
}

void harness_fini(struct harness *h)
{
	h->pt.fail_at = 0;
	ms_fail_nth = 0;
	CHECK(memory_set_clear(&h->set) == 0, "clear failed");
}

static int apply_core(struct harness *h, const struct model_op *op, u64 *addr)
{
	return model_apply_to_set(&h->set, op, op->flags, &mock_ops, 0,
				  2 * H_SPACE, addr);
}

static void compare(struct harness *h)
{
	unsigned int n = model_areas(&h->model, h->areas, H_PAGES), i = 0, p;
	struct memory_area *area;
	bool recent_found = false;
	u64 prev_end = 0;

	CHECK(n == memory_set_len(&h->set), "%u areas in the model, %lu in the core",
	      n, memory_set_len(&h->set));
	for (area = memory_set_first(&h->set); area;
	     area = memory_area_next(area), i++) {
		CHECK(area->start == h->areas[i].start && area->end == h->areas[i].end &&
		      area->flags == h->areas[i].flags, "area %u differs", i);
		CHECK(area->gap == area->start - prev_end, "gap of area %u", i);
		prev_end = area->end;
		if (!memory_area_next(area))
			CHECK(h->set.last == area, "last area");
		recent_found |= h->set.recent == area;
	}
	if (!n)
		CHECK(!h->set.last, "last area of an empty set");
	/* The lookup shortcut names an area of the tree, or none. */
	CHECK(!h->set.recent || recent_found, "recent area not in the tree");
	for (p = 0; p < H_PAGES; p++) {
		area = memory_set_find(&h->set, (u64)p * H_UNIT + p % H_UNIT);
		CHECK(!area == !h->model.page[p].mapped, "lookup of page %u", p);
	}
	for (p = 0; p < H_PAGES; p++) {
		unsigned char want = h->model.page[p].mapped ?
				     h->model.page[p].flags : 0;

		CHECK(h->pt.entries[p * H_UNIT] == want &&
		      h->pt.entries[p * H_UNIT + H_UNIT - 1] == want,
		      "entries of page %u", p);
	}
}

void harness_step(struct harness *h, const struct model_op *op,
		  unsigned int fail_backend_call, unsigned int fail_alloc)
{
	u64 core_addr = 0, model_addr = 0;
	int core_err, model_err;

	h->step++;
	h->pt.nr_calls = 0;
	h->pt.fail_at = fail_backend_call;
	ms_fail_nth = fail_alloc;
	core_err = apply_core(h, op, &core_addr);
	h->pt.fail_at = 0;
	ms_fail_nth = 0;
	CHECK(core_err != MOCK_ERR_STATE, "the core misused the backend");
	if (core_err == MOCK_ERR_FAIL || (core_err == -ENOMEM && op->type != MODEL_FIND_FREE)) {
		/* An injected failure: nothing may have changed. */
		compare(h);
		return;
	}
	model_err = model_apply(&h->model, op, 2 * H_SPACE, &model_addr);
	CHECK(core_err == model_err, "op %d %#llx+%#llx: core %d, model %d",
	      op->type, (unsigned long long)op->start,
	      (unsigned long long)op->size, core_err, model_err);
	if (op->type == MODEL_FIND_FREE && !core_err)
		CHECK(core_addr == model_addr, "find_free: core %#llx, model %#llx",
		      (unsigned long long)core_addr, (unsigned long long)model_addr);
	compare(h);
}
