// SPDX-License-Identifier: GPL-2.0
/*
 * The MMU check's plan, run in a guest with the module loaded: for each
 * format a real MMU can walk under QEMU, build a space from random
 * operations (ALLOC maps, lazy and populated; LINEAR maps of 4 KiB pages
 * and of 2 MiB leaves; unmaps and protects that split them; writes and
 * touches; clones and copies on write), export it at the base the probe
 * machine loads it at, and pick pages to probe. What each access must do
 * comes from what the space says: the area's protection (LIST), whether a
 * leaf is there and, for a frame a clone shares, that it is read-only
 * (QUERY), the data (READ), and the architecture's rule of who may do
 * what (privilege, user pages), never from decoding the module's entries.
 *
 *   ms_mmu_plan OUTDIR SEED PROBES [FORMAT...]
 *
 * writes OUTDIR/FORMAT/image.bin (the export), list.bin (struct mmu_list
 * and the probes, probe.h), mismatch.txt (where the space disagrees with
 * itself: QUERY against the area, the image's LINEAR phys against the
 * area's, TOUCH's verdict against the manuals' rule; each line a failure),
 * ad.txt (replay_touches()) and expect.txt, one line per probe:
 *
 *   INDEX VA PA INIT EXPECT FETCH_PA
 *
 * PA is where the loads and stores land (0: nowhere), INIT the 8 bytes
 * there before the probe runs, EXPECT six result characters (probe.h).
 * scripts/mmu_compare.py checks a probe's report against it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/memory_set.h>

#include "image.h"
#include "probe.h"

#define PAGE		4096ULL
#define SZ_2M		(2ULL << 20)
#define REGION		0x40000000ULL	/* where the areas go */
#define REGION_SIZE	(64ULL << 20)
#define NR_OPS		120
#define MAX_AREAS	4096
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* A machine a probe runs on, and the format it walks. */
struct target {
	const char *name;
	__u32 format;
	int levels;
	__u64 ram;	/* where its RAM starts */
	char arch;	/* x: x86-64, r: RISC-V, a: AArch64 */
};

static const struct target targets[] = {
	{ "x86-64-4l", MS_FORMAT_X86_64_4L, 4, 0, 'x' },
	{ "x86-64-5l", MS_FORMAT_X86_64_5L, 5, 0, 'x' },
	{ "sv39", MS_FORMAT_RISCV_SV39, 3, 0x80000000ULL, 'r' },
	{ "sv48", MS_FORMAT_RISCV_SV48, 4, 0x80000000ULL, 'r' },
	{ "sv57", MS_FORMAT_RISCV_SV57, 5, 0x80000000ULL, 'r' },
	{ "arm64", MS_FORMAT_ARM64_4K, 4, 0x40000000ULL, 'a' },
};

static unsigned long long rng_state;
static unsigned int nr_clones;	/* of the space under way */

