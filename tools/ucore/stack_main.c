// SPDX-License-Identifier: GPL-2.0
/*
 * ucore_stack: the whole stack (core, backends, page table, space) in
 * userspace under ASan and UBSan, checked by the oracle of stack.c.
 *
 *   ucore_stack [-j JOBS] [-S FIRST] [-s SEEDS] [-n OPS] [FILE...]
 *   ucore_stack -w DIR
 *
 * Runs the built-in scenarios, then each FILE (a fuzzer input: a corpus
 * file or a crash, run as the fuzzer runs it), then SEEDS seeded runs of
 * OPS random operations from seed FIRST on. Each is one test, run in a
 * child process so that an abort fails that test alone; JOBS run at once.
 * The last line is "ucore-stack: N passed, N failed". UCORE_STACK_TRACE=1
 * in the environment prints every operation; UCORE_STACK_PEAK=1 also
 * checks the budget while an operation runs, not only after it.
 *
 * -w writes the scenarios and a few seeded inputs into DIR: the fuzzer's
 * seed corpus (tools/ucore/corpus-stack).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <linux/kernel.h>
#include <linux/limits.h>

#include "stack.h"

#define RW		(MS_PROT_READ | MS_PROT_WRITE)
#define BUDGET_FULL	1	/* stack_rec.budget: the budget = what is held */
#define BUDGET_BIG	0xff

/* LINEAR, huge leaves: [1 GiB, 3 GiB) -> 0x7000000000, two 1 GiB leaves. */
#define MAP_HUGE_1G_3G {						\
	.op = STACK_OP_MAP | STACK_REC_BIG,				\
	.where = STACK_WHERE(STACK_SCALE_1G, 1, 0),			\
	.low = STACK_LOW(0, STACK_PHYS_FAR, 0),				\
	.size = STACK_SIZE(STACK_SCALE_1G, 2, 0),			\
	.prot = RW,							\
}

/* The one page at 2 GiB: the edge between the two 1 GiB leaves. */
#define PAGE_AT_2G							\
	.where = STACK_WHERE(STACK_SCALE_4K, 2, 0),			\
	.size = STACK_SIZE(STACK_SCALE_4K, 1, 0)

#define QUERY_2G { .op = STACK_OP_QUERY, PAGE_AT_2G }

/*
 * The Oops fixed by "Hardening: splits hand their undo record to the
 * core": the split at 2 GiB does nothing (it is a leaf edge already), the
 * operation then fails, and undoing that no-op split walked down into the
 * 1 GiB leaf, taking 0x7040000000 for a table.
 */
static const struct stack_rec oops_replace[] = {
	MAP_HUGE_1G_3G,
	/* 262144 frames: the reservation exceeds any budget. */
	{ .op = STACK_OP_MAP | STACK_REC_ALLOC | STACK_REC_BIG |
		STACK_REC_REPLACE,
	  .where = STACK_WHERE(STACK_SCALE_1G, 2, 0),
	  .size = STACK_SIZE(STACK_SCALE_1G, 1, 0), .prot = RW },
	QUERY_2G,
};

/* The split at 2 GiB + 4 KiB needs two tables: none is left. */
static const struct stack_rec oops_unmap[] = {
	MAP_HUGE_1G_3G,
	{ .op = STACK_OP_UNMAP, PAGE_AT_2G, .budget = BUDGET_FULL },
	QUERY_2G,
	{ .op = STACK_OP_UNMAP, PAGE_AT_2G, .budget = BUDGET_BIG },
	QUERY_2G,
};

static const struct stack_rec oops_protect[] = {
	MAP_HUGE_1G_3G,
	{ .op = STACK_OP_PROTECT, PAGE_AT_2G, .prot = MS_PROT_READ,
	  .budget = BUDGET_FULL },
	QUERY_2G,
	{ .op = STACK_OP_PROTECT, PAGE_AT_2G, .prot = MS_PROT_READ,
	  .budget = BUDGET_BIG },
	QUERY_2G,
};

/* The same one level down: 2 MiB leaves [2 MiB, 6 MiB), cut at 4 MiB. */
static const struct stack_rec oops_2m[] = {
	{ .op = STACK_OP_MAP | STACK_REC_BIG,
	  .where = STACK_WHERE(STACK_SCALE_2M, 0, 1),
	  .low = STACK_LOW(0, STACK_PHYS_RAM, 0),
	  .size = STACK_SIZE(STACK_SCALE_2M, 2, 0), .prot = RW },
	{ .op = STACK_OP_UNMAP, .where = STACK_WHERE(STACK_SCALE_4K, 0, 2),
	  .size = STACK_SIZE(STACK_SCALE_4K, 1, 0), .budget = BUDGET_FULL },
	{ .op = STACK_OP_PROTECT, .where = STACK_WHERE(STACK_SCALE_4K, 0, 2),
	  .size = STACK_SIZE(STACK_SCALE_4K, 1, 0), .prot = MS_PROT_READ,
	  .budget = BUDGET_FULL },
	{ .op = STACK_OP_PROTECT, .where = STACK_WHERE(STACK_SCALE_4K, 0, 2),
	  .size = STACK_SIZE(STACK_SCALE_4K, 1, 0), .prot = MS_PROT_READ,
	  .budget = BUDGET_BIG },
};

