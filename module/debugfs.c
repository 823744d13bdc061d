// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memory_set: what the module holds, and per address
 * space its areas and its page table.
 *
 *   pages_held        pages held by every page table (0 when all are closed)
 *   spaces            address spaces open
 *   <id>/maps         one line per area, like /proc/PID/maps
 *   <id>/pagetable    runs of equal leaves, like the kernel's ptdump
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "backend.h"
#include "debugfs.h"

static struct dentry *ms_debugfs_root;
static atomic_long_t nr_spaces = ATOMIC_LONG_INIT(0);

static int pages_held_get(void *data, u64 *val)
{
	*val = ms_pt_pages_held();
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(pages_held_fops, pages_held_get, NULL, "%llu\n");

static int spaces_get(void *data, u64 *val)
{
	*val = atomic_long_read(&nr_spaces);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(spaces_fops, spaces_get, NULL, "%llu\n");

static void seq_prot(struct seq_file *m, u32 prot)
{
	seq_printf(m, "%c%c%c%c%c", prot & MS_PROT_READ ? 'r' : '-',
		   prot & MS_PROT_WRITE ? 'w' : '-',
		   prot & MS_PROT_EXEC ? 'x' : '-',
		   prot & MS_PROT_USER ? 'u' : '-',
		   prot & MS_PROT_UNCACHED ? 'c' : '-');
}

static int maps_show(struct seq_file *m, void *unused)
{
	struct ms_space *space = m->private;
	struct memory_area *area;
	struct ms_area_info info;

	if (mutex_lock_interruptible(&space->lock))
		return -ERESTARTSYS;
	for (area = memory_set_first(&space->set); area;
	     area = memory_area_next(area)) {
		ms_space_area_info(space, area, &info);
		seq_printf(m, "%012llx-%012llx ", info.start,
			   info.start + info.size);
		seq_prot(m, info.prot);
		seq_printf(m, " %-6s resident %llu",
			   info.backend == MS_BACKEND_LINEAR ? "linear" :
							       "alloc",
			   info.resident_bytes);
		if (info.backend == MS_BACKEND_LINEAR)
			seq_printf(m, " phys %#llx", info.phys);
		seq_putc(m, '\n');
	}
	mutex_unlock(&space->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(maps);

/* A run of leaves of one level and bits, with contiguous addresses. */
struct leaf_run {
	struct ms_pt_walker walker;
	struct seq_file *m;
	u64 start, end, next_phys, bits;
	int level;
	bool open;
};

static void run_flush(struct leaf_run *run)
{
	static const char *const sizes[] = { "4K", "2M", "1G" };
	u64 nr = (run->end - run->start) / ms_pt_level_size(run->level);

	if (!run->open)
		return;
	seq_printf(run->m, "%012llx-%012llx %5llu x %s ", run->start, run->end,
		   nr, sizes[run->level]);
	seq_prot(run->m, ms_pte_to_prot(run->bits));
	seq_printf(run->m, "%s%s%s%s\n",
		   run->bits & MS_PTE_P ? "" : " not-present",
		   run->bits & MS_PTE_A ? " A" : "",
		   run->bits & MS_PTE_D ? " D" : "",
		   run->bits & MS_PTE_SW_OWNED ? " owned" : "");
	run->open = false;
}

static void run_add(struct ms_pt_walker *walker, u64 va, int level, u64 entry)
{
	struct leaf_run *run = container_of(walker, struct leaf_run, walker);
	u64 bits = entry & ~MS_PTE_ADDR, phys = entry & MS_PTE_ADDR;

	/* Owned frames are scattered: only their bits must agree. */
	if (run->open && va == run->end && level == run->level &&
	    bits == run->bits &&
	    ((bits & MS_PTE_SW_OWNED) || phys == run->next_phys)) {
		run->end += ms_pt_level_size(level);
		run->next_phys = phys + ms_pt_level_size(level);
		return;
	}
	run_flush(run);
	run->start = va;
	run->end = va + ms_pt_level_size(level);
	run->next_phys = phys + ms_pt_level_size(level);
	run->bits = bits;
	run->level = level;
	run->open = true;
}

static int pagetable_show(struct seq_file *m, void *unused)
{
	struct ms_space *space = m->private;
	struct leaf_run run = { .walker.leaf = run_add, .m = m };

	if (mutex_lock_interruptible(&space->lock))
		return -ERESTARTSYS;
	seq_printf(m, "# %lu table pages, %lu frames\n", space->pt.nr_tables,
		   space->pt.nr_frames);
	ms_pt_walk_leaves(&space->pt, &run.walker);
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
