// SPDX-License-Identifier: GPL-2.0
/*
 * msctl: drive one /dev/memory_set address space from the command line.
 *
 *   msctl map 0x400000 16K rw --alloc       one command, one fresh space
 *   msctl -f script.ms                      every line of a script, one space
 *   msctl -                                 commands from standard input
 *   msctl --help                            every command (man msctl)
 *
 * The commands are the rows of the table below: adding a command is one
 * row and one function. A failed command says what was wrong in words,
 * then the errno's name: "msctl: map 0x1000+0x2000: the range overlaps an
 * existing area (EEXIST)".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/memory_set.h>

#include "ms_formats.h"
#include "msctl.h"

#define MAX_ARGS 12

int msctl_fd = -1;
static const char *fail_what = "";	/* the command line, for messages */

/* Numbers: decimal, 0x hex or 0 octal, with an optional K, M or G. */
int msctl_parse_u64(const char *s, __u64 *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *s == '-')
		return -1;
	if (*end) {
		const char *units = "KMG", *unit = strchr(units, *end & ~0x20);
		unsigned int shift;

		if (!unit || end[1])
			return -1;
		shift = 10 * (unit - units + 1);
		if (v > (~0ULL >> shift))
			return -1;
		v <<= shift;
	}
	*out = v;
	return 0;
}

static int parse_prot(const char *s, __u32 *prot)
{
	*prot = 0;
	if (!strcmp(s, "none"))
		return 0;
	if (!*s)
		return -1;
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

const char *msctl_size_str(__u64 size, char *buf)
{
	if (size >= (1ULL << 30) && !(size & ((1ULL << 30) - 1)))
		sprintf(buf, "%lluG", (unsigned long long)(size >> 30));
	else if (size >= (1ULL << 20) && !(size & ((1ULL << 20) - 1)))
		sprintf(buf, "%lluM", (unsigned long long)(size >> 20));
	else if (!(size & 1023))
		sprintf(buf, "%lluK", (unsigned long long)(size >> 10));
	else
		sprintf(buf, "%#llx", (unsigned long long)size);
	return buf;
}

/* "msctl: WHAT: WHY (ENAME)"; returns 1, a command the kernel refused. */
int msctl_fail(const char *what, const char *why, int err)
{
	const char *name = strerrorname_np(err);

	fprintf(stderr, "msctl: %s: %s (%s)\n", what, why,
		name ? name : strerror(err));
	return 1;
}

/* A usage error: what is wrong, then the command's syntax; returns 2. */
int msctl_usage(const struct msctl_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "msctl: %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s %s (msctl --help lists every command)\n",
		cmd->name, cmd->args);
	return 2;
}

/*
 * What an errno means for a command, in words: the first row whose
 * command list names it (or that names none) and whose errno matches.
 */
static const struct {
	const char *cmds;
	int err;
	const char *why;
} reasons[] = {
	{ "map", EEXIST,
	  "the range overlaps an existing area (--replace unmaps what it overlaps first)",
	},
	{ "map batch", ENOMEM,
	  "the space would pass a limit: its page budget (max_pages), its areas (max_areas) or the pages of all spaces (max_pages_total)",
	},
	{ "unmap protect", ENOMEM,
	  "cutting an area needs a node or page-table pages past the space's limits (max_areas, max_pages)",
	},
	{ "touch", ENOMEM,
	  "the page fault needs a frame past the space's page budget (max_pages, max_pages_total)",
	},
	{ "find", ENOMEM,
	  "no free range of that size and alignment fits below the limit",
	},
	{ NULL, EINVAL,
	  "the module refused the arguments",
	},
	{ NULL, EFAULT,
	  "the module could not read or write msctl's buffer",
	},
	{ NULL, ENOTTY,
	  "the module does not know this request (is memory_set.ko older than msctl?)",
	},
	{ NULL, EINTR,
	  "interrupted by a signal",
	},
	{ NULL, EBUSY,
	  "the space holds areas: only an empty space can do this",
	},
	{ NULL, ENOMEM,
	  "out of memory, or past a limit of the space",
	},
	{ NULL, EPERM,
	  "not permitted",
	},
	{ NULL, EACCES,
	  "permission denied",
	},
};

