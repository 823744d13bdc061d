// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memory_set: what the module holds, and per address
 * space its areas and its page table.
 *
 *   pages_held        pages held by every page table (0 when all are closed)
 *   areas_held        area nodes of every space (0 when all are closed)
 *   spaces            address spaces open
 *   <id>/maps         one line per area, like /proc/PID/maps
 *   <id>/pagetable    runs of equal leaves, like the kernel's ptdump, each
 *                     with the bits of its entries decoded in the space's
 *                     page-table format
 *   <id>/tree, opener the rbtree's shape, who opened it (debugfs_tree.c)
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "debugfs.h"

static struct dentry *ms_debugfs_root;
static atomic_long_t nr_spaces = ATOMIC_LONG_INIT(0);

static int pages_held_get(void *data, u64 *val)
{
	*val = ms_space_pages_held();
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(pages_held_fops, pages_held_get, NULL, "%llu\n");

static int areas_held_get(void *data, u64 *val)
{
	*val = ms_space_areas_held();
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(areas_held_fops, areas_held_get, NULL, "%llu\n");

static int spaces_get(void *data, u64 *val)
{
	*val = atomic_long_read(&nr_spaces);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(spaces_fops, spaces_get, NULL, "%llu\n");

static void seq_prot(struct seq_file *m, u32 prot)
{
	seq_printf(m, "%c%c%c%c%c", prot & MS_VM_READ ? 'r' : '-',
		   prot & MS_VM_WRITE ? 'w' : '-',
		   prot & MS_VM_EXEC ? 'x' : '-', prot & MS_VM_USER ? 'u' : '-',
		   prot & MS_VM_UNCACHED ? 'c' : '-');
}

static int maps_show(struct seq_file *m, void *unused)
{
	struct ms_space *space = m->private;
	struct ms_area_report r;
	u64 from = 0;

	if (mutex_lock_interruptible(&space->lock))
		return -ERESTARTSYS;
	for (; ms_space_area_from(space, from, &r); from = r.start + r.size) {
		seq_printf(m, "%012llx-%012llx ", r.start, r.start + r.size);
		seq_prot(m, r.prot);
		seq_printf(m, " %-6s resident %llu",
			   r.kind == MS_KIND_LINEAR ? "linear" : "alloc",
			   r.resident_bytes);
		if (r.kind == MS_KIND_LINEAR)
			seq_printf(m, " phys %#llx", r.phys);
		seq_putc(m, '\n');
		cond_resched();
	}
	mutex_unlock(&space->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(maps);

/*
 * A run of leaves of one level and the same bits but the address, whose
 * addresses follow each other (owned frames scatter: only bits count).
 */
struct leaf_run {
	struct ms_pt_walker walker;
	struct seq_file *m;
	const struct ms_pt_format *fmt;
	u64 start, end, next_phys, bits;
	struct ms_pt_leaf first;
	bool open;
};

static void run_flush(struct leaf_run *run)
{
	static const char *const sizes[] = { "4K", "2M", "1G", "512G" };
	const struct ms_pt_leaf *l = &run->first;
	u64 nr = (run->end - run->start) / ms_pt_level_size(l->level);
	char bits[160];

	if (!run->open)
		return;
	run->fmt->decode(l->entry, l->level, bits, sizeof(bits));
	seq_printf(run->m, "%012llx-%012llx %5llu x %s ", run->start, run->end,
		   nr, sizes[l->level]);
	seq_prot(run->m, l->prot);
	seq_printf(run->m, "%s%s%s%s%s [%s]\n", l->prot ? "" : " not-present",
		   l->accessed ? " A" : "", l->dirty ? " D" : "",
		   l->owned ? " owned" : "",
		   l->shared ? " shared (copy on write)" : "", bits);
	run->open = false;
}

static void run_add(struct ms_pt_walker *walker, u64 va,
		    const struct ms_pt_leaf *leaf)
{
	struct leaf_run *run = container_of(walker, struct leaf_run, walker);
	u64 bits = leaf->entry & ~leaf->addr_mask;
	u64 size = ms_pt_level_size(leaf->level);

	if (run->open && va == run->end && leaf->level == run->first.level &&
	    bits == run->bits && leaf->shared == run->first.shared &&
	    (leaf->owned || leaf->phys == run->next_phys)) {
		run->end += size;
		run->next_phys = leaf->phys + size;
		return;
	}
	run_flush(run);
	*run = (struct leaf_run){ .walker = run->walker,
				  .m = run->m,
				  .fmt = run->fmt,
				  .start = va,
				  .end = va + size,
				  .next_phys = leaf->phys + size,
				  .bits = bits,
				  .first = *leaf,
				  .open = true };
}

static int pagetable_show(struct seq_file *m, void *unused)
{
	struct ms_space *space = m->private;
	struct leaf_run run = { .walker.leaf = run_add, .m = m };
	struct ms_space_stats stats;

	if (mutex_lock_interruptible(&space->lock))
		return -ERESTARTSYS;
	run.fmt = ms_space_format(space);
	ms_space_stats(space, &stats);
	seq_printf(m, "# %s, %d levels\n", run.fmt->name, run.fmt->levels);
	seq_printf(m, "# %llu table pages, %llu frames\n", stats.pt_pages,
		   stats.data_pages);
	ms_space_walk_leaves(space, &run.walker);
	run_flush(&run);
	mutex_unlock(&space->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pagetable);

/**
 * ms_debugfs_init() - create /sys/kernel/debug/memory_set
 *
 * Like every debugfs user, the module works on without it.
 */
void ms_debugfs_init(void)
{
	ms_debugfs_root = debugfs_create_dir("memory_set", NULL);
	debugfs_create_file("pages_held", 0444, ms_debugfs_root, NULL,
			    &pages_held_fops);
	debugfs_create_file("spaces", 0444, ms_debugfs_root, NULL,
			    &spaces_fops);
	debugfs_create_file("areas_held", 0444, ms_debugfs_root, NULL,
			    &areas_held_fops);
}

/**
 * ms_debugfs_exit() - remove /sys/kernel/debug/memory_set
 */
void ms_debugfs_exit(void)
{
	debugfs_remove(ms_debugfs_root);
}

/**
 * ms_debugfs_add_space() - create the files of one address space
 * @space: the space; its files hold its lock while they are read
 * @id: the name of its folder
 *
 * Return: the folder, for ms_debugfs_remove_space().
 */
struct dentry *ms_debugfs_add_space(struct ms_space *space, unsigned long id)
{
	struct dentry *dir;
	char name[24];

	snprintf(name, sizeof(name), "%lu", id);
	dir = debugfs_create_dir(name, ms_debugfs_root);
	debugfs_create_file("maps", 0400, dir, space, &maps_fops);
	debugfs_create_file("pagetable", 0400, dir, space, &pagetable_fops);
	ms_debugfs_add_tree(dir, space);
	atomic_long_inc(&nr_spaces);
	return dir;
}

/**
 * ms_debugfs_remove_space() - remove the files of one address space
 * @dir: what ms_debugfs_add_space() returned
 *
 * Waits for readers of its files to finish, so the space may be freed next.
 */
void ms_debugfs_remove_space(struct dentry *dir)
{
	debugfs_remove(dir);
	atomic_long_dec(&nr_spaces);
}
