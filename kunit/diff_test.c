// SPDX-License-Identifier: GPL-2.0
/*
 * Differential tests: thousands of random operations applied to the core
 * and to the reference model (kunit/model.c), comparing return values,
 * area lists and every page after each operation. Once with the crate's
 * mock backend, once with real page tables (LINEAR, 4 KiB and huge) in
 * every page-table format; and the data of two spaces that clone each
 * other (data_diff.c).
 * The seed of a failing run is printed.
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "backend.h"
#include "data_diff.h"
#include "mock.h"
#include "model.h"
#include "space_util.h"

#define NR_OPS		3000
#define PHYS_BASE	0x40000000ULL

struct diff_ctx {
	struct kunit *test;
	struct memory_set *set;
	struct ms_model *model;
	struct model_area *areas;
	u64 seed;
	unsigned int step;
	/* how an area's flags become the backend's, and its ops */
	u32 (*prot_of)(u32 flags);
	const struct mapping_backend_ops *(*ops_of)(struct diff_ctx *ctx);
	struct model_rng rng;
};

static int apply_core(struct diff_ctx *ctx, const struct model_op *op,
		      u64 *addr)
{
	return model_apply_to_set(ctx->set, op, ctx->prot_of(op->flags),
				  ctx->ops_of(ctx), PHYS_BASE + op->start,
				  2ULL * ctx->model->nr_pages * ctx->model->unit,
				  addr);
}

static bool areas_match(struct diff_ctx *ctx)
{
	unsigned int n = model_areas(ctx->model, ctx->areas, MODEL_MAX_PAGES), i = 0;
	struct memory_area *area;

	if (n != memory_set_len(ctx->set))
		return false;
	for (area = memory_set_first(ctx->set); area;
	     area = memory_area_next(area), i++)
		if (area->start != ctx->areas[i].start ||
		    area->end != ctx->areas[i].end ||
		    area->flags != ctx->prot_of(ctx->areas[i].flags))
			return false;
	return true;
}

/* Run NR_OPS random operations; @page_ok checks one page of the backend. */
static void run_diff(struct diff_ctx *ctx,
		     bool (*page_ok)(struct diff_ctx *ctx, unsigned int page))
{
	u64 core_addr = 0, model_addr = 0;
	int core_err, model_err;
	struct model_op op;
	unsigned int p;

	ctx->rng.state = ctx->seed;
	for (ctx->step = 0; ctx->step < NR_OPS; ctx->step++) {
		model_random_op(ctx->model, &ctx->rng, &op);
		core_err = apply_core(ctx, &op, &core_addr);
		model_err = model_apply(ctx->model, &op,
					2ULL * ctx->model->nr_pages * ctx->model->unit,
					&model_addr);
		KUNIT_ASSERT_EQ_MSG(ctx->test, core_err, model_err,
				    "seed %llu step %u op %d %#llx+%#llx",
				    ctx->seed, ctx->step, op.type, op.start,
				    op.size);
		if (op.type == MODEL_FIND_FREE && !core_err)
			KUNIT_ASSERT_EQ_MSG(ctx->test, core_addr, model_addr,
					    "seed %llu step %u", ctx->seed,
					    ctx->step);
		KUNIT_ASSERT_TRUE_MSG(ctx->test, areas_match(ctx),
				      "areas differ: seed %llu step %u",
				      ctx->seed, ctx->step);
		for (p = 0; p < ctx->model->nr_pages; p++)
			KUNIT_ASSERT_TRUE_MSG(ctx->test, page_ok(ctx, p),
					      "page %u differs: seed %llu step %u",
					      p, ctx->seed, ctx->step);
	}
	mock_check_tree(ctx->test, ctx->set);
}

/* With the mock: 1024 pages of 0x40 bytes over its 0x10000 entries. */

static u32 same_flags(u32 flags)
{
	return flags;
}

static const struct mapping_backend_ops *mock_ops_of(struct diff_ctx *ctx)
{
	return model_rand(&ctx->rng) % 2 ? &mock_ops : &mock_split_ops;
}

static bool mock_page_ok(struct diff_ctx *ctx, unsigned int p)
{
	const struct mock_pt *pt = ctx->set->pt;
	u64 unit = ctx->model->unit, want = 0;

	if (ctx->model->page[p].mapped)
		want = ctx->model->page[p].flags;
	return pt->entries[p * unit] == want &&
	       pt->entries[p * unit + unit - 1] == want;
}