static int names(const char *list, const char *cmd)
{
	size_t n = strlen(cmd);
	const char *p;

	for (p = strstr(list, cmd); p; p = strstr(p + 1, cmd))
		if ((p == list || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return 1;
	return 0;
}

/* The kernel refused a command: say why; @diag explains an EINVAL. */
static int refused(const char *cmd, const char *diag)
{
	int err = errno;
	unsigned int i;

	if (err == EINVAL && diag)
		return msctl_fail(fail_what, diag, err);
	for (i = 0; i < ARRAY_SIZE(reasons); i++)
		if (reasons[i].err == err &&
		    (!reasons[i].cmds || names(reasons[i].cmds, cmd)))
			return msctl_fail(fail_what, reasons[i].why, err);
	return msctl_fail(fail_what, strerror(err), err);
}

/* The page-table format of this space (ms_formats.h), and its limit. */
static const struct ms_format_desc *cur_fmt = &ms_formats[0];
static unsigned long long addr_limit = MS_ADDR_LIMIT;

/* The name "format" takes for this space's format. */
const char *msctl_format_name(void)
{
	return cur_fmt->name;
}

/* Which rule of the ioctls a range breaks, or NULL. */
static const char *range_diag(__u64 start, __u64 size, char *buf, size_t len)
{
	if (start & (MS_PAGE_SIZE - 1))
		snprintf(buf, len, "ADDR %#llx is not page-aligned (4 KiB)",
			 (unsigned long long)start);
	else if (!size)
		snprintf(buf, len, "SIZE is 0");
	else if (size & (MS_PAGE_SIZE - 1))
		snprintf(buf, len, "SIZE %#llx is not a multiple of 4 KiB",
			 (unsigned long long)size);
	else if (start >= addr_limit || size > addr_limit - start)
		snprintf(buf, len,
			 "the range ends past the space's address limit (%#llx)",
			 addr_limit);
	else
		return NULL;
	return buf;
}

static const char *prot_diag(__u32 prot)
{
	if (prot && !(prot & MS_PROT_READ))
		return "PROT must contain r, or be none (no format has write-only pages)";
	if (cur_fmt->format == MS_FORMAT_X86_EPT && (prot & MS_PROT_USER))
		return "EPT has no user bit: PROT cannot contain u in this format";
	return NULL;
}

static const char *map_diag(const struct ms_map_args *a, char *buf, size_t len)
{
	const char *why = range_diag(a->start, a->size, buf, len);

	if (!why)
		why = prot_diag(a->prot);
	if (why)
		return why;
	if (a->backend == MS_BACKEND_ALLOC && (a->flags & MS_MAP_HUGE))
		return "--huge is for --linear areas only";
	if (a->backend == MS_BACKEND_LINEAR && (a->flags & MS_MAP_POPULATE))
		return "--populate is for --alloc areas (LINEAR ones map at once)";
	if (a->backend == MS_BACKEND_LINEAR && (a->phys & (MS_PAGE_SIZE - 1)))
		return "PHYS is not page-aligned (4 KiB)";
	if (a->backend == MS_BACKEND_LINEAR &&
	    (a->phys >= MS_PHYS_LIMIT || a->size > MS_PHYS_LIMIT - a->phys))
		return "PHYS + SIZE passes 1 << 52, the largest physical address";
	return NULL;
}

static int parse_map_options(const struct msctl_cmd *cmd, int argc,
			     char **argv, struct ms_map_args *a)
{
	int i;

	for (i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "--alloc")) {
			a->backend = MS_BACKEND_ALLOC;
		} else if (!strcmp(argv[i], "--linear")) {
			a->backend = MS_BACKEND_LINEAR;
			if (++i == argc || msctl_parse_u64(argv[i], &a->phys))
				return msctl_usage(cmd, "--linear needs PHYS, a number");
		} else if (!strcmp(argv[i], "--populate")) {
			a->flags |= MS_MAP_POPULATE;
		} else if (!strcmp(argv[i], "--huge")) {
			a->flags |= MS_MAP_HUGE;
		} else if (!strcmp(argv[i], "--replace")) {
			a->flags |= MS_MAP_REPLACE;
		} else {
			return msctl_usage(cmd, "unknown option '%s'", argv[i]);
		}
	}
	return 0;
}

