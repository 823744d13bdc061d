// SPDX-License-Identifier: GPL-2.0
/*
 * Data and clones in userspace: the differential test of kunit/data_diff.c
 * (two spaces of ALLOC areas that write, clone each other and are read
 * back against their models) over the whole stack, under ASan + UBSan.
 *
 * As a libFuzzer target, the input is a sequence of 8-byte records, one
 * operation each (data_decode()). As ucore_data, a runner:
 *
 *   ucore_data [-s SEEDS] [-n OPS] [FILE...]
 *
 * runs each FILE (a fuzzer input) and SEEDS seeded runs of OPS random
 * operations; the last line is "ucore-data: N passed, N failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data_diff.h"
#include "pages.h"

static struct data_diff dd;
static bool area_cache_ready;

/*
 * An input is records of 8 bytes; the bytes past the last whole one
 * (0 to 7) choose the page-table format (0 and 7: the default).
 *
 * One record: [0] type (low 3 bits) and side (bit 7), [1] first page,
 * [2] pages - 1 (low 4 bits), [3] flags, [4] replace (bit 0) and
 * populate (bit 1), [5..7] the stamp of a WRITE.
 */
static void data_decode(const uint8_t *r, struct model_op *op)
{
	static const enum model_op_type types[8] = {
		MODEL_MAP, MODEL_MAP, MODEL_UNMAP, MODEL_PROTECT,
		MODEL_WRITE, MODEL_WRITE, MODEL_CLONE, MODEL_CLEAR,
	};
	u64 pages = 1 + (r[2] & 15);

	*op = (struct model_op){
		.type = types[r[0] & 7],
		.side = r[0] >> 7,
		.start = (u64)r[1] * DATA_DIFF_UNIT,
		.flags = 1 + r[3] % 7,
		.replace = r[4] & 1,
		.align = r[4] & 2 ? DATA_DIFF_UNIT : 2 * DATA_DIFF_UNIT,
		.stamp = 1 + (r[5] | r[6] << 8 | (u64)r[7] << 16),
	};
	if (op->type == MODEL_MAP && r[1] + pages > DATA_DIFF_PAGES)
		pages = DATA_DIFF_PAGES - r[1];
	op->size = pages * DATA_DIFF_UNIT;
}

static void fail(const char *what)
{
	fprintf(stderr, "ucore-data: %s, step %lu: %s\n", what, dd.step,
		dd.why);
	abort();
}

static void setup(void)
{
	if (!area_cache_ready)
		area_cache_ready = !memory_area_cache_init();
	ucore_pages_reset();
}

/* libFuzzer's entry point, under its own name at link time (Makefile). */
int data_fuzz_one_input(const uint8_t *data, size_t size)
{
	struct model_op op;

	setup();
	if (data_diff_init(&dd, 1, size % 8 % MS_PT_NR_FORMATS))
		fail("init");
	for (; size >= 8; data += 8, size -= 8) {
		data_decode(data, &op);
		if (data_diff_step(&dd, &op))
			fail("fuzz input");
	}
	if (data_diff_fini(&dd))
		fail("fuzz input");
	if (ucore_pages_live())
		fail("pages left");
	return 0;
}

#ifndef DATA_FUZZ_ONLY
static int run_file(const char *path)
{
	static uint8_t buf[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return data_fuzz_one_input(buf, n);
}

int main(int argc, char **argv)
{
	unsigned long seeds = 20, ops = 2000, s, passed = 0, failed = 0;
	int opt, i;

	while ((opt = getopt(argc, argv, "s:n:")) != -1) {
		if (opt == 's')
			seeds = strtoul(optarg, NULL, 0);
		else if (opt == 'n')
			ops = strtoul(optarg, NULL, 0);
	}
	for (i = optind; i < argc; i++) {
		if (run_file(argv[i]) == 0)
			passed++;
		else
			failed++;
	}
	for (s = 1; s <= seeds; s++) {
		setup();
		if (data_diff_run(&dd, s * 0x9e3779b9ULL, s % MS_PT_NR_FORMATS,
				  ops) ||
		    ucore_pages_live()) {
			printf("seed %lu, step %lu: %s\n", s, dd.step, dd.why);
			failed++;
		} else {
			passed++;
		}
	}
	printf("ucore-data: %lu passed, %lu failed\n", passed, failed);
	return failed ? 1 : 0;
}
#endif