static void test_diff_mock(struct kunit *test)
{
	struct diff_ctx ctx = { .test = test, .prot_of = same_flags,
				.ops_of = mock_ops_of };
	struct memory_set set;
	u64 seeds[] = { 1, 0x5eed, 0xdeadbeef };
	int i;

	ctx.model = kunit_kzalloc(test, sizeof(*ctx.model), GFP_KERNEL);
	ctx.areas = kunit_kcalloc(test, MODEL_MAX_PAGES, sizeof(*ctx.areas),
				  GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx.model);
	KUNIT_ASSERT_NOT_NULL(test, ctx.areas);
	for (i = 0; i < ARRAY_SIZE(seeds); i++) {
		memory_set_init(&set, mock_pt_new(test));
		ctx.set = &set;
		model_init(ctx.model, MOCK_MAX_ADDR / MODEL_MAX_PAGES,
			   MODEL_MAX_PAGES);
		ctx.seed = seeds[i];
		run_diff(&ctx, mock_page_ok);
		KUNIT_EXPECT_EQ(test, memory_set_clear(&set), 0);
	}
}

/* With real page tables: 1024 pages of 4 KiB, LINEAR, some huge. */

static u32 prot_of_flags(u32 flags)
{
	return MS_VM_READ | ((flags << 1) & 0xe);
}

/* For a format without USER (EPT): the model's third flag is UNCACHED. */
static u32 prot_of_flags_no_user(u32 flags)
{
	return MS_VM_READ | ((flags << 1) & 0x6) | ((flags << 2) & 0x10);
}

static const struct mapping_backend_ops *linear_ops_of(struct diff_ctx *ctx)
{
	struct ms_backend_choice linear = {
		.kind = MS_KIND_LINEAR,
		.huge = model_rand(&ctx->rng) % 2,
	};

	return ms_backend_ops(&linear);
}

static bool pt_page_ok(struct diff_ctx *ctx, unsigned int p)
{
	struct ms_space *space = container_of(ctx->set, struct ms_space, set);
	u64 va = (u64)p * SZ_4K;
	struct ms_pt_leaf leaf;
	bool mapped = ms_pt_lookup(&space->pt, va, &leaf);

	if (!ctx->model->page[p].mapped)
		return !mapped;
	return mapped && leaf.phys == PHYS_BASE + va &&
	       leaf.prot == ctx->prot_of(ctx->model->page[p].flags);
}

KUNIT_ARRAY_PARAM(fmt, pt_test_formats, pt_test_format_desc);

static void test_diff_page_table(struct kunit *test)
{
	const struct ms_pt_format *fmt = pt_test_format(test);
	struct diff_ctx ctx = { .test = test, .prot_of = prot_of_flags,
				.ops_of = linear_ops_of };
	struct ms_space *space = kunit_kzalloc(test, sizeof(*space), GFP_KERNEL);
	u64 seeds[] = { 7, 0x1234567 };
	int i;

	ctx.model = kunit_kzalloc(test, sizeof(*ctx.model), GFP_KERNEL);
	ctx.areas = kunit_kcalloc(test, MODEL_MAX_PAGES, sizeof(*ctx.areas),
				  GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, space);
	KUNIT_ASSERT_NOT_NULL(test, ctx.model);
	KUNIT_ASSERT_NOT_NULL(test, ctx.areas);
	for (i = 0; i < ARRAY_SIZE(seeds); i++) {
		KUNIT_ASSERT_EQ(test, ms_space_init(space, 4096, ULONG_MAX), 0);
		space_set_format(space, fmt);
		if (!(fmt->prot_mask & MS_VM_USER))
			ctx.prot_of = prot_of_flags_no_user;
		ctx.set = &space->set;
		model_init(ctx.model, SZ_4K, MODEL_MAX_PAGES);
		ctx.seed = seeds[i];
		run_diff(&ctx, pt_page_ok);
		KUNIT_EXPECT_EQ(test, memory_set_clear(&space->set), 0);
		KUNIT_EXPECT_EQ(test, space->pt.nr_tables, 1);
		ms_space_destroy(space);
	}
}

/* Data and clones: two spaces against their models (data_diff.c). */
static void test_diff_data(struct kunit *test)
{
	static const u64 seeds[] = { 1, 0xda7a, 0xc10e5eed };
	struct data_diff *dd = kunit_kzalloc(test, sizeof(*dd), GFP_KERNEL);
	const struct ms_pt_format *fmt = pt_test_format(test);
	enum ms_pt_format_id id;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, dd);
	for (id = 0; ms_pt_format_get(id) != fmt; id++)
		KUNIT_ASSERT_LT(test, id, MS_PT_NR_FORMATS);
	for (i = 0; i < ARRAY_SIZE(seeds); i++)
		KUNIT_EXPECT_EQ_MSG(test, data_diff_run(dd, seeds[i], id, 1500),
				    0, "seed %#llx, step %lu: %s", seeds[i],
				    dd->step, dd->why);
}

static struct kunit_case memory_set_diff_cases[] = {
	KUNIT_CASE(test_diff_mock),
	KUNIT_CASE_PARAM(test_diff_page_table, fmt_gen_params),
	KUNIT_CASE_PARAM(test_diff_data, fmt_gen_params),
	{}
};

static struct kunit_suite memory_set_diff_suite = {
	.name = "memory_set_differential",
	.test_cases = memory_set_diff_cases,
};

kunit_test_suite(memory_set_diff_suite);