/* ADDR SIZE, and PROT if @prot: argv[1..3]. */
static int parse_range(const struct msctl_cmd *cmd, char **argv, __u64 *start,
		       __u64 *size, __u32 *prot)
{
	if (msctl_parse_u64(argv[1], start))
		return msctl_usage(cmd, "ADDR '%s' is not a number", argv[1]);
	if (msctl_parse_u64(argv[2], size))
		return msctl_usage(cmd,
				   "SIZE '%s' is not a number (e.g. 16K, 0x4000)",
				   argv[2]);
	if (prot && parse_prot(argv[3], prot))
		return msctl_usage(cmd,
				   "PROT '%s' is not 'none' or letters of r w x u c",
				   argv[3]);
	return 0;
}

static int parse_map(const struct msctl_cmd *cmd, int argc, char **argv,
		     struct ms_map_args *a)
{
	*a = (struct ms_map_args){ .backend = MS_BACKEND_ALLOC };
	if (argc < 4)
		return msctl_usage(cmd, "ADDR, SIZE and PROT are needed");
	return parse_range(cmd, argv, &a->start, &a->size, &a->prot) ?:
	       parse_map_options(cmd, argc, argv, a);
}

static int cmd_map(const struct msctl_cmd *cmd, int argc, char **argv)
{
	struct ms_map_args a;
	char what[64], buf[128];

	if (parse_map(cmd, argc, argv, &a))
		return 2;
	snprintf(what, sizeof(what), "map %#llx+%#llx",
		 (unsigned long long)a.start, (unsigned long long)a.size);
	fail_what = what;
	if (ioctl(msctl_fd, MS_IOC_MAP, &a))
		return refused("map", map_diag(&a, buf, sizeof(buf)));
	return 0;
}

static int cmd_range(const struct msctl_cmd *cmd, int argc, char **argv)
{
	int protect = !strcmp(cmd->name, "protect");
	struct ms_range_args a = { 0 };
	char what[64], buf[128];
	const char *diag;

	if (argc != 3 + protect)
		return msctl_usage(cmd, "%d arguments expected", 2 + protect);
	if (parse_range(cmd, argv, &a.start, &a.size, protect ? &a.prot : NULL))
		return 2;
	snprintf(what, sizeof(what), "%s %#llx+%#llx", cmd->name,
		 (unsigned long long)a.start, (unsigned long long)a.size);
	fail_what = what;
	if (!ioctl(msctl_fd, protect ? MS_IOC_PROTECT : MS_IOC_UNMAP, &a))
		return 0;
	diag = range_diag(a.start, a.size, buf, sizeof(buf));
	return refused(cmd->name, diag ?: prot_diag(a.prot));
}

/* Batch mode: map/unmap/protect lines between "batch" and "end". */
static struct ms_batch_op batch[MS_BATCH_MAX];
static unsigned int batch_len;
static int in_batch;

static const struct msctl_cmd *find_cmd(const char *name);

static int batch_add(int argc, char **argv)
{
	const struct msctl_cmd *cmd = find_cmd(argv[0]);
	struct ms_batch_op *op = &batch[batch_len];
	int protect;

	if (!cmd || !cmd->batch) {
		fprintf(stderr,
			"msctl: '%s': only map, unmap and protect go between batch and end\n",
			argv[0]);
		return 2;
	}
	if (batch_len == MS_BATCH_MAX)
		return msctl_usage(find_cmd("batch"), "more than %d operations",
				   MS_BATCH_MAX);
	memset(op, 0, sizeof(*op));
	protect = !strcmp(cmd->name, "protect");
	if (!strcmp(cmd->name, "map")) {
		op->op = MS_BATCH_MAP;
		if (parse_map(cmd, argc, argv, &op->args))
			return 2;
	} else {
		op->op = protect ? MS_BATCH_PROTECT : MS_BATCH_UNMAP;
		if (argc != 3 + protect)
			return msctl_usage(cmd, "%d arguments expected", 2 + protect);
		if (parse_range(cmd, argv, &op->args.start, &op->args.size,
				protect ? &op->args.prot : NULL))
			return 2;
	}
	batch_len++;
	return 0;
}

/* One failed operation of a batch, in words. */
static void batch_op_failed(unsigned int i)
{
	static const char *const ops[] = { "map", "unmap", "protect" };
	const struct ms_batch_op *op = &batch[i];
	const char *name = op->op < 3 ? ops[op->op] : "?";
	char what[80], buf[128];
	const char *diag;

	snprintf(what, sizeof(what), "batch op %u, %s %#llx+%#llx", i + 1, name,
		 (unsigned long long)op->args.start,
		 (unsigned long long)op->args.size);
	fail_what = what;
	errno = -op->result;
	if (op->op == MS_BATCH_MAP)
		diag = map_diag(&op->args, buf, sizeof(buf));
	else
		diag = range_diag(op->args.start, op->args.size, buf, sizeof(buf)) ?:
		       prot_diag(op->args.prot);
	refused(name, diag);
}

