// SPDX-License-Identifier: GPL-2.0
/*
 * ms_test_cow_race (from an attack by a reviewer): a parent space and its
 * clones driven at once from threads on different CPUs, as uid 65534:
 * writes that copy shared frames (or take them back), reads, PROTECT round
 * trips, UNMAP and REPLACE of single pages, clones of clones and closes in
 * any order while the other spaces copy the frames they share. Each space
 * is driven by one thread, which keeps a shadow of what its space must
 * hold and checks it; at the end every page must be given back (pages_held
 * 0). Run in the guest and, for use-after-free and leaks, in the UML debug
 * kernel (KASAN, kmemleak).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "util.h"

#define BASE		0x10000000ULL
#define NPAGES		64
#define ROUNDS		40
#define OPS		400

struct worker {
	int fd;
	unsigned int seed;
	__u64 shadow[NPAGES]; /* the tag at the start of each page, 0: none */
	int err;
	int spawn; /* may clone and close clones of its own */
};

static int rw(int fd, unsigned long cmd, __u64 va, void *buf, __u64 len)
{
	struct ms_rw_args a = { .vaddr = va, .buf = (uintptr_t)buf, .len = len };

	if (ioctl(fd, cmd, &a))
		return -errno;
	return a.result == MS_TOUCH_OK && a.done == len ? 0 : 1000 + a.result;
}

static int check_all(struct worker *w)
{
	__u64 tag;
	int i, err;

	for (i = 0; i < NPAGES; i++) {
		tag = ~0ULL;
		err = rw(w->fd, MS_IOC_READ, BASE + i * K, &tag, sizeof(tag));
		if (err)
			return 100 + i;
		if (tag != w->shadow[i])
			return 200 + i;
	}
	return 0;
}

static int one_op(struct worker *w, int op, int page, __u64 tag)
{
	__u64 va = BASE + page * K, got;
	struct ms_touch_args t = { .vaddr = va, .access = MS_PROT_WRITE };
	int child, err;

	switch (op) {
	case 0: case 1: case 2: /* a write: copies or takes back */
		if (rw(w->fd, MS_IOC_WRITE, va, &tag, sizeof(tag)))
			return 1;
		w->shadow[page] = tag;
		return 0;
	case 3: case 4: /* a read */
		got = ~0ULL;
		if (rw(w->fd, MS_IOC_READ, va, &got, sizeof(got)))
			return 2;
		return got == w->shadow[page] ? 0 : 3;
	case 5: /* read-only and back */
		if (protect(w->fd, va, K, R) || protect(w->fd, va, K, RW))
			return 4;
		return 0;
	case 6: /* the page replaced by a new lazy one */
		if (map(w->fd, va, K, 0, RW, ALLOC, MS_MAP_REPLACE))
			return 5;
		w->shadow[page] = 0;
		return 0;
	case 7: /* unmapped and mapped again, populated */
		if (unmap(w->fd, va, K) ||
		    map(w->fd, va, K, 0, RW, ALLOC, MS_MAP_POPULATE))
			return 6;
		w->shadow[page] = 0;
		return 0;
	case 8: /* a write fault through TOUCH */
		if (ioctl(w->fd, MS_IOC_TOUCH, &t) || t.result)
			return 7;
		return 0;
	case 9: /* a clone of our own, written to, closed at once */
		if (!w->spawn)
			return 0;
		child = ioctl(w->fd, MS_IOC_CLONE);
		if (child < 0)
			return 8;
		err = rw(child, MS_IOC_WRITE, va, &tag, sizeof(tag));
		got = 0;
		err |= rw(w->fd, MS_IOC_READ, va, &got, sizeof(got));
		close(child);
		return err || got != w->shadow[page] ? 9 : 0;
	}
	return 0;
}

static void *drive(void *arg)
{
	struct worker *w = arg;
	int i, err;

	for (i = 0; i < OPS && !w->err; i++) {
		int r = rand_r(&w->seed);

		err = one_op(w, r % 10, (r >> 8) % NPAGES,
			     ((__u64)w->fd << 32) | (__u64)rand_r(&w->seed) | 1);
		if (err)
			w->err = err * 1000 + i;
	}
	if (!w->err)
		w->err = check_all(w);
	return NULL;
}

/* A third space, a clone closed while the others copy what it shares. */
static void *close_later(void *arg)
{
	int fd = (int)(long)arg;

	usleep(rand() % 2000);
	close(fd);
	return NULL;
}

