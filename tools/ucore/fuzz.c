// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the input is a sequence of 8-byte operations applied
 * to the core and to the reference model, with injected failures; any
 * difference, sanitizer report or WARN aborts.
 *
 *   byte 0: operation   1: start page   2: pages   3: flags
 *   byte 4: replace / alignment   5: backend call to fail   6: allocation
 *   to fail   7: size scale (0: as is; else pages * 16, past the model)
 */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

static struct harness h;

/* libFuzzer's entry point, under its own name at link time (Makefile). */
int fuzz_one_input(const uint8_t *data, size_t size)
{
	struct model_op op;

	harness_init(&h);
	for (; size >= 8; data += 8, size -= 8) {
		op.type = data[0] % MODEL_NR_OPS;
		op.start = (u64)data[1] * H_UNIT;
		op.size = (u64)data[2] * H_UNIT * (data[7] % 4 ? 1 : 16);
		if (data[7] == 0xff)		/* overflowing ranges too */
			op.size = ~0ULL - H_UNIT;
		if (op.type == MODEL_MAP && op.size > H_SPACE - op.start)
			op.size = H_SPACE - op.start;
		op.flags = 1 + data[3] % 7;
		op.replace = data[4] & 1;
		op.align = (u64)H_UNIT << ((data[4] >> 1) % 6);
		harness_step(&h, &op, data[5] % 16, data[6] % 8);
	}
	harness_fini(&h);
	return 0;
}