static int batch_run(void)
{
	struct ms_batch_args b = { .ops = (uintptr_t)batch, .count = batch_len };
	unsigned int i;
	int status = 0;

	in_batch = 0;
	fail_what = "batch";
	if (ioctl(msctl_fd, MS_IOC_BATCH, &b))
		return refused("batch", NULL);
	printf("batch: %u ops done\n", b.done);
	for (i = 0; i < b.done; i++) {
		if (batch[i].result) {
			batch_op_failed(i);
			status = 1;
		}
	}
	batch_len = 0;
	return status;
}

static int cmd_batch(const struct msctl_cmd *cmd, int argc, char **argv)
{
	if (argc != 1)
		return msctl_usage(cmd, "no arguments expected");
	in_batch = 1;
	batch_len = 0;
	return 0;
}

static int cmd_end(const struct msctl_cmd *cmd, int argc, char **argv)
{
	return in_batch ? batch_run() : msctl_usage(cmd, "end without batch");
}

static int cmd_touch(const struct msctl_cmd *cmd, int argc, char **argv)
{
	static const char *const results[] = { "ok", "MAPERR", "ACCERR", "NODATA" };
	struct ms_touch_args t = { 0 };
	const char *s, *kinds = "rwxu";
	char what[64];

	if (argc != 3)
		return msctl_usage(cmd, "ADDR and ACCESS are needed");
	if (msctl_parse_u64(argv[1], &t.vaddr))
		return msctl_usage(cmd, "ADDR '%s' is not a number", argv[1]);
	for (s = argv[2]; *s; s++) {
		if (!strchr(kinds, *s))
			return msctl_usage(cmd, "ACCESS '%s' is not letters of r w x u",
					   argv[2]);
		t.access |= 1U << (strchr(kinds, *s) - kinds);	/* as PROT */
	}
	snprintf(what, sizeof(what), "touch %#llx %s",
		 (unsigned long long)t.vaddr, argv[2]);
	fail_what = what;
	if (ioctl(msctl_fd, MS_IOC_TOUCH, &t))
		return refused("touch", t.vaddr >= MS_ADDR_LIMIT ?
			       "ADDR is past the address limit" :
			       "ACCESS needs one of r, w, x (u alone is no access)");
	printf("touch %#llx %s: %s\n", (unsigned long long)t.vaddr, argv[2],
	       t.result < ARRAY_SIZE(results) ? results[t.result] : "?");
	return 0;
}

/* The fields of an entry in the space's format. */
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
static int cmd_format(const struct msctl_cmd *cmd, int argc, char **argv)
{
	struct ms_format_args a = { 0 };
	unsigned int i;

	for (i = 0; argc == 2 && i < ARRAY_SIZE(ms_formats); i++)
		if (!strcmp(argv[1], ms_formats[i].name))
			break;
	if (argc != 2 || i == ARRAY_SIZE(ms_formats))
		return msctl_usage(cmd, "NAME is not a format (see --help)");
	a.format = ms_formats[i].format;
	fail_what = "format";
	if (ioctl(msctl_fd, MS_IOC_SET_FORMAT, &a))
		return refused("format", "the module does not know this format");
	cur_fmt = &ms_formats[i];
	addr_limit = a.addr_limit;
	printf("format %s: %d levels, addresses below %#llx\n", cur_fmt->name,
	       cur_fmt->levels, (unsigned long long)a.addr_limit);
	return 0;
}

/* The walk an MMU makes for one address, level by level. */
static int cmd_query(const struct msctl_cmd *cmd, int argc, char **argv)
{
	const char *const *level = cur_fmt->level;
	int top = cur_fmt->levels - 1;
	struct ms_query_args q = { 0 };
	char buf[24], what[48];
	int depth, i;

	if (argc != 2 || msctl_parse_u64(argv[1], &q.vaddr))
		return msctl_usage(cmd, "ADDR, a number, is needed");
	snprintf(what, sizeof(what), "query %#llx", (unsigned long long)q.vaddr);
	fail_what = what;
	if (ioctl(msctl_fd, MS_IOC_QUERY, &q))
		return refused("query", "ADDR is past the address limit");
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
	       msctl_size_str(q.page_size, buf), (unsigned long long)q.paddr,
	       (unsigned long long)q.entry);
	print_entry_bits(q.entry);
	printf(" ]\n");
	return 0;
}

