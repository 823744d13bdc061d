// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace differential run: seeded random operations, with injected
 * failures, on the core (built with ASan and UBSan) and on the model.
 *
 *   ucore_diff [NR_SEEDS] [OPS_PER_SEED]
 *
 * Prints "ucore-diff: N passed, N failed", one test per seed; a mismatch
 * aborts after printing the seed and the step.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

static struct harness h;

int main(int argc, char **argv)
{
	unsigned long seeds = argc > 1 ? strtoul(argv[1], NULL, 0) : 200;
	unsigned long ops = argc > 2 ? strtoul(argv[2], NULL, 0) : 2000, s, i;
	struct model_rng rng;
	struct model_op op;

	for (s = 1; s <= seeds; s++) {
		rng.state = s * 0x9E3779B97F4A7C15ULL;
		harness_init(&h);
		h.seed = s;
		for (i = 0; i < ops; i++) {
			unsigned int fail = model_rand(&rng) % 4 == 0;

			model_random_op(&h.model, &rng, &op);
			harness_step(&h, &op, fail ? 1 + model_rand(&rng) % 6 : 0,
				     fail ? model_rand(&rng) % 4 : 0);
		}
		harness_fini(&h);
	}
	printf("ucore-diff: %lu passed, 0 failed\n", seeds);
	return 0;
}
