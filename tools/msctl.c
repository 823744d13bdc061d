// SPDX-License-Identifier: GPL-2.0
/*
 * msctl: drive one /dev/memory_set address space from the command line.
 *
 *   msctl map 0x400000 16K rw --alloc       one command, one fresh space
 *   msctl -f script.ms                      every line of a script, one space
 *   msctl -                                 commands from standard input
 *
 * Commands:
 *   map ADDR SIZE PROT [--alloc | --linear PHYS] [--populate] [--huge] [--replace]
 *   unmap ADDR SIZE          protect ADDR SIZE PROT      clear
 *   touch ADDR r|w|x[u]      query ADDR                  find SIZE [ALIGN] [HINT]
 *   list                     stats                       echo TEXT
 *   format NAME              the page-table format of the (empty) space:
 *                            x86-64-4l x86-64-5l ept sv39 sv48 sv57 arm64
 *   batch ... end            the map/unmap/protect lines between them go
 *                            to the kernel as one MS_IOC_BATCH call
 *   cat PATTERN              print files, e.g. this space's debugfs files:
 *                            cat /sys/kernel/debug/memory_set/\*\/maps
 * PROT is "none" or letters from r w x u (user) c (uncached); sizes take
 * K, M, G suffixes. A '#' starts a comment.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/memory_set.h>

#include "ms_formats.h"

#define MAX_ARGS 12
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int fd = -1;
static const struct ms_format_desc *cur_fmt = &ms_formats[0];

static int parse_u64(const char *s, __u64 *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (*end) {
		const char *units = "KMG", *unit = strchr(units, *end & ~0x20);

		if (!unit || end[1])
			return -1;
		v <<= 10 * (unit - units + 1);
	}
	*out = v;
	return 0;
}

static int parse_prot(const char *s, __u32 *prot)
{
	*prot = 0;
	if (!strcmp(s, "none"))
		return 0;
	for (; *s; s++) {
		const char *letters = "rwxuc", *at = strchr(letters, *s);

		if (!at)
			return -1;
		*prot |= 1U << (at - letters);	/* MS_PROT_READ is bit 0, ... */
	}
	return 0;
}

static const char *prot_str(__u32 prot, char *buf)
{
	snprintf(buf, 8, "%c%c%c%c%c", prot & MS_PROT_READ ? 'r' : '-',
		 prot & MS_PROT_WRITE ? 'w' : '-', prot & MS_PROT_EXEC ? 'x' : '-',
		 prot & MS_PROT_USER ? 'u' : '-', prot & MS_PROT_UNCACHED ? 'c' : '-');
	return buf;
}

static const char *size_str(__u64 size, char *buf)
{
	if (size >= (1ULL << 30) && !(size & ((1ULL << 30) - 1)))
		sprintf(buf, "%lluG", (unsigned long long)(size >> 30));
	else if (size >= (1ULL << 20) && !(size & ((1ULL << 20) - 1)))
		sprintf(buf, "%lluM", (unsigned long long)(size >> 20));
	else
		sprintf(buf, "%lluK", (unsigned long long)(size >> 10));
	return buf;
}

static int fail(const char *what)
{
	fprintf(stderr, "msctl: %s: %s\n", what, strerror(errno));
	return 1;
}

static int usage(const char *msg)
{
	fprintf(stderr, "msctl: %s (see the top of msctl.c for the syntax)\n", msg);
	return 2;
}

static int parse_map(int argc, char **argv, struct ms_map_args *a)
{
	int i;

	*a = (struct ms_map_args){ .backend = MS_BACKEND_ALLOC };
	if (argc < 4 || parse_u64(argv[1], &a->start) ||
	    parse_u64(argv[2], &a->size) || parse_prot(argv[3], &a->prot))
		return usage("map ADDR SIZE PROT [options]");
	for (i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "--alloc")) {
			a->backend = MS_BACKEND_ALLOC;
		} else if (!strcmp(argv[i], "--linear") && i + 1 < argc) {
			a->backend = MS_BACKEND_LINEAR;
			if (parse_u64(argv[++i], &a->phys))
				return usage("bad PHYS");
		} else if (!strcmp(argv[i], "--populate")) {
			a->flags |= MS_MAP_POPULATE;
		} else if (!strcmp(argv[i], "--huge")) {
			a->flags |= MS_MAP_HUGE;
		} else if (!strcmp(argv[i], "--replace")) {
			a->flags |= MS_MAP_REPLACE;
		} else {
			return usage("unknown map option");
		}
	}
	return 0;
}