static void print_area(const struct ms_area_info *a)
{
	char p[8], s[24], r[24];

	printf("%012llx-%012llx %s %-6s %6s resident %6s",
	       (unsigned long long)a->start,
	       (unsigned long long)(a->start + a->size), prot_str(a->prot, p),
	       a->backend == MS_BACKEND_LINEAR ? "linear" : "alloc",
	       msctl_size_str(a->size, s), msctl_size_str(a->resident_bytes, r));
	if (a->backend == MS_BACKEND_LINEAR)
		printf(" phys %#llx", (unsigned long long)a->phys);
	printf("\n");
}

static int cmd_list(const struct msctl_cmd *cmd, int argc, char **argv)
{
	struct ms_area_info info[64];
	struct ms_list_args l = { .areas = (uintptr_t)info, .capacity = 64 };
	unsigned int i;

	if (argc != 1)
		return msctl_usage(cmd, "no arguments expected");
	fail_what = "list";
	do {
		if (ioctl(msctl_fd, MS_IOC_LIST, &l))
			return refused("list", NULL);
		for (i = 0; i < l.count; i++)
			print_area(&info[i]);
		if (l.count)
			l.from = info[l.count - 1].start + info[l.count - 1].size;
	} while (l.count == l.capacity);
	return 0;
}

static int cmd_stats(const struct msctl_cmd *cmd, int argc, char **argv)
{
	struct ms_stats s;

	if (argc != 1)
		return msctl_usage(cmd, "no arguments expected");
	fail_what = "stats";
	if (ioctl(msctl_fd, MS_IOC_STATS, &s))
		return refused("stats", NULL);
	printf("areas %llu, mapped %llu bytes, page-table pages %llu, data pages %llu\n",
	       (unsigned long long)s.nr_areas, (unsigned long long)s.mapped_bytes,
	       (unsigned long long)s.pt_pages, (unsigned long long)s.data_pages);
	return 0;
}

static const char *find_diag(const struct ms_find_free_args *f)
{
	if (!f->size || (f->size & (MS_PAGE_SIZE - 1)) || f->size > MS_ADDR_LIMIT)
		return "SIZE must be a multiple of 4 KiB, not 0, below the limit";
	if (f->align & (f->align - 1) || (f->align && f->align < MS_PAGE_SIZE))
		return "ALIGN must be a power of two of at least 4 KiB";
	if (f->hint >= MS_ADDR_LIMIT)
		return "HINT is past the address limit";
	return NULL;
}

static int cmd_find(const struct msctl_cmd *cmd, int argc, char **argv)
{
	struct ms_find_free_args f = { .limit_end = MS_ADDR_LIMIT, .align = 4096 };
	char what[80];

	if (argc < 2 || argc > 4)
		return msctl_usage(cmd, "SIZE is needed, ALIGN and HINT are optional");
	if (msctl_parse_u64(argv[1], &f.size) ||
	    (argc > 2 && msctl_parse_u64(argv[2], &f.align)) ||
	    (argc > 3 && msctl_parse_u64(argv[3], &f.hint)))
		return msctl_usage(cmd, "SIZE, ALIGN and HINT are numbers");
	snprintf(what, sizeof(what), "find %#llx (align %#llx)",
		 (unsigned long long)f.size, (unsigned long long)f.align);
	fail_what = what;
	if (ioctl(msctl_fd, MS_IOC_FIND_FREE, &f))
		return refused("find", find_diag(&f));
	printf("free at %#llx\n", (unsigned long long)f.addr);
	return 0;
}

static int cmd_clear(const struct msctl_cmd *cmd, int argc, char **argv)
{
	if (argc != 1)
		return msctl_usage(cmd, "no arguments expected");
	fail_what = "clear";
	return ioctl(msctl_fd, MS_IOC_CLEAR, 0) ? refused("clear", NULL) : 0;
}