static unsigned long long rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static __u64 below(__u64 n)
{
	return n ? rnd() % n : 0;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* A protection: PROT_NONE sometimes, else READ with any of the rest. */
static __u32 random_prot(void)
{
	static const __u32 base[] = { 0, MS_PROT_READ,
				      MS_PROT_READ | MS_PROT_WRITE,
				      MS_PROT_READ | MS_PROT_EXEC,
				      MS_PROT_READ | MS_PROT_WRITE |
					      MS_PROT_EXEC };
	__u32 prot = base[below(5)];

	if (prot && below(2))
		prot |= MS_PROT_USER;
	if (prot && !below(8))
		prot |= MS_PROT_UNCACHED;
	return prot;
}

static void random_map(int fd, const struct target *t)
{
	struct ms_map_args m = { .flags = MS_MAP_REPLACE };
	__u64 window = t->ram + MMU_LINEAR_OFFSET;

	m.prot = random_prot();
	if (below(3)) {
		m.backend = MS_BACKEND_ALLOC;
		m.size = (1 + below(32)) * PAGE;
		m.start = REGION + below(REGION_SIZE / PAGE - 32) * PAGE;
		if (below(2))
			m.flags |= MS_MAP_POPULATE;
	} else if (below(2)) {
		m.backend = MS_BACKEND_LINEAR;
		m.size = (1 + below(32)) * PAGE;
		m.start = REGION + below(REGION_SIZE / PAGE - 32) * PAGE;
		m.phys = window + below(MMU_LINEAR_SIZE / PAGE - 32) * PAGE;
	} else {
		/* 2 MiB leaves: va and phys aligned. */
		m.backend = MS_BACKEND_LINEAR;
		m.flags |= MS_MAP_HUGE;
		m.size = (1 + below(2)) * SZ_2M;
		m.start = REGION + below(REGION_SIZE / SZ_2M - 2) * SZ_2M;
		m.phys = window + below(MMU_LINEAR_SIZE / SZ_2M - 2) * SZ_2M;
	}
	ioctl(fd, MS_IOC_MAP, &m); /* a refusal is a space's answer too */
}

static void random_range(int fd, unsigned long cmd)
{
	struct ms_range_args r = {
		.start = REGION + below(REGION_SIZE / PAGE - 64) * PAGE,
		.size = (1 + below(64)) * PAGE,
		.prot = random_prot(),
	};

	ioctl(fd, cmd, &r);
}

static void random_write(int fd)
{
	static unsigned char buf[3 * PAGE];
	struct ms_rw_args rw = {
		.vaddr = REGION + below(REGION_SIZE - sizeof(buf)),
		.buf = (unsigned long)buf,
		.len = 1 + below(sizeof(buf)),
	};
	unsigned int i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = rnd();
	ioctl(fd, MS_IOC_WRITE, &rw);
}

static void random_touch(int fd)
{
	static const __u32 kinds[] = { MS_PROT_READ, MS_PROT_WRITE,
				       MS_PROT_EXEC };
	struct ms_touch_args t = {
		.vaddr = REGION + below(REGION_SIZE),
		.access = kinds[below(3)] | (below(2) ? MS_PROT_USER : 0),
	};

	ioctl(fd, MS_IOC_TOUCH, &t);
}

/* Random operations on a new space; returns the space to export. */
static int build_space(const struct target *t)
{
	struct ms_format_args f = { .format = t->format };
	int fd = open("/dev/memory_set", O_RDWR), clone, i;

	if (fd < 0)
		die("/dev/memory_set");
	if (ioctl(fd, MS_IOC_SET_FORMAT, &f))
		die("MS_IOC_SET_FORMAT");
	for (i = 0; i < NR_OPS; i++) {
		switch (below(10)) {
		case 0: case 1: case 2:
			random_map(fd, t);
			break;
		case 3:
			random_range(fd, MS_IOC_UNMAP);
			break;
		case 4: case 5:
			random_range(fd, MS_IOC_PROTECT);
			break;
		case 6: case 7:
			random_write(fd);
			break;
		case 8:
			random_touch(fd);
			break;
		default:
			/* A clone: go on in either; both share frames. */
			clone = ioctl(fd, MS_IOC_CLONE);
			if (clone < 0)
				die("MS_IOC_CLONE");
			nr_clones++;
			if (below(2)) {
				close(fd);
				fd = clone;
			} else {
				close(clone);
			}
		}
	}
	return fd;
}

static struct ms_area_info areas[MAX_AREAS];
static unsigned int list_areas(int fd);

/* Pages the plan itself accessed successfully: their A (AF) is set. */
#define REGION_PAGES	(REGION_SIZE / PAGE)
static unsigned char touched[REGION_PAGES / 8];

static void mark_touched(__u64 va)
{
	__u64 page = (va - REGION) / PAGE;

	if (va >= REGION && page < REGION_PAGES)
		touched[page / 8] |= 1 << (page % 8);
}

static int was_touched(__u64 va)
{
	__u64 page = (va - REGION) / PAGE;

	return va >= REGION && page < REGION_PAGES &&
	       (touched[page / 8] >> (page % 8) & 1);
}

/* What the plan writes into a page: each word its own address, tagged. */
#define DATA_WORD(va)	((va) ^ 0x6461746100000000ULL)

/*
 * Give most pages of every area what a run would: half are written with
 * DATA_WORD() of each word (faulting lazy pages in; a LINEAR page or a
 * refused write is touched instead), a quarter touched by a supervisor
 * read, the rest left alone. Loads then read data that tells frames
 * apart, and on AArch64 a leaf accessed has AF set.
 */
static void prepare_pages(int fd, const struct ms_area_info *a, unsigned int n)
{
	static __u64 words[PAGE / 8];
	struct ms_touch_args t = { .access = MS_PROT_READ };
	struct ms_rw_args w = { .buf = (unsigned long)words, .len = PAGE };
	__u64 off, va, k, r;
	unsigned int i;

	for (i = 0; i < n; i++)
		for (off = 0; off < a[i].size && off < 512 * PAGE; off += PAGE) {
			va = a[i].start + off;
			r = below(4);
			if (r >= 2) {
				for (k = 0; k < PAGE / 8; k++)
					words[k] = DATA_WORD(va + 8 * k);
				w.vaddr = va;
				if (!ioctl(fd, MS_IOC_WRITE, &w) &&
				    w.result == MS_TOUCH_OK) {
					mark_touched(va);
					continue;
				}
			}
			if (r) {
				t.vaddr = va;
				if (!ioctl(fd, MS_IOC_TOUCH, &t) &&
				    t.result == MS_TOUCH_OK)
					mark_touched(va);
			}
		}
}

static void *export_image(int fd, __u64 base, __u64 *size)
{
	struct ms_export_args a = { .base = base };
	void *buf;

	if (!ioctl(fd, MS_IOC_EXPORT, &a) || errno != ENOSPC)
		die("MS_IOC_EXPORT (size)");
	buf = malloc(a.size);
	if (!buf)
		die("malloc");
	a.buf = (unsigned long)buf;
	a.len = a.size;
	if (ioctl(fd, MS_IOC_EXPORT, &a))
		die("MS_IOC_EXPORT");
	*size = a.size;
	return buf;
}

/*
 * The self-test's planted encoding bug (MMU_PLANT=riscv-x): every RISC-V
 * leaf loses X, as a prot_bits() that forgot it would make them. The
 * tables are the image's first STATS.pt_pages pages.
 */
static void plant_bug(int fd, const struct target *t, __u64 *words)
{
	const char *plant = getenv("MMU_PLANT");
	struct ms_stats st;
	__u64 i;

	if (!plant || strcmp(plant, "riscv-x") || t->arch != 'r')
		return;
	if (ioctl(fd, MS_IOC_STATS, &st))
		die("MS_IOC_STATS");
	for (i = 0; i < st.pt_pages * 512; i++)
		if ((words[i] & 1) && (words[i] & 0xa))
			words[i] &= ~8ULL; /* a valid leaf (R or X): no X */
}

static unsigned int list_areas(int fd)
{
	struct ms_list_args l = {
		.areas = (unsigned long)areas,
		.capacity = MAX_AREAS,
	};

	if (ioctl(fd, MS_IOC_LIST, &l))
		die("MS_IOC_LIST");
	return l.count;
}

static const struct ms_area_info *area_of(unsigned int n, __u64 va)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (va >= areas[i].start && va - areas[i].start < areas[i].size)
			return &areas[i];
	return NULL;
}