static int parse_range(int argc, char **argv, int protect,
		       struct ms_range_args *a)
{
	*a = (struct ms_range_args){ 0 };
	if (argc != 3 + protect || parse_u64(argv[1], &a->start) ||
	    parse_u64(argv[2], &a->size) ||
	    (protect && parse_prot(argv[3], &a->prot)))
		return usage(protect ? "protect ADDR SIZE PROT" : "unmap ADDR SIZE");
	return 0;
}

static int cmd_map(int argc, char **argv)
{
	struct ms_map_args a;

	if (parse_map(argc, argv, &a))
		return 2;
	return ioctl(fd, MS_IOC_MAP, &a) ? fail("map") : 0;
}

static int cmd_range(int argc, char **argv, int protect)
{
	struct ms_range_args a;

	if (parse_range(argc, argv, protect, &a))
		return 2;
	if (ioctl(fd, protect ? MS_IOC_PROTECT : MS_IOC_UNMAP, &a))
		return fail(argv[0]);
	return 0;
}

/* Batch mode: map/unmap/protect lines between "batch" and "end". */
static struct ms_batch_op batch[MS_BATCH_MAX];
static unsigned int batch_len;
static int in_batch;

static int batch_add(int argc, char **argv)
{
	struct ms_batch_op *op = &batch[batch_len];
	struct ms_range_args r;
	int protect = !strcmp(argv[0], "protect");

	if (batch_len == MS_BATCH_MAX)
		return usage("batch too long");
	memset(op, 0, sizeof(*op));
	if (!strcmp(argv[0], "map")) {
		op->op = MS_BATCH_MAP;
		if (parse_map(argc, argv, &op->args))
			return 2;
	} else if (protect || !strcmp(argv[0], "unmap")) {
		op->op = protect ? MS_BATCH_PROTECT : MS_BATCH_UNMAP;
		if (parse_range(argc, argv, protect, &r))
			return 2;
		op->args.start = r.start;
		op->args.size = r.size;
		op->args.prot = r.prot;
	} else {
		return usage("only map, unmap and protect go in a batch");
	}
	batch_len++;
	return 0;
}

static int batch_run(void)
{
	struct ms_batch_args b = { .ops = (uintptr_t)batch, .count = batch_len };
	unsigned int i;
	int status = 0;

	in_batch = 0;
	if (ioctl(fd, MS_IOC_BATCH, &b))
		return fail("batch");
	printf("batch: %u ops done\n", b.done);
	for (i = 0; i < b.done; i++) {
		if (batch[i].result) {
			printf("  op %u: %s\n", i + 1, strerror(-batch[i].result));
			status = 1;
		}
	}
	batch_len = 0;
	return status;
}

static int cmd_touch(int argc, char **argv)
{
	static const char *const results[] = { "ok", "MAPERR", "ACCERR" };
	struct ms_touch_args t = { 0 };
	const char *s;

	if (argc != 3 || parse_u64(argv[1], &t.vaddr))
		return usage("touch ADDR r|w|x[u]");
	for (s = argv[2]; *s; s++) {
		if (*s == 'r')
			t.access |= MS_PROT_READ;
		else if (*s == 'w')
			t.access |= MS_PROT_WRITE;
		else if (*s == 'x')
			t.access |= MS_PROT_EXEC;
		else if (*s == 'u')
			t.access |= MS_PROT_USER;
		else
			return usage("touch ADDR r|w|x[u]");
	}
	if (ioctl(fd, MS_IOC_TOUCH, &t))
		return fail("touch");
	printf("touch %#llx %s: %s\n", (unsigned long long)t.vaddr, argv[2],
	       t.result < 3 ? results[t.result] : "?");
	return 0;
}