/* Print every file matching a pattern (debugfs, tracefs, /proc). */
static int cmd_cat(const struct msctl_cmd *cmd, int argc, char **argv)
{
	char buf[4096];
	glob_t g;
	size_t i, n;
	FILE *f;

	if (argc != 2)
		return msctl_usage(cmd, "one PATTERN expected");
	if (glob(argv[1], 0, NULL, &g))
		return msctl_fail(argv[1],
				  "no file matches (is debugfs mounted, are you root?)",
				  ENOENT);
	for (i = 0; i < g.gl_pathc; i++) {
		f = fopen(g.gl_pathv[i], "r");
		if (!f) {
			msctl_fail(g.gl_pathv[i], "cannot open it", errno);
			globfree(&g);
			return 1;
		}
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, stdout);
		fclose(f);
	}
	globfree(&g);
	return 0;
}

static int cmd_echo(const struct msctl_cmd *cmd, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	printf("\n");
	return 0;
}

static int cmd_help(const struct msctl_cmd *cmd, int argc, char **argv);

/* Every command: one row each, in the order --help lists them. */
static const struct msctl_cmd commands[] = {
	{
		"map",
		"ADDR SIZE PROT [--alloc | --linear PHYS] [--populate] [--huge] [--replace]",
		"map an area: ALLOC (zeroed frames on first touch, the default) or LINEAR (ADDR + k -> PHYS + k)",
		cmd_map, 1,
	},
	{
		"unmap",
		"ADDR SIZE",
		"unmap a range: remove, shrink or split the areas in it",
		cmd_range, 1,
	},
	{
		"protect",
		"ADDR SIZE PROT",
		"give the part of every area in a range new protections",
		cmd_range, 1,
	},
	{
		"touch",
		"ADDR ACCESS",
		"access a byte like the MMU (ACCESS: r, w or x, and u for user mode); faults a lazy page in",
		cmd_touch, 0,
	},
	{
		"query",
		"ADDR",
		"the page-table walk for an address, level by level, and its leaf",
		cmd_query, 0,
	},
	{
		"format",
		"NAME",
		"the page-table format of the (empty) space: x86-64-4l x86-64-5l ept sv39 sv48 sv57 arm64",
		cmd_format, 0,
	},
	{
		"read",
		"ADDR LEN",
		"copy LEN bytes out of the space (MS_IOC_READ) and show them as hexdump -C does; faults lazy pages in",
		msctl_read, 0,
	},
	{
		"write",
		"ADDR DATA|@FILE",
		"copy DATA (the rest of the line) or a file's bytes into the space (MS_IOC_WRITE); copies a frame shared with a clone first",
		msctl_write, 0,
	},
	{
		"clone",
		"",
		"fork the space copy-on-write (MS_IOC_CLONE); the lines that follow act on the clone",
		msctl_clone, 0,
	},
	{
		"parent",
		"",
		"act on the space the current one was cloned from again",
		msctl_parent, 0,
	},
	{
		"exec",
		"FILE",
		"load a static ELF program: its PT_LOAD segments with their protections, bss zeroed, a stack with a guard page",
		msctl_exec, 0,
	},
	{
		"export",
		"FILE --base ADDR",
		"write the page table as an image to load at physical ADDR: tables, then frames, every entry relocated (MS_IOC_EXPORT)",
		msctl_export, 0,
	},
	{
		"find",
		"SIZE [ALIGN] [HINT]",
		"the lowest free range of SIZE, ALIGN-aligned (default 4K), at or above HINT",
		cmd_find, 0,
	},
	{
		"list",
		"",
		"every area in address order",
		cmd_list, 0,
	},
	{
		"stats",
		"",
		"areas, mapped bytes, page-table pages, data pages",
		cmd_stats, 0,
	},
	{
		"clear",
		"",
		"unmap everything",
		cmd_clear, 0,
	},
	{
		"batch",
		"",
		"send the map/unmap/protect lines up to 'end' as one MS_IOC_BATCH call",
		cmd_batch, 0,
	},
	{
		"end",
		"",
		"end a batch and run it",
		cmd_end, 0,
	},
	{
		"dot",
		"tree|pagetable [FILE]",
		"Graphviz of this space: its rbtree of areas or its page-table radix tree (root: reads debugfs)",
		msctl_dot, 0,
	},
	{
		"cat",
		"PATTERN",
		"print the files matching a glob, e.g. /sys/kernel/debug/memory_set/*/maps",
		cmd_cat, 0,
	},
	{
		"echo",
		"TEXT",
		"print TEXT (in a script, the rest of the line as it is)",
		cmd_echo, 0,
	},
	{
		"help",
		"",
		"this list",
		cmd_help, 0,
	},
};