/*
 * Who may do what to a present page of protection @p, by the manuals:
 * load, store, fetch, each as supervisor then user. x86-64 (CR0.WP set,
 * no SMEP or SMAP): the supervisor may do all the page allows, the user
 * only on user pages. RISC-V (sstatus.SUM set): likewise for loads and
 * stores, but a supervisor fetch from a user page faults. AArch64 (no
 * PAN; LDTR/STTR for the user): the same as RISC-V, user pages being PXN.
 */
static void expect_present(const struct target *t, __u32 p, char *e)
{
	int r = p & MS_PROT_READ, w = p & MS_PROT_WRITE;
	int x = p & MS_PROT_EXEC, u = p & MS_PROT_USER;

	e[0] = r ? 'o' : 'p';
	e[1] = r && u ? 'o' : 'p';
	e[2] = w ? 'o' : 'p';
	e[3] = w && u ? 'o' : 'p';
	e[4] = x && (t->arch == 'x' || !u) ? 'o' : 'p';
	e[5] = x && u ? 'o' : 'p';
}

static __u64 read_word(int fd, __u64 va)
{
	__u64 word = 0;
	struct ms_rw_args rw = {
		.vaddr = va, .buf = (unsigned long)&word, .len = 8,
	};

	if (ioctl(fd, MS_IOC_READ, &rw) || rw.result != MS_TOUCH_OK)
		return 0;
	return word;
}

