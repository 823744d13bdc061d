/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The differential test of data and clones (data_diff.c), shared by KUnit
 * (diff_test.c) and the userspace build's fuzzer (tools/ucore).
 */
#ifndef _MEMORY_SET_KUNIT_DATA_DIFF_H
#define _MEMORY_SET_KUNIT_DATA_DIFF_H

#include "model.h"
#include "space.h"

#define DATA_DIFF_PAGES		256
#define DATA_DIFF_UNIT		4096ULL
#define DATA_DIFF_BUDGET	4096

/* A space as a refused access must leave it: its leaves and its counts. */
struct data_diff_state {
	unsigned long nr_tables, nr_frames, nr_spare;
	long held;
	unsigned int nr_leaves;
	u64 va[DATA_DIFF_PAGES], entry[DATA_DIFF_PAGES];
};

/**
 * struct data_diff - two spaces and their models
 * @space: the spaces; a CLONE makes one a clone of the other
 * @fmt: their page-table format
 * @model: their models
 * @rng: where random operations come from
 * @step: operations done
 * @held: ms_pt_pages_held() before the spaces were made
 * @areas: the areas a model lists
 * @buf: a page of data read or written
 * @want: a page of what the model says
 * @before: a space before an access that may be refused
 * @after: the same space after it
 * @why: what went wrong, when a call returns -1
 */
struct data_diff {
	struct ms_space space[2];
	const struct ms_pt_format *fmt;
	struct ms_model model[2];
	struct model_rng rng;
	unsigned long step;
	long held;
	struct model_area areas[DATA_DIFF_PAGES];
	u8 buf[DATA_DIFF_UNIT];
	u8 want[DATA_DIFF_UNIT];
	struct data_diff_state before, after;
	char why[200];
};

int data_diff_init(struct data_diff *dd, u64 seed,
		   enum ms_pt_format_id format);
int data_diff_step(struct data_diff *dd, const struct model_op *op);
int data_diff_check_data(struct data_diff *dd);
int data_diff_fini(struct data_diff *dd);
int data_diff_run(struct data_diff *dd, u64 seed,
		  enum ms_pt_format_id format, unsigned long steps);

#endif /* _MEMORY_SET_KUNIT_DATA_DIFF_H */