static const struct msctl_cmd *find_cmd(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void print_help(FILE *out)
{
	unsigned int i;

	fprintf(out,
		"usage: msctl COMMAND [ARG...]    run one command in a fresh address space\n"
		"       msctl -f SCRIPT           run every line of SCRIPT in one space\n"
		"       msctl -                   read the lines from standard input\n"
		"       msctl -h | --help         this help (man msctl for more)\n\n"
		"Each msctl opens /dev/memory_set once: one address space, freed when it exits.\n\n"
		"Commands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  %s%s%s\n      %s\n", commands[i].name,
			*commands[i].args ? " " : "", commands[i].args,
			commands[i].help);
	fprintf(out,
		"\nNumbers are decimal, 0x hex or 0 octal, with an optional K, M or G suffix.\n"
		"PROT is 'none' or letters of r (read) w (write) x (exec) u (user) c (uncached);\n"
		"anything but none must contain r. In scripts, '#' starts a comment.\n"
		"Exit status: 0 success, 1 a command failed, 2 a usage error.\n");
}

static int cmd_help(const struct msctl_cmd *cmd, int argc, char **argv)
{
	print_help(stdout);
	return 0;
}

/**
 * msctl_run() - run one command line, split into words
 * @argc: words
 * @argv: the words; argv[0] is the command
 *
 * Return: 0, 1 if the kernel refused it, 2 for a usage error.
 */
int msctl_run(int argc, char **argv)
{
	const struct msctl_cmd *cmd;

	if (in_batch && strcmp(argv[0], "end"))
		return batch_add(argc, argv);
	cmd = find_cmd(argv[0]);
	if (!cmd) {
		fprintf(stderr, "msctl: unknown command '%s' (msctl --help lists them)\n",
			argv[0]);
		return 2;
	}
	return cmd->run(cmd, argc, argv);
}

/* Echo a script line as "$ line", then run it. */
static int run_line(char *line)
{
	char *argv[MAX_ARGS], *tok;
	int argc = 0, i;

	for (tok = strtok(line, " \t"); tok; tok = strtok(NULL, " \t")) {
		if (argc == MAX_ARGS) {
			fprintf(stderr, "msctl: more than %d words on a line\n", MAX_ARGS);
			return 2;
		}
		argv[argc++] = tok;
	}
	if (!argc)
		return 0;
	printf("$ %s", argv[0]);
	for (i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	fflush(stdout);
	i = msctl_run(argc, argv);
	fflush(stdout);
	return i;
}

/* Run every line of @in; "echo" lines are printed, others are echoed. */
static int run_script(FILE *in)
{
	char line[512], *hash;
	int status = 0, lineno = 0;

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
		if (run_line(line)) {
			fprintf(stderr, "msctl: line %d failed\n", lineno);
			status = 1;
		}
	}
	if (in_batch) {
		fprintf(stderr, "msctl: the script ends inside a batch (no 'end')\n");
		status = 1;
	}
	return status;
}

static int open_space(void)
{
	msctl_fd = open("/dev/memory_set", O_RDWR);
	if (msctl_fd >= 0)
		return 0;
	if (errno == ENOENT)
		msctl_fail("/dev/memory_set",
			   "no such device: load the module first (insmod memory_set.ko)",
			   errno);
	else if (errno == EACCES || errno == EPERM)
		msctl_fail("/dev/memory_set",
			   "permission denied: root only, unless loaded with dev_mode=0660",
			   errno);
	else if (errno == ENOMEM)
		msctl_fail("/dev/memory_set",
			   "out of memory, or all spaces together hold max_pages_total pages",
			   errno);
	else
		msctl_fail("/dev/memory_set", "cannot open it", errno);
	return 1;
}

int main(int argc, char **argv)
{
	FILE *in = NULL;
	int ret;

	if (argc < 2) {
		print_help(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		print_help(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "-f")) {
		if (argc != 3) {
			fprintf(stderr, "msctl: -f takes one SCRIPT (msctl --help)\n");
			return 2;
		}
		in = fopen(argv[2], "r");
		if (!in)
			return msctl_fail(argv[2], "cannot open the script", errno);
	}
	if (open_space())
		return 1;
	if (in || !strcmp(argv[1], "-"))
		ret = run_script(in ?: stdin);
	else
		ret = msctl_run(argc - 1, argv + 1);
	if (in)
		fclose(in);
	close(msctl_fd);
	return ret;
}