/* Whether the probe machine may write at @pa: the image or the window. */
static int machine_ram(const struct target *t, __u64 base, __u64 size,
		       __u64 pa)
{
	__u64 window = t->ram + MMU_LINEAR_OFFSET;

	return (pa >= base && pa < base + size) ||
	       (pa >= window && pa < window + MMU_LINEAR_SIZE);
}

struct plan {
	FILE *mismatch;		/* what the space says against itself */
	const struct target *t;
	struct image im;
	unsigned int nr_areas;
	FILE *expect;
	struct mmu_probe *probes;
};

/* The physical address the image maps @va to, or 0. */
static __u64 image_pa(const struct plan *pl, __u64 va)
{
	int level;
	__u64 leaf = image_walk(&pl->im, va, &level);

	if (!leaf || leaf == ~0ULL)
		return 0;
	return entry_addr(pl->im.format, leaf) +
	       (va & ((1ULL << (12 + 9 * level)) - 1));
}

/* What a probe expects, until its data is read. */
struct expect {
	__u64 pa;
	char e[7];
	int alloc;
	int leaf;	/* a leaf the MMU sees, whose verdicts TOUCH replays */
	int cow;	/* its store faults because a clone shares the frame */
};

/* A disagreement within the space itself: one failure in mismatch.txt. */
static void mismatch(struct plan *pl, unsigned int index, const char *fmt,
		     ...)
{
	va_list ap;

	fprintf(pl->mismatch, "probe %u %#llx: ", index,
		(unsigned long long)pl->probes[index].va);
	va_start(ap, fmt);
	vfprintf(pl->mismatch, fmt, ap);
	va_end(ap);
	fputc('\n', pl->mismatch);
}

/* The Accessed and Dirty bits of the formats whose MMU sets them. */
static __u64 ad_bits(const struct target *t, int dirty)
{
	if (t->arch == 'x')
		return dirty ? 1ULL << 6 : 1ULL << 5;
	if (t->arch == 'r')
		return dirty ? 1ULL << 7 : 1ULL << 6;
	return 0;
}

/* A probe: where, and what the space says its accesses must do. */
static void plan_probe(struct plan *pl, int fd, unsigned int index,
		       struct expect *x)
{
	const struct ms_area_info *a;
	struct ms_query_args q = { 0 };
	struct mmu_probe *p = &pl->probes[index];
	__u64 page;
	__u32 prot;

