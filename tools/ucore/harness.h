/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace harness of the core: the crate's mock backend
 * (kunit/mock_backend.c, shared with KUnit), which can fail its Nth call,
 * and one step of the differential check against the reference model.
 * Shared by the fuzzer and the differential runner.
 */
#ifndef _UCORE_HARNESS_H
#define _UCORE_HARNESS_H

#include "memory_set.h"
#include "mock_backend.h"
#include "model.h"

#define H_PAGES		256	/* the model's pages */
#define H_UNIT		16	/* bytes per page */
#define H_SPACE		(H_PAGES * H_UNIT)

struct harness {
	struct memory_set set;
	struct ms_model model;
	struct mock_pt pt;		/* the crate's mock backend */
	struct model_area areas[H_PAGES];
	unsigned long seed;		/* printed with any mismatch */
	unsigned long step;
};

void harness_init(struct harness *h);
void harness_fini(struct harness *h);
/* Apply @op to both; inject failures as told; abort() on any mismatch. */
void harness_step(struct harness *h, const struct model_op *op,
		  unsigned int fail_backend_call, unsigned int fail_alloc);

#endif