/*
 * Pages next to the 2 GiB edge on both sides: [2 GiB - 4 KiB, 2 GiB +
 * 4 KiB) cuts both 1 GiB leaves down to 4 KiB ones; then the middle goes.
 */
static const struct stack_rec huge_edges[] = {
	MAP_HUGE_1G_3G,
	{ .op = STACK_OP_PROTECT,
	  .where = STACK_WHERE(STACK_SCALE_4K, 1, 7),
	  .low = STACK_LOW(7, 0, 0), .size = STACK_SIZE(STACK_SCALE_4K, 2, 0),
	  .prot = MS_PROT_READ, .budget = BUDGET_BIG },
	{ .op = STACK_OP_UNMAP, .where = STACK_WHERE(STACK_SCALE_2M, 1, 7),
	  .size = STACK_SIZE(STACK_SCALE_2M, 2, 0) },
	{ .op = STACK_OP_TOUCH, .where = STACK_WHERE(STACK_SCALE_4K, 2, 1),
	  .prot = MS_PROT_WRITE << 5 },
	{ .op = STACK_OP_FIND_FREE, .where = STACK_WHERE(STACK_SCALE_1G, 0, 0),
	  .low = STACK_LOW(0, 0, 2), .size = STACK_SIZE(STACK_SCALE_2M, 1, 0) },
};

/* ALLOC: lazy pages touched in, replaced by a populated map, unmapped. */
static const struct stack_rec alloc_pages[] = {
	{ .op = STACK_OP_MAP | STACK_REC_ALLOC,
	  .where = STACK_WHERE(STACK_SCALE_2M, 0, 0),
	  .size = STACK_SIZE(STACK_SCALE_4K, 8, 0), .prot = RW },
	{ .op = STACK_OP_TOUCH, .where = STACK_WHERE(STACK_SCALE_4K, 0, 0),
	  .low = STACK_LOW(1, 0, 0), .prot = MS_PROT_WRITE << 5 },
	{ .op = STACK_OP_TOUCH, .where = STACK_WHERE(STACK_SCALE_4K, 0, 0),
	  .low = STACK_LOW(3, 0, 0), .prot = MS_PROT_READ << 5, .fail = 1 },
	{ .op = STACK_OP_MAP | STACK_REC_ALLOC | STACK_REC_BIG |
		STACK_REC_REPLACE,
	  .where = STACK_WHERE(STACK_SCALE_4K, 0, 0),
	  .low = STACK_LOW(2, 0, 0), .size = STACK_SIZE(STACK_SCALE_4K, 3, 0),
	  .prot = MS_PROT_READ, .fail = 3 },
	{ .op = STACK_OP_MAP | STACK_REC_ALLOC | STACK_REC_BIG |
		STACK_REC_REPLACE,
	  .where = STACK_WHERE(STACK_SCALE_4K, 0, 0),
	  .low = STACK_LOW(2, 0, 0), .size = STACK_SIZE(STACK_SCALE_4K, 3, 0),
	  .prot = MS_PROT_READ },
	{ .op = STACK_OP_QUERY | STACK_REC_USER,
	  .where = STACK_WHERE(STACK_SCALE_4K, 0, 0),
	  .low = STACK_LOW(2, 0, 0) },
	{ .op = STACK_OP_UNMAP, .where = STACK_WHERE(STACK_SCALE_4K, 0, 0),
	  .low = STACK_LOW(1, 0, 0), .size = STACK_SIZE(STACK_SCALE_4K, 3, 0) },
};

/* max_areas: a protect that would make three areas of one, at the limit. */
static const struct stack_rec area_limit[] = {
	{ .op = STACK_OP_MAP, .where = STACK_WHERE(STACK_SCALE_2M, 0, 0),
	  .low = STACK_LOW(0, STACK_PHYS_SAME, 0),
	  .size = STACK_SIZE(STACK_SCALE_4K, 8, 0), .prot = RW },
	{ .op = STACK_OP_PROTECT, .where = STACK_WHERE(STACK_SCALE_4K, 0, 0),
	  .low = STACK_LOW(2, 0, 0), .size = STACK_SIZE(STACK_SCALE_4K, 1, 0),
	  .prot = MS_PROT_READ, .areas = 2 },
	{ .op = STACK_OP_UNMAP, .where = STACK_WHERE(STACK_SCALE_4K, 0, 0),
	  .low = STACK_LOW(2, 0, 0), .size = STACK_SIZE(STACK_SCALE_4K, 1, 0) },
	{ .op = STACK_OP_PROTECT, .where = STACK_WHERE(STACK_SCALE_4K, 0, 0),
	  .low = STACK_LOW(1, 0, 0), .size = STACK_SIZE(STACK_SCALE_4K, 1, 0),
	  .prot = MS_PROT_READ, .areas = 0xff },
};