	if (pl->nr_areas && below(5)) {
		a = &areas[below(pl->nr_areas)];
		page = a->start + below(a->size / PAGE) * PAGE;
	} else {
		page = REGION + below(REGION_SIZE / PAGE) * PAGE;
	}
	p->va = page + below(256) * 8;
	p->fetch_va = page + 2048 + below(256) * 8;
	a = area_of(pl->nr_areas, page);
	q.vaddr = page;
	strcpy(x->e, "pppppp");
	x->alloc = a && a->backend == MS_BACKEND_ALLOC;
	x->pa = image_pa(pl, p->va);
	if (a && ioctl(fd, MS_IOC_QUERY, &q))
		q.prot = 0;
	/* A LINEAR area maps all of its pages, where its phys says. */
	if (a && !x->alloc && a->prot && !q.prot)
		mismatch(pl, index, "no leaf in a LINEAR area");
	if (a && !x->alloc && q.prot &&
	    x->pa != a->phys + (p->va - a->start))
		mismatch(pl, index, "the image maps phys %#llx, the area %#llx",
			 (unsigned long long)x->pa,
			 (unsigned long long)(a->phys + (p->va - a->start)));
	/* A leaf there (QUERY), in an area that allows something. */
	if (a && a->prot && q.prot) {
		prot = a->prot;
		/* A frame a clone shares stays read-only until written. */
		if (x->alloc && nr_clones && !(q.prot & MS_PROT_WRITE) &&
		    (prot & MS_PROT_WRITE)) {
			prot &= ~MS_PROT_WRITE;
			x->cow = 1;
		}
		if (q.prot != prot)
			mismatch(pl, index, "QUERY's prot %#x, the area's %#x",
				 q.prot, a->prot);
		expect_present(pl->t, prot, x->e);
		x->leaf = 1;
		/* AArch64: a leaf never accessed has AF clear, and faults. */
		if (pl->t->arch == 'a' && !(q.entry & (1ULL << 10))) {
			if (was_touched(page))
				mismatch(pl, index, "accessed, but AF is clear");
			memset(x->e, 'a', 6);
			x->leaf = 0;
		}
	}
	if (ad_bits(pl->t, 0)) {
		int level;
		__u64 at = image_leaf_at(&pl->im, p->va, &level);

		p->entry_pa = at == ~0ULL ? 0 : at;
	}
	if (x->pa && machine_ram(pl->t, pl->im.base, pl->im.size, x->pa))
		p->fetch_pa = image_pa(pl, p->fetch_va);
	else
		x->pa = 0;
	p->data_pa = x->pa;
}

/*
 * Every probe's line. The data is read last: a READ sets the Accessed
 * bits the plan of a later probe must see as the image has them.
 */
static void write_expect(struct plan *pl, int fd, unsigned int nr,
			 const struct expect *xs)
{
	const struct mmu_probe *p;
	__u64 init;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		p = &pl->probes[i];
		init = 0;
		if (xs[i].pa)
			init = xs[i].alloc ? read_word(fd, p->va) :
					     MMU_WINDOW_WORD(xs[i].pa);
		fprintf(pl->expect, "%u %#llx %#llx %#llx %s %#llx\n", i,
			(unsigned long long)p->va, (unsigned long long)xs[i].pa,
			(unsigned long long)init, xs[i].e,
			(unsigned long long)p->fetch_pa);
	}
}

/*
 * The same accesses, in the same order, made by MS_IOC_TOUCH on every
 * leaf the MMU saw: the module's verdict must be the MMU's (done, or
 * ACCERR), a store to a frame a clone shares aside (the module copies it
 * there, the MMU faults). Then, where the MMU sets them (x86-64, RISC-V),
 * each reported leaf's Accessed and Dirty bits as the module set them
 * (QUERY), in ad.txt: "INDEX AD", a letter where the bit is set, '-'
 * where it is clear.
 */
static void replay_touches(struct plan *pl, int fd, unsigned int nr,
			   const struct expect *xs, const char *dir)
{
	static const __u32 kinds[6] = {
		MS_PROT_READ, MS_PROT_READ | MS_PROT_USER,
		MS_PROT_WRITE, MS_PROT_WRITE | MS_PROT_USER,
		MS_PROT_EXEC, MS_PROT_EXEC | MS_PROT_USER,
	};
	struct ms_touch_args t;
	struct ms_query_args q;
	char path[600];
	unsigned int i, k;
	bool done;
	FILE *f;

	for (i = 0; i < nr; i++)
		for (k = 0; k < 6 && xs[i].leaf; k++) {
			if (xs[i].cow && (k == 2 || k == 3))
				continue;
			t = (struct ms_touch_args){
				.vaddr = k < 4 ? pl->probes[i].va :
						 pl->probes[i].fetch_va,
				.access = kinds[k],
			};
			if (ioctl(fd, MS_IOC_TOUCH, &t))
				die("MS_IOC_TOUCH");
			done = t.result == MS_TOUCH_OK;
			if (done != (xs[i].e[k] == 'o') ||
			    (!done && t.result != MS_TOUCH_ACCERR))
				mismatch(pl, i, "TOUCH %#x says %u, the MMU '%c'",
					 kinds[k], t.result, xs[i].e[k]);
		}
	if (!ad_bits(pl->t, 0))
		return;
	snprintf(path, sizeof(path), "%s/ad.txt", dir);
	f = fopen(path, "w");
	if (!f)
		die(path);
	for (i = 0; i < nr; i++) {
		if (!pl->probes[i].entry_pa)
			continue;
		q = (struct ms_query_args){ .vaddr = pl->probes[i].va };
		if (ioctl(fd, MS_IOC_QUERY, &q))
			q.entry = 0;
		fprintf(f, "%u %c%c\n", i,
			q.entry & ad_bits(pl->t, 0) ? 'A' : '-',
			q.entry & ad_bits(pl->t, 1) ? 'D' : '-');
	}
	if (fclose(f))
		die(path);
}

