// SPDX-License-Identifier: GPL-2.0
/*
 * msctl dot: Graphviz pictures of msctl's own address space, from its
 * debugfs folder (/sys/kernel/debug/memory_set/<id>/, found by its opener
 * file; root only).
 *
 *   dot tree [FILE]        the rbtree of areas: each node's [start, end),
 *                          protection, backend, colour, gap (free space
 *                          below it) and subtree_gap (the largest gap
 *                          below the node: what makes FIND_FREE O(log n))
 *   dot pagetable [FILE]   the page-table radix tree: tables as nodes, the
 *                          runs of equal leaves of the pagetable file cut
 *                          at table boundaries, huge leaves marked
 *
 * Render with: dot -Tsvg FILE > FILE.svg
 */
#define _GNU_SOURCE
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msctl.h"

#define DEBUGFS "/sys/kernel/debug/memory_set"
#define MAX_LEVELS 5	/* x86-64 5-level, Sv57 */

/* This process's space folder: the one whose opener file holds our pid. */
static int find_space_dir(char *dir, size_t len)
{
	glob_t g;
	size_t i;
	long pid;
	FILE *f;
	int found = 0;

	if (glob(DEBUGFS "/*/opener", 0, NULL, &g))
		return msctl_fail(DEBUGFS,
				  "no space folder: is debugfs mounted, are you root?",
				  ENOENT);
	for (i = 0; i < g.gl_pathc && !found; i++) {
		f = fopen(g.gl_pathv[i], "r");
		if (!f)
			continue;
		if (fscanf(f, "%ld", &pid) == 1 && pid == getpid()) {
			snprintf(dir, len, "%.*s",
				 (int)(strrchr(g.gl_pathv[i], '/') - g.gl_pathv[i]),
				 g.gl_pathv[i]);
			found = 1;
		}
		fclose(f);
	}
	globfree(&g);
	return found ? 0 : msctl_fail(DEBUGFS, "no folder's opener file holds msctl's pid",
				      ENOENT);
}

static FILE *open_in(const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		msctl_fail(path, "cannot read it (root only)", errno);
	return f;
}

/* One line of the tree file: start end prot kind colour gap max left right. */
struct tree_line {
	unsigned long long start, end, gap, max;
	char prot[8], kind[8], colour[8], left[20], right[20];
};

static void dot_child(FILE *out, const struct tree_line *t, const char *child,
		      const char *side)
{
	if (strcmp(child, "-")) {
		fprintf(out, "  a%llx -> a%s;\n", t->start, child);
		return;
	}
	/* An invisible leaf keeps a lone child on its own side. */
	fprintf(out, "  nil%s%llx [shape=point, style=invis];\n", side, t->start);
	fprintf(out, "  a%llx -> nil%s%llx [style=invis];\n", t->start, side, t->start);
}

/* A size in its largest unit, to one decimal if it is not whole. */
static const char *human(unsigned long long v, char *buf)
{
	static const char units[] = "KMGT";
	int u;

	if (v < 1024) {
		sprintf(buf, "%llu", v);
		return buf;
	}
	for (u = 3; u > 0 && v >> (10 * (u + 1)) == 0; u--)
		;
	if (v & ((1ULL << (10 * (u + 1))) - 1))
		sprintf(buf, "%.1f%c", (double)v / (1ULL << (10 * (u + 1))), units[u]);
	else
		sprintf(buf, "%llu%c", v >> (10 * (u + 1)), units[u]);
	return buf;
}

static void dot_tree_node(FILE *out, const struct tree_line *t)
{
	char size[24], gap[24], max[24];
	int red = !strcmp(t->colour, "red");

	fprintf(out,
		"  a%llx [label=\"[%#llx, %#llx)\\n%s %s %s\\ngap %s, max %s\", color=%s, fillcolor=\"%s\"%s];\n",
		t->start, t->start, t->end, human(t->end - t->start, size),
		t->prot, t->kind, human(t->gap, gap), human(t->max, max),
		red ? "red" : "black", red ? "#ffe0e0" : "#e8e8e8",
		t->gap && t->gap == t->max ? ", penwidth=2" : "");
	dot_child(out, t, t->left, "l");
	dot_child(out, t, t->right, "r");
}