/*
 * A replace of a space's whole content at its budget: it reserves the new
 * tables and frames before it frees the old ones, so for a while the space
 * holds nearly twice its budget (UCORE_STACK_PEAK=1 makes that a failure).
 */
static const struct stack_rec replace_peak[] = {
	{ .op = STACK_OP_MAP | STACK_REC_ALLOC | STACK_REC_BIG,
	  .size = STACK_SIZE(STACK_SCALE_4K, 8, 0), .prot = RW },
	{ .op = STACK_OP_MAP | STACK_REC_ALLOC | STACK_REC_BIG |
		STACK_REC_REPLACE,
	  .size = STACK_SIZE(STACK_SCALE_4K, 8, 0), .prot = RW,
	  .budget = BUDGET_FULL },
};

struct scenario {
	const char *name;
	const struct stack_rec *recs;
	size_t nr;
};

static const struct scenario scenarios[] = {
	{ "oops_replace", oops_replace, ARRAY_SIZE(oops_replace) },
	{ "oops_unmap", oops_unmap, ARRAY_SIZE(oops_unmap) },
	{ "oops_protect", oops_protect, ARRAY_SIZE(oops_protect) },
	{ "oops_2m", oops_2m, ARRAY_SIZE(oops_2m) },
	{ "huge_edges", huge_edges, ARRAY_SIZE(huge_edges) },
	{ "alloc_pages", alloc_pages, ARRAY_SIZE(alloc_pages) },
	{ "area_limit", area_limit, ARRAY_SIZE(area_limit) },
	{ "replace_peak", replace_peak, ARRAY_SIZE(replace_peak) },
};

#define NR_SCENARIOS	ARRAY_SIZE(scenarios)
#define NR_SEED_FILES	6	/* seeded inputs written by -w */
#define SEED_FILE_OPS	24

static struct stack st;

/* ASan's defaults here: a failed check aborts; show where it was. */
const char *__asan_default_options(void)
{
	return "handle_abort=1";
}

