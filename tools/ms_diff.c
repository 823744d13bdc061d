// SPDX-License-Identifier: GPL-2.0
/*
 * ms_diff: the differential test through the ioctls. Seeded random
 * operations go to /dev/memory_set and to the reference model
 * (kunit/model.c); after each one the errno, the LIST of areas and, every
 * few steps, the QUERY of every page must agree: in the default
 * page-table format with both backends, in every other format with
 * LINEAR. The data runs take two spaces that write (MS_IOC_WRITE), clone
 * each other (MS_IOC_CLONE) and are read back (MS_IOC_READ) against the
 * model of their data (kunit/model_data.c). A failure prints its seed.
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

/* Data runs: two spaces, fd[0] and fd[1], and their models. */
struct data_run {
	int fd[2];
	struct ms_model model[2];
	unsigned char buf[UNIT], want[UNIT];
};

static int data_write(struct data_run *d, const struct model_op *op,
		      struct ms_rw_args *a)
{
	static unsigned char buf[8 * UNIT];
	__u64 off;

	for (off = 0; off < op->size; off += UNIT)
		model_fill_page(buf + off, UNIT, op->start + off, op->stamp);
	*a = (struct ms_rw_args){ .vaddr = op->start, .buf = (uintptr_t)buf,
				  .len = op->size };
	return ioc(d->fd[op->side], MS_IOC_WRITE, a);
}

/* Make fd[!side] a clone of fd[side], as fork and exit would. */
static int data_clone(struct data_run *d, unsigned int side)
{
	int child = ioctl(d->fd[side], MS_IOC_CLONE);

	if (child < 0)
		return -errno;
	close(d->fd[!side]);
	d->fd[!side] = child;
	d->model[!side] = d->model[side];
	return 0;
}

/* Every page of a space holds what its model says, or is unmapped. */
static int data_match(struct data_run *d, unsigned int side)
{
	struct ms_rw_args a;
	unsigned int p;
	u64 stamp;
	int mapped;

	for (p = 0; p < PAGES; p++) {
		mapped = model_page_stamp(&d->model[side], p * UNIT, &stamp);
		a = (struct ms_rw_args){ .vaddr = p * UNIT,
					 .buf = (uintptr_t)d->buf, .len = UNIT };
		if (ioc(d->fd[side], MS_IOC_READ, &a) ||
		    a.result != (mapped ? MS_TOUCH_OK : MS_TOUCH_MAPERR))
			return 0;
		if (!mapped)
			continue;
		model_fill_page(d->want, UNIT, p * UNIT, stamp);
		if (memcmp(d->buf, d->want, UNIT))
			return 0;
	}
	return 1;
}

static void data_step(struct __test_metadata *_metadata, struct data_run *d,
		      const struct model_op *op, __u64 seed, int step)
{
	struct ms_model *m = &d->model[op->side];
	enum model_access want;
	struct ms_rw_args a;
	__u64 addr;
	u64 done;

	switch (op->type) {
	case MODEL_CLONE:
		ASSERT_EQ(0, data_clone(d, op->side));
		return;
	case MODEL_WRITE:
		ASSERT_EQ(0, data_write(d, op, &a));
		want = model_write(m, op->start, op->size, op->stamp, &done);
		ASSERT_EQ(done, a.done) TH_LOG("seed %llu step %d", seed, step);
		ASSERT_EQ((int)want, (int)a.result)
			TH_LOG("seed %llu step %d", seed, step);
		return;
	case MODEL_FIND_FREE:
		return;
	default:
		ASSERT_EQ(model_apply(m, op, 0, &done),
			  apply(d->fd[op->side], op, &addr, MS_BACKEND_ALLOC))
			TH_LOG("seed %llu step %d op %d", seed, step, op->type);
	}
}

static void run_data(struct __test_metadata *_metadata, __u64 seed)
{
	static struct model_area want[PAGES];
	static struct data_run d;
	struct model_rng rng = { .state = seed };
	struct model_op op;
	int step, side;

	for (side = 0; side < 2; side++) {
		d.fd[side] = open("/dev/memory_set", O_RDWR);
		ASSERT_LE(0, d.fd[side]);
		model_init(&d.model[side], UNIT, PAGES);
	}
	for (step = 0; step < STEPS; step++) {
		model_random_data_op(&d.model[0], &rng, &op);
		data_step(_metadata, &d, &op, seed, step);
		for (side = 0; side < 2; side++)
			ASSERT_TRUE(areas_match(d.fd[side], &d.model[side], want))
				TH_LOG("areas differ: seed %llu step %d", seed, step);
		if (step % 50 == 49 || step == STEPS - 1)
			for (side = 0; side < 2; side++)
				ASSERT_TRUE(data_match(&d, side))
					TH_LOG("data differ: space %d, seed %llu step %d",
					       side, seed, step);
	}
	close(d.fd[0]);
	close(d.fd[1]);
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
TEST(data_and_clones_seed_5) { run_data(_metadata, 5); }
TEST(data_and_clones_seed_6) { run_data(_metadata, 0xda7acafe); }

TEST_HARNESS_MAIN