static int nobody(void)
{
	struct worker a = { .seed = 1, .spawn = 1 }, b = { .seed = 2 };
	pthread_t ta, tb, tc;
	__u64 tag;
	int round, i, extra;

	a.fd = open(DEV, O_RDWR);
	if (a.fd < 0 || map(a.fd, BASE, NPAGES * K, 0, RW, ALLOC, 0))
		return 1;
	for (i = 0; i < NPAGES; i += 2) {
		tag = 0x1000 + i;
		if (rw(a.fd, MS_IOC_WRITE, BASE + i * K, &tag, sizeof(tag)))
			return 2;
		a.shadow[i] = tag;
	}
	for (round = 0; round < ROUNDS; round++) {
		b.fd = ioctl(a.fd, MS_IOC_CLONE);
		extra = ioctl(a.fd, MS_IOC_CLONE);
		if (b.fd < 0 || extra < 0)
			return 3;
		memcpy(b.shadow, a.shadow, sizeof(a.shadow));
		b.spawn = round & 1;
		a.err = 0;
		b.err = 0;
		pthread_create(&ta, NULL, drive, &a);
		pthread_create(&tb, NULL, drive, &b);
		pthread_create(&tc, NULL, close_later, (void *)(long)extra);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_join(tc, NULL);
		if (a.err || b.err) {
			printf("# round %d: parent err %d, clone err %d\n", round,
			       a.err, b.err);
			return 4;
		}
		/* Either may go first; the survivor is the next parent. */
		if (round % 3 == 0) {
			close(b.fd);
		} else {
			close(a.fd);
			a.fd = b.fd;
			memcpy(a.shadow, b.shadow, sizeof(a.shadow));
		}
		if (check_all(&a))
			return 5;
	}
	close(a.fd);
	return 0;
}

/*
 * Many clones of one space, one thread each, all writing the same shared
 * frames at once (the reference counts of struct page are the only thing
 * they share), closing and re-cloning as they go.
 */
#define NCLONES 8

struct herd {
	int fd;
	int idx;
	int err;
};

static int herd_parent;

static void *herd_drive(void *arg)
{
	struct herd *h = arg;
	__u64 tag, got;
	int round, i;

	for (round = 0; round < 20 && !h->err; round++) {
		for (i = 0; i < NPAGES; i++) {
			tag = ((__u64)h->idx << 48) | ((__u64)round << 16) | i;
			if (rw(h->fd, MS_IOC_WRITE, BASE + i * K, &tag,
			       sizeof(tag)))
				h->err = h->err ?: 1;
		}
		for (i = 0; i < NPAGES; i++) {
			tag = ((__u64)h->idx << 48) | ((__u64)round << 16) | i;
			got = 0;
			if (rw(h->fd, MS_IOC_READ, BASE + i * K, &got,
			       sizeof(got)) || got != tag)
				h->err = h->err ?: 2;
		}
		/* A new clone of the parent, the old one closed. */
		close(h->fd);
		h->fd = ioctl(herd_parent, MS_IOC_CLONE);
		if (h->fd < 0)
			h->err = 3;
	}
	close(h->fd);
	return NULL;
}

static int herd(void)
{
	struct herd h[NCLONES];
	pthread_t t[NCLONES];
	__u64 tag;
	int i;

	herd_parent = open(DEV, O_RDWR);
	if (herd_parent < 0 ||
	    map(herd_parent, BASE, NPAGES * K, 0, RW, ALLOC, MS_MAP_POPULATE))
		return 1;
	for (i = 0; i < NCLONES; i++) {
		h[i] = (struct herd){ .fd = ioctl(herd_parent, MS_IOC_CLONE),
				      .idx = i + 1 };
		if (h[i].fd < 0)
			return 2;
	}
	for (i = 0; i < NCLONES; i++)
		pthread_create(&t[i], NULL, herd_drive, &h[i]);
	/*
	 * The parent drops half its frames (a replace by lazy pages) and
	 * copies the other half while the clones copy them too.
	 */
	usleep(1000);
	if (map(herd_parent, BASE, NPAGES * K / 2, 0, RW, ALLOC,
		MS_MAP_REPLACE))
		return 3;
	for (i = NPAGES / 2; i < NPAGES; i++) {
		tag = 0xfeed0000 + i;
		if (rw(herd_parent, MS_IOC_WRITE, BASE + i * K, &tag,
		       sizeof(tag)))
			return 4;
	}
	for (i = 0; i < NCLONES; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < NCLONES; i++)
		if (h[i].err)
			return 10 + h[i].err;
	for (i = 0; i < NPAGES; i++) {
		tag = 1;
		if (rw(herd_parent, MS_IOC_READ, BASE + i * K, &tag,
		       sizeof(tag)) ||
		    tag != (i < NPAGES / 2 ? 0 : 0xfeed0000 + i))
			return 5;
	}
	close(herd_parent);
	return 0;
}

FIXTURE(race) {};
FIXTURE_SETUP(race) {}
FIXTURE_TEARDOWN(race) {}

TEST_F_TIMEOUT(race, parent_and_clones_on_two_cpus, 600)
{
	EXPECT_EQ(0, as_nobody(nobody));
	EXPECT_EQ(0, read_long(PAGES_HELD));
}

TEST_F_TIMEOUT(race, many_clones_copy_the_same_frames, 600)
{
	EXPECT_EQ(0, as_nobody(herd));
	EXPECT_EQ(0, read_long(PAGES_HELD));
}

TEST_HARNESS_MAIN