/* splitmix64 */
static u64 rng_next(u64 *state)
{
	u64 z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Random records; limits and injected failures now and then only. */
static void random_rec(u64 *rng, struct stack_rec *rec)
{
	u64 r = rng_next(rng);

	memcpy(rec, &r, sizeof(*rec));
	r = rng_next(rng);
	/* A clear in 16 operations would keep the space nearly empty. */
	if ((rec->op & 15) == STACK_OP_CLEAR && (r >> 32) % 8)
		rec->op &= ~15;
	rec->budget = r % 8 ? 0 : rec->budget;
	rec->areas = (r >> 8) % 16 ? 0 : rec->areas;
	rec->fail = (r >> 16) % 6 ? 0 : 1 + (r >> 24) % 12;
}

static void run_seed(unsigned long seed, unsigned long ops, const char *label)
{
	u64 rng = seed * 0x2545F4914F6CDD1DULL;
	unsigned long budget = 1 + rng_next(&rng) % 64, max_areas = ULONG_MAX;
	struct stack_rec rec;
	struct stack_op op;

	if (seed % 4 == 0)
		budget = STACK_BIG_BUDGET;
	if (seed % 8 == 1)
		max_areas = 1 + rng_next(&rng) % 8;
	/* Seed after seed, every format in turn. */
	stack_init(&st, label, budget, max_areas, seed % MS_PT_NR_FORMATS);
	while (ops--) {
		random_rec(&rng, &rec);
		stack_decode(st.fmt, &rec, &op);
		stack_step(&st, &op);
	}
	stack_fini(&st);
}

/* As the fuzzer runs an input. */
static void run_input(const void *data, size_t size, const char *label)
{
	stack_init(&st, label, STACK_DEFAULT_BUDGET, ULONG_MAX,
		   stack_input_format(size));
	stack_run(&st, data, size);
	stack_fini(&st);
}

static int run_file(const char *path)
{
	static unsigned char buf[1 << 20];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		fprintf(stderr, "ucore_stack: %s: %s\n", path, strerror(errno));
		return 1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	run_input(buf, n, path);
	return 0;
}

struct plan {
	char **files;
	unsigned long nr_files, first_seed, nr_seeds, ops;
};

static unsigned long plan_size(const struct plan *p)
{
	return NR_SCENARIOS + p->nr_files + p->nr_seeds;
}

static void test_name(const struct plan *p, unsigned long i, char *buf,
		      size_t len)
{
	if (i < NR_SCENARIOS)
		snprintf(buf, len, "scenario %s", scenarios[i].name);
	else if (i < NR_SCENARIOS + p->nr_files)
		snprintf(buf, len, "%s", p->files[i - NR_SCENARIOS]);
	else
		snprintf(buf, len, "seed %lu",
			 p->first_seed + i - NR_SCENARIOS - p->nr_files);
}

/* In the child: 0 if the test passed (a failed check aborts). */
static int run_test(const struct plan *p, unsigned long i)
{
	char name[256];

	test_name(p, i, name, sizeof(name));
	if (i < NR_SCENARIOS) {
		run_input(scenarios[i].recs,
			  scenarios[i].nr * STACK_REC_SIZE, name);
		return 0;
	}
	if (i < NR_SCENARIOS + p->nr_files)
		return run_file(p->files[i - NR_SCENARIOS]);
	run_seed(p->first_seed + i - NR_SCENARIOS - p->nr_files, p->ops, name);
	return 0;
}

/* Run every test of @p, @jobs child processes at a time. */
static int run_plan(const struct plan *p, unsigned int jobs)
{
	unsigned long total = plan_size(p), next = 0, passed = 0, failed = 0;
	pid_t pids[64] = {};
	unsigned long which[64];
	unsigned int running = 0, k;
	char name[256];
	int status;
	pid_t pid;

	jobs = clamp(jobs, 1U, (unsigned int)ARRAY_SIZE(pids));
	while (next < total || running) {
		if (next < total && running < jobs) {
			for (k = 0; pids[k]; k++)
				;
			fflush(NULL);
			pid = fork();
			if (pid < 0) {
				perror("fork");
				return 1;
			}
			if (!pid)
				exit(run_test(p, next));
			pids[k] = pid;
			which[k] = next++;
			running++;
			continue;
		}
		pid = wait(&status);
		for (k = 0; k < ARRAY_SIZE(pids) && pids[k] != pid; k++)
			;
		if (k == ARRAY_SIZE(pids))
			continue;
		pids[k] = 0;
		running--;
		if (WIFEXITED(status) && !WEXITSTATUS(status)) {
			passed++;
			continue;
		}
		failed++;
		test_name(p, which[k], name, sizeof(name));
		printf("FAILED: %s\n", name);
	}
	printf("ucore-stack: %lu passed, %lu failed\n", passed, failed);
	return failed ? 1 : 0;
}

static int write_file(const char *dir, const char *name, const void *data,
		      size_t size)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		fprintf(stderr, "ucore_stack: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

/* The seed corpus: every scenario, and a few seeded inputs. */
static int write_corpus(const char *dir)
{
	struct stack_rec recs[SEED_FILE_OPS];
	unsigned long i, k;
	char name[64];
	u64 rng;

	for (i = 0; i < NR_SCENARIOS; i++)
		if (write_file(dir, scenarios[i].name, scenarios[i].recs,
			       scenarios[i].nr * STACK_REC_SIZE))
			return 1;
	for (i = 0; i < NR_SEED_FILES; i++) {
		rng = (i + 1) * 0x2545F4914F6CDD1DULL;
		for (k = 0; k < SEED_FILE_OPS; k++)
			random_rec(&rng, &recs[k]);
		snprintf(name, sizeof(name), "random%lu", i);
		if (write_file(dir, name, recs, sizeof(recs)))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct plan p = { .first_seed = 1, .nr_seeds = 40, .ops = 2000 };
	unsigned int jobs = 1;
	int opt;

	while ((opt = getopt(argc, argv, "j:S:s:n:w:")) != -1) {
		switch (opt) {
		case 'j':
			jobs = strtoul(optarg, NULL, 0);
			break;
		case 'S':
			p.first_seed = strtoul(optarg, NULL, 0);
			break;
		case 's':
			p.nr_seeds = strtoul(optarg, NULL, 0);
			break;
		case 'n':
			p.ops = strtoul(optarg, NULL, 0);
			break;
		case 'w':
			return write_corpus(optarg);
		default:
			fprintf(stderr,
				"usage: %s [-j JOBS] [-S FIRST] [-s SEEDS] [-n OPS] [FILE...] | -w DIR\n",
				argv[0]);
			return 2;
		}
	}
	p.files = argv + optind;
	p.nr_files = argc - optind;
	/* No hurry here: the module's own walker is checked at every step. */
	st.thorough = true;
	return run_plan(&p, jobs);
}