static void write_file(const char *dir, const char *name, const void *buf,
		       size_t size)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fwrite(buf, 1, size, f) != size || fclose(f))
		die(path);
}

static int plan_target(const struct target *t, const char *out,
		       unsigned int nr_probes)
{
	struct mmu_list *list;
	struct expect *xs;
	struct plan pl = { .t = t };
	__u64 base = t->ram + MMU_IMAGE_OFFSET;
	size_t list_size;
	char dir[512], path[600];
	unsigned int i;
	int fd;

	nr_clones = 0;
	memset(touched, 0, sizeof(touched));
	fd = build_space(t);
	prepare_pages(fd, areas, list_areas(fd));
	pl.im.words = export_image(fd, base, &pl.im.size);
	plant_bug(fd, t, (__u64 *)pl.im.words);
	pl.im.format = t->format;
	pl.im.levels = t->levels;
	pl.im.base = base;
	if (pl.im.size > MMU_LINEAR_OFFSET - MMU_IMAGE_OFFSET) {
		fprintf(stderr, "%s: image of %llu bytes too large\n", t->name,
			(unsigned long long)pl.im.size);
		return 1;
	}
	pl.nr_areas = list_areas(fd);
	snprintf(dir, sizeof(dir), "%s/%s", out, t->name);
	mkdir(out, 0755);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/mismatch.txt", dir);
	pl.mismatch = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/expect.txt", dir);
	pl.expect = fopen(path, "w");
	list_size = sizeof(*list) + nr_probes * sizeof(struct mmu_probe);
	list = calloc(1, list_size);
	if (!pl.expect || !pl.mismatch || !list)
		die(path);
	*list = (struct mmu_list){ .magic = MMU_LIST_MAGIC, .count = nr_probes,
				   .root = base, .levels = t->levels,
				   .ram = t->ram };
	pl.probes = (struct mmu_probe *)(list + 1);
	/* The image first: READ sets Accessed bits, the image has none of it. */
	write_file(dir, "image.bin", pl.im.words, pl.im.size);
	xs = calloc(nr_probes, sizeof(*xs));
	if (!xs)
		die("calloc");
	for (i = 0; i < nr_probes; i++)
		plan_probe(&pl, fd, i, &xs[i]);
	write_expect(&pl, fd, nr_probes, xs);
	replay_touches(&pl, fd, nr_probes, xs, dir);
	write_file(dir, "list.bin", list, list_size);
	if (fclose(pl.expect) || fclose(pl.mismatch))
		die(path);
	printf("%s: %u areas, image %llu KiB, %u probes\n", t->name,
	       pl.nr_areas, (unsigned long long)pl.im.size >> 10, nr_probes);
	close(fd);
	free(list);
	free(xs);
	free((void *)pl.im.words);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int nr_probes, i;
	int j, bad = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: %s OUTDIR SEED PROBES [FORMAT...]\n",
			argv[0]);
		return 2;
	}
	nr_probes = strtoul(argv[3], NULL, 0);
	if (nr_probes > MMU_MAX_PROBES)
		nr_probes = MMU_MAX_PROBES;
	for (i = 0; i < ARRAY_SIZE(targets); i++) {
		for (j = 4; j < argc; j++)
			if (!strcmp(argv[j], targets[i].name))
				break;
		if (argc > 4 && j == argc)
			continue;
		rng_state = strtoull(argv[2], NULL, 0) * 2654435761ULL + i + 1;
		bad += plan_target(&targets[i], argv[1], nr_probes);
	}
	return bad ? 1 : 0;
}