static int dot_tree(FILE *in, FILE *out)
{
	unsigned long long areas = 0, nodes = 0;
	struct tree_line t;
	char line[256];

	if (!fgets(line, sizeof(line), in) || sscanf(line, "# %llu areas", &areas) != 1)
		return msctl_fail("tree", "the debugfs file does not start with '# N areas'",
				  EPROTO);
	fprintf(out, "digraph areas {\n"
		"  graph [ordering=out, labelloc=t, fontname=\"Helvetica\", label=\"rbtree of %llu areas: [start, end), size, prot, backend; gap = free space below the area, max = the largest gap in its subtree (bold: its own); red and black nodes\"];\n"
		"  node [shape=box, style=\"rounded,filled\", fontname=\"Courier\", fontsize=10];\n"
		"  edge [arrowsize=0.6];\n", areas);
	while (fgets(line, sizeof(line), in)) {
		if (line[0] == '#')
			continue;
		if (sscanf(line, "%llx %llx %7s %7s %7s %llx %llx %19s %19s", &t.start,
			   &t.end, t.prot, t.kind, t.colour, &t.gap, &t.max, t.left,
			   t.right) != 9)
			return msctl_fail("tree", "a line of the debugfs file does not parse",
					  EPROTO);
		dot_tree_node(out, &t);
		nodes++;
	}
	fprintf(out, "}\n");
	if (nodes != areas)
		return msctl_fail("tree", "the file's node count differs from its header",
				  EPROTO);
	return 0;
}

static unsigned long long level_size(int level)
{
	return 4096ULL << (9 * level);
}

/* The tables on the way down to the leaves last drawn, by level. */
struct pt_path {
	char format[64];
	int levels, x86;
	int open[MAX_LEVELS];
	unsigned long long base[MAX_LEVELS];
	unsigned int entries[MAX_LEVELS];
	unsigned long tables, runs;
	FILE *out;
};

/* x86's names of the tables (EPT's too), else the level's number. */
static const char *table_name(const struct pt_path *p, int level, char *buf)
{
	static const char *const x86[MAX_LEVELS] = { "PT", "PD", "PDPT", "PML4", "PML5" };

	if (p->x86)
		return x86[level];
	sprintf(buf, "level %d", level);
	return buf;
}

static void close_table(struct pt_path *p, int level)
{
	unsigned long long base = p->base[level];
	char name[16];

	if (!p->open[level])
		return;
	fprintf(p->out,
		"  t%d_%llx [label=\"%s%s\\n[%#llx, %#llx)\\n%u of 512 entries\"];\n",
		level, base, table_name(p, level, name),
		level == p->levels - 1 ? " (root)" : "", base,
		base + level_size(level + 1), p->entries[level]);
	p->open[level] = 0;
}

/* Open the tables down to @level's that hold @va, drawing their edges. */
static void open_tables(struct pt_path *p, unsigned long long va, int level)
{
	unsigned long long base;
	int l, below;

	for (l = p->levels - 2; l >= level; l--) {
		base = va & ~(level_size(l + 1) - 1);
		if (p->open[l] && p->base[l] == base)
			continue;
		for (below = l; below >= 0; below--)
			close_table(p, below);
		p->open[l] = 1;
		p->base[l] = base;
		p->entries[l] = 0;
		p->entries[l + 1]++;
		p->tables++;
		fprintf(p->out, "  t%d_%llx -> t%d_%llx [label=\"%llu\"];\n", l + 1,
			p->base[l + 1], l, base, (va >> (12 + 9 * (l + 1))) & 511);
	}
}

/* Leaves [@start, @end) of one level and bits, inside one table. */
static void dot_run(struct pt_path *p, unsigned long long start,
		    unsigned long long end, int level, const char *bits)
{
	static const char *const sizes[] = { "4K", "2M", "1G", "512G" };
	unsigned long long first = (start >> (12 + 9 * level)) & 511;
	unsigned long long n = (end - start) / level_size(level);
	int huge = level > 0, absent = !!strstr(bits, "not-present");

	open_tables(p, start, level);
	p->entries[level] += n;
	fprintf(p->out,
		"  r%lu [shape=box, style=\"%s\", fillcolor=\"%s\", label=\"%s%llu x %s%s\\n[%#llx, %#llx)\"];\n",
		p->runs, absent ? "dashed" : "filled", huge ? "gold" : "#d8f0d8",
		huge ? "HUGE " : "", n, sizes[level], bits, start, end);
	if (n > 1)
		fprintf(p->out, "  t%d_%llx -> r%lu [label=\"%llu-%llu\"];\n", level,
			p->base[level], p->runs, first, first + n - 1);
	else
		fprintf(p->out, "  t%d_%llx -> r%lu [label=\"%llu\"];\n", level,
			p->base[level], p->runs, first);
	p->runs++;
}