/* The fields of an entry in the space's format (see ms_formats.h). */
static void print_entry_bits(__u64 e)
{
	const struct ms_field *f = cur_fmt->fields;
	unsigned int i;

	for (i = 0; i < MS_MAX_FIELDS && f[i].name; i++)
		if ((e & f[i].mask) == f[i].value &&
		    (f[i].value || (e & cur_fmt->present)))
			printf(" %s", f[i].name);
}

/* format NAME: choose the page-table format of the empty space. */
static int cmd_format(int argc, char **argv)
{
	struct ms_format_args a = { 0 };
	unsigned int i;

	for (i = 0; argc == 2 && i < ARRAY_SIZE(ms_formats); i++)
		if (!strcmp(argv[1], ms_formats[i].name))
			break;
	if (argc != 2 || i == ARRAY_SIZE(ms_formats))
		return usage("format x86-64-4l|x86-64-5l|ept|sv39|sv48|sv57|arm64");
	a.format = ms_formats[i].format;
	if (ioctl(fd, MS_IOC_SET_FORMAT, &a))
		return fail("format");
	cur_fmt = &ms_formats[i];
	printf("format %s: %d levels, addresses below %#llx\n", cur_fmt->name,
	       cur_fmt->levels, (unsigned long long)a.addr_limit);
	return 0;
}

/* The walk an MMU makes for one address, level by level. */
static int cmd_query(int argc, char **argv)
{
	const char *const *level = cur_fmt->level;
	int top = cur_fmt->levels - 1;
	struct ms_query_args q = { 0 };
	char buf[24];
	int depth, i;

	if (argc != 2 || parse_u64(argv[1], &q.vaddr))
		return usage("query ADDR");
	if (ioctl(fd, MS_IOC_QUERY, &q))
		return fail("query");
	printf("%#llx:", (unsigned long long)q.vaddr);
	/* The levels walked: down to the leaf's, 4K << 9 * level. */
	depth = cur_fmt->levels;
	for (i = 1; i <= top && q.page_size > 4096ULL << (9 * (i - 1)); i++)
		depth--;
	for (i = 0; i < (q.page_size ? depth : cur_fmt->levels); i++)
		printf(" %s[%llu]%s", level[i],
		       (unsigned long long)(q.vaddr >> (12 + 9 * (top - i))) & 511,
		       i + 1 < depth ? " ->" : "");
	if (!q.page_size) {
		printf(" -> not mapped\n");
		return 0;
	}
	printf(" -> %s page at phys %#llx, entry %#018llx [",
	       size_str(q.page_size, buf), (unsigned long long)q.paddr,
	       (unsigned long long)q.entry);
	print_entry_bits(q.entry);
	printf(" ]\n");
	return 0;
}

static int cmd_list(void)
{
	struct ms_area_info info[64];
	struct ms_list_args l = { .areas = (uintptr_t)info, .capacity = 64 };
	char p[8], s[24], r[24];
	unsigned int i;

	do {
		if (ioctl(fd, MS_IOC_LIST, &l))
			return fail("list");
		for (i = 0; i < l.count; i++) {
			printf("%012llx-%012llx %s %-6s %6s resident %6s",
			       (unsigned long long)info[i].start,
			       (unsigned long long)(info[i].start + info[i].size),
			       prot_str(info[i].prot, p),
			       info[i].backend == MS_BACKEND_LINEAR ? "linear" : "alloc",
			       size_str(info[i].size, s),
			       size_str(info[i].resident_bytes, r));
			if (info[i].backend == MS_BACKEND_LINEAR)
				printf(" phys %#llx", (unsigned long long)info[i].phys);
			printf("\n");
		}
		if (l.count)
			l.from = info[l.count - 1].start + info[l.count - 1].size;
	} while (l.count == l.capacity);
	return 0;
}

static int cmd_stats(void)
{
	struct ms_stats s;

	if (ioctl(fd, MS_IOC_STATS, &s))
		return fail("stats");
	printf("areas %llu, mapped %llu bytes, page-table pages %llu, data pages %llu\n",
	       (unsigned long long)s.nr_areas, (unsigned long long)s.mapped_bytes,
	       (unsigned long long)s.pt_pages, (unsigned long long)s.data_pages);
	return 0;
}

