// SPDX-License-Identifier: GPL-2.0
/*
 * ms_diff: the differential test through the ioctls. Seeded random
 * operations go to /dev/memory_set and to the reference model
 * (kunit/model.c); after each one the errno, the LIST of areas and, every
 * few steps, the QUERY of every page must agree. A failure prints its seed.
 * The default page-table format with both backends, every other format
 * with LINEAR.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/memory_set.h>

#include "kselftest_harness.h"
#include "model.h"

#define PAGES	1024
#define UNIT	4096ULL
#define STEPS	1500

/* The space's page-table format: EPT has no USER. */
static __u32 format = MS_FORMAT_X86_64_4L;

/* Model flags 1..7 are seven different valid protections. */
static __u32 prot_of(__u32 flags)
{
	if (format == MS_FORMAT_X86_EPT)
		return MS_PROT_READ | ((flags << 1) & 0x6) |
		       ((flags << 2) & MS_PROT_UNCACHED);
	return MS_PROT_READ | ((flags << 1) & 0xe);
}

static int ioc(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

static int apply(int fd, const struct model_op *op, __u64 *addr, __u32 backend)
{
	struct ms_map_args m = { .start = op->start, .size = op->size,
				 .prot = prot_of(op->flags), .backend = backend,
				 .flags = op->replace ? MS_MAP_REPLACE : 0 };
	struct ms_range_args r = { .start = op->start, .size = op->size,
				   .prot = prot_of(op->flags) };
	struct ms_find_free_args f = { .hint = op->start, .size = op->size,
				       .limit_end = 2ULL * PAGES * UNIT,
				       .align = op->align };
	int err;

	if (backend == MS_BACKEND_LINEAR)
		m.phys = op->start;
	switch (op->type) {
	case MODEL_MAP:
		return ioc(fd, MS_IOC_MAP, &m);
	case MODEL_UNMAP:
		r.prot = 0;
		return ioc(fd, MS_IOC_UNMAP, &r);
	case MODEL_PROTECT:
		return ioc(fd, MS_IOC_PROTECT, &r);
	case MODEL_CLEAR:
		return ioctl(fd, MS_IOC_CLEAR, 0) ? -errno : 0;
	case MODEL_FIND_FREE:
		err = ioc(fd, MS_IOC_FIND_FREE, &f);
		*addr = f.addr;
		return err;
	default:
		return -EINVAL;
	}
}

static int areas_match(int fd, struct ms_model *m, struct model_area *want)
{
	static struct ms_area_info got[PAGES];
	struct ms_list_args l = { .areas = (uintptr_t)got, .capacity = PAGES };
	unsigned int n = model_areas(m, want, PAGES), i;

	if (ioc(fd, MS_IOC_LIST, &l) || l.count != n)
		return 0;
	for (i = 0; i < n; i++)
		if (got[i].start != want[i].start ||
		    got[i].start + got[i].size != want[i].end ||
		    got[i].prot != prot_of(want[i].flags))
			return 0;
	return 1;
}

/* LINEAR pages translate to their own address; ALLOC ones stay lazy. */
static int pages_match(int fd, struct ms_model *m, __u32 backend)
{
	struct ms_query_args q;
	unsigned int p;

	for (p = 0; p < PAGES; p++) {
		q = (struct ms_query_args){ .vaddr = p * UNIT };
		if (ioc(fd, MS_IOC_QUERY, &q))
			return 0;
		if (backend == MS_BACKEND_ALLOC || !m->page[p].mapped) {
			if (q.page_size)
				return 0;
			continue;
		}
		if (!q.page_size || q.paddr != p * UNIT ||
		    q.prot != prot_of(m->page[p].flags))
			return 0;
	}
	return 1;
}

static void run(struct __test_metadata *_metadata, __u64 seed, __u32 backend,
		__u32 fmt)
{
	struct ms_format_args set = { .format = fmt };
	static struct ms_model model;
	static struct model_area want[PAGES];
	struct model_rng rng = { .state = seed };
	__u64 got_addr = 0;
	u64 want_addr = 0;
	int fd = open("/dev/memory_set", O_RDWR), step, got, exp;
	struct model_op op;

	ASSERT_LE(0, fd);
	format = fmt;
	ASSERT_EQ(0, ioc(fd, MS_IOC_SET_FORMAT, &set));
	model_init(&model, UNIT, PAGES);
	for (step = 0; step < STEPS; step++) {
		model_random_op(&model, &rng, &op);
		got = apply(fd, &op, &got_addr, backend);
		exp = model_apply(&model, &op, 2ULL * PAGES * UNIT, &want_addr);
		ASSERT_EQ(exp, got) TH_LOG("seed %llu step %d op %d", seed, step, op.type);
		if (op.type == MODEL_FIND_FREE && !got)
			ASSERT_EQ(want_addr, got_addr) TH_LOG("seed %llu step %d", seed, step);
		ASSERT_TRUE(areas_match(fd, &model, want))
			TH_LOG("areas differ: seed %llu step %d", seed, step);
		if (step % 100 == 99)
			ASSERT_TRUE(pages_match(fd, &model, backend))
				TH_LOG("pages differ: seed %llu step %d", seed, step);
	}
	close(fd);
}

#define LINEAR MS_BACKEND_LINEAR
#define ALLOC MS_BACKEND_ALLOC

TEST(linear_seed_1) { run(_metadata, 1, LINEAR, MS_FORMAT_X86_64_4L); }
TEST(linear_seed_2) { run(_metadata, 0xfeedface, LINEAR, MS_FORMAT_X86_64_4L); }
TEST(alloc_seed_3) { run(_metadata, 3, ALLOC, MS_FORMAT_X86_64_4L); }
TEST(alloc_seed_4) { run(_metadata, 0xc0ffee, ALLOC, MS_FORMAT_X86_64_4L); }
/* The other page-table formats, LINEAR (ALLOC stays lazy: no leaves). */
TEST(linear_x86_64_5l) { run(_metadata, 5, LINEAR, MS_FORMAT_X86_64_5L); }
TEST(linear_ept) { run(_metadata, 6, LINEAR, MS_FORMAT_X86_EPT); }
TEST(linear_sv39) { run(_metadata, 7, LINEAR, MS_FORMAT_RISCV_SV39); }
TEST(linear_sv48) { run(_metadata, 8, LINEAR, MS_FORMAT_RISCV_SV48); }
TEST(linear_sv57) { run(_metadata, 9, LINEAR, MS_FORMAT_RISCV_SV57); }
TEST(linear_arm64) { run(_metadata, 10, LINEAR, MS_FORMAT_ARM64_4K); }

TEST_HARNESS_MAIN