static int parse_run(const char *line, int levels, unsigned long long *start,
		     unsigned long long *end, int *level, char *bits)
{
	static const char *const sizes[] = { "4K", "2M", "1G", "512G" };
	char size[8];
	unsigned long long n;
	int at;

	if (sscanf(line, "%llx-%llx %llu x %7s%n", start, end, &n, size, &at) != 4)
		return -1;
	for (*level = 0; *level < (int)ARRAY_SIZE(sizes); ++*level)
		if (!strcmp(size, sizes[*level]))
			break;
	if (*level >= levels || *level == ARRAY_SIZE(sizes) || *end <= *start)
		return -1;
	snprintf(bits, 128, "%.*s", (int)strcspn(line + at, "\n"), line + at);
	return 0;
}

/*
 * The header: "# FORMAT, N levels" (x86-64 4-level if there is none), then
 * "# N table pages, N frames".
 */
static int pt_header(FILE *in, struct pt_path *p, unsigned long long *tables,
		     unsigned long long *frames)
{
	char line[256];

	strcpy(p->format, "x86-64 4-level");
	p->levels = 4;
	while (fgets(line, sizeof(line), in) && line[0] == '#') {
		if (sscanf(line, "# %llu table pages, %llu frames", tables, frames) == 2) {
			p->x86 = !strncmp(p->format, "x86", 3);
			return p->levels >= 2 && p->levels <= MAX_LEVELS ? 0 : -1;
		}
		if (sscanf(line, "# %63[^,], %d levels", p->format, &p->levels) != 2)
			return -1;
	}
	return -1;
}

static int dot_pagetable(FILE *in, FILE *out)
{
	struct pt_path p = { .out = out };
	unsigned long long start, end, cut, tables = 0, frames = 0;
	char line[256], bits[128];
	int level;

	if (pt_header(in, &p, &tables, &frames))
		return msctl_fail("pagetable", "the debugfs file has no '# N table pages' header",
				  EPROTO);
	fprintf(out, "digraph pagetable {\n"
		"  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=\"page-table radix tree (%s): %llu tables, %llu frames; boxes are runs of equal leaves (gold: huge leaves, dashed: not present), edges the entry indexes\"];\n"
		"  node [shape=box, style=\"rounded,filled\", fillcolor=\"#dde8ff\", fontname=\"Courier\", fontsize=10];\n"
		"  edge [arrowsize=0.6, fontsize=9];\n", p.format, tables, frames);
	p.open[p.levels - 1] = 1;	/* the root is always there */
	p.tables = 1;
	while (fgets(line, sizeof(line), in)) {
		if (line[0] == '#')
			continue;
		if (parse_run(line, p.levels, &start, &end, &level, bits))
			return msctl_fail("pagetable", "a line of the debugfs file does not parse",
					  EPROTO);
		/* Cut the run where its table ends. */
		for (; start < end; start = cut) {
			cut = (start | (level_size(level + 1) - 1)) + 1;
			if (cut > end || !cut)
				cut = end;
			dot_run(&p, start, cut, level, bits);
		}
	}
	for (level = 0; level < p.levels; level++)
		close_table(&p, level);
	fprintf(out, "  // tables: %lu drawn, %llu in the page table\n}\n", p.tables, tables);
	if (p.tables != tables)
		return msctl_fail("pagetable",
				  "the tables above the leaves are not those the table holds",
				  EPROTO);
	return 0;
}

/**
 * msctl_dot() - the dot command: write Graphviz of this space
 * @cmd: its row of the table
 * @argc: 2 or 3
 * @argv: "dot", "tree" or "pagetable", and optionally the output file
 *
 * Return: 0, 1 if the space's debugfs files cannot be read or parsed, 2
 * for a usage error.
 */
int msctl_dot(const struct msctl_cmd *cmd, int argc, char **argv)
{
	int tree = argc > 1 && !strcmp(argv[1], "tree");
	FILE *in, *out = stdout;
	char dir[256];
	int ret;

	if (argc < 2 || argc > 3 || (!tree && strcmp(argv[1], "pagetable")))
		return msctl_usage(cmd, "draw the tree or the pagetable, to FILE or stdout");
	if (find_space_dir(dir, sizeof(dir)))
		return 1;
	in = open_in(dir, tree ? "tree" : "pagetable");
	if (!in)
		return 1;
	if (argc == 3 && strcmp(argv[2], "-")) {
		out = fopen(argv[2], "w");
		if (!out) {
			fclose(in);
			return msctl_fail(argv[2], "cannot write it", errno);
		}
	}
	ret = tree ? dot_tree(in, out) : dot_pagetable(in, out);
	fclose(in);
	if (out != stdout && fclose(out))
		ret = msctl_fail(argv[2], "cannot write it", errno);
	fflush(stdout);
	return ret;
}