static int cmd_find(int argc, char **argv)
{
	struct ms_find_free_args f = { .limit_end = MS_ADDR_LIMIT, .align = 4096 };

	if (argc < 2 || argc > 4 || parse_u64(argv[1], &f.size) ||
	    (argc > 2 && parse_u64(argv[2], &f.align)) ||
	    (argc > 3 && parse_u64(argv[3], &f.hint)))
		return usage("find SIZE [ALIGN] [HINT]");
	if (ioctl(fd, MS_IOC_FIND_FREE, &f))
		return fail("find");
	printf("free at %#llx\n", (unsigned long long)f.addr);
	return 0;
}

/* Print every file matching @pattern (debugfs, tracefs, /proc). */
static int cmd_cat(int argc, char **argv)
{
	char buf[4096];
	glob_t g;
	size_t i, n;
	FILE *f;

	if (argc != 2 || glob(argv[1], 0, NULL, &g))
		return usage("cat PATTERN (matching at least one file)");
	for (i = 0; i < g.gl_pathc; i++) {
		f = fopen(g.gl_pathv[i], "r");
		if (!f) {
			globfree(&g);
			return fail(g.gl_pathv[i]);
		}
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, stdout);
		fclose(f);
	}
	globfree(&g);
	return 0;
}

static int run(int argc, char **argv)
{
	const char *c = argv[0];

	if (!strcmp(c, "batch")) {
		in_batch = 1;
		batch_len = 0;
		return 0;
	}
	if (!strcmp(c, "end"))
		return in_batch ? batch_run() : usage("end without batch");
	if (in_batch)
		return batch_add(argc, argv);
	if (!strcmp(c, "map"))
		return cmd_map(argc, argv);
	if (!strcmp(c, "unmap"))
		return cmd_range(argc, argv, 0);
	if (!strcmp(c, "protect"))
		return cmd_range(argc, argv, 1);
	if (!strcmp(c, "touch"))
		return cmd_touch(argc, argv);
	if (!strcmp(c, "query"))
		return cmd_query(argc, argv);
	if (!strcmp(c, "format"))
		return cmd_format(argc, argv);
	if (!strcmp(c, "list"))
		return cmd_list();
	if (!strcmp(c, "stats"))
		return cmd_stats();
	if (!strcmp(c, "find"))
		return cmd_find(argc, argv);
	if (!strcmp(c, "clear"))
		return ioctl(fd, MS_IOC_CLEAR, 0) ? fail("clear") : 0;
	if (!strcmp(c, "cat"))
		return cmd_cat(argc, argv);
	return usage("unknown command");
}

/* Run every line of @in; "echo" lines are printed, others are echoed. */
static int run_script(FILE *in)
{
	char line[512], *argv[MAX_ARGS], *tok, *hash;
	int argc, status = 0, lineno = 0;

	while (fgets(line, sizeof(line), in)) {
		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "echo", 4) && (line[4] == ' ' || !line[4])) {
			printf("%s\n", line[4] ? line + 5 : "");
			continue;
		}
		argc = 0;
		for (tok = strtok(line, " \t"); tok && argc < MAX_ARGS;
		     tok = strtok(NULL, " \t"))
			argv[argc++] = tok;
		if (!argc)
			continue;
		printf("$ %s", argv[0]);
		for (int i = 1; i < argc; i++)
			printf(" %s", argv[i]);
		printf("\n");
		fflush(stdout);
		if (run(argc, argv)) {
			fprintf(stderr, "msctl: line %d failed\n", lineno);
			status = 1;
		}
		fflush(stdout);
	}
	return status;
}

int main(int argc, char **argv)
{
	FILE *in;
	int ret;

	if (argc < 2)
		return usage("no command");
	fd = open("/dev/memory_set", O_RDWR);
	if (fd < 0)
		return fail("/dev/memory_set");
	if (!strcmp(argv[1], "-")) {
		ret = run_script(stdin);
	} else if (!strcmp(argv[1], "-f") && argc == 3) {
		in = fopen(argv[2], "r");
		if (!in)
			return fail(argv[2]);
		ret = run_script(in);
		fclose(in);
	} else {
		ret = run(argc - 1, argv + 1);
	}
	close(fd);
	return ret;
}
