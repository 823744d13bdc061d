// SPDX-License-Identifier: GPL-2.0
/*
 * Per address space, /sys/kernel/debug/memory_set/<id>/:
 *
 *   tree     the rbtree of areas, one node a line in address order: its
 *            area, colour, gap, subtree_gap and children (msctl dot tree
 *            draws it)
 *   opener   the pid (thread group, init namespace) that opened the space,
 *            so that msctl finds its own space's folder
 *
 * The tree file is a seq_file iterator: each read() takes the space's lock
 * (interruptibly) for one buffer of lines and resumes by address, as
 * /proc/PID/maps does, so a space of 10^6 areas is read in pages, not
 * rendered into one buffer.
 */
#include <linux/debugfs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "debugfs.h"
#include "space_tree.h"

/*
 * Where a read of the tree file stands: record @pos (0 is the header) is
 * the node of the first area at or after @from; @node is that record.
 */
struct tree_iter {
	struct ms_space *space;
	loff_t pos;
	u64 from;
	bool locked;
	struct ms_tree_node_report node;
};

static void *tree_fill(struct tree_iter *it)
{
	return ms_space_tree_node_from(it->space, it->from, &it->node) ?
		       &it->node :
		       NULL;
}

static void *tree_start(struct seq_file *m, loff_t *pos)
{
	struct tree_iter *it = m->private;
	loff_t i;

	if (mutex_lock_interruptible(&it->space->lock))
		return ERR_PTR(-ERESTARTSYS);
	it->locked = true;
	if (!*pos)
		return SEQ_START_TOKEN;
	if (*pos != it->pos) {
		/* A seek: count from the first area (O(n), never on reads). */
		it->from = 0;
		for (i = 1; i < *pos; i++) {
			if (!tree_fill(it))
				return NULL;
			it->from = it->node.area.start + it->node.area.size;
			cond_resched();
		}
		it->pos = *pos;
	}
	return tree_fill(it);
}

static void *tree_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct tree_iter *it = m->private;

	++*pos;
	if (v == SEQ_START_TOKEN)
		it->from = 0;
	else
		it->from = it->node.area.start + it->node.area.size;
	it->pos = *pos;
	return tree_fill(it);
}

static void tree_stop(struct seq_file *m, void *v)
{
	struct tree_iter *it = m->private;

	if (it->locked)
		mutex_unlock(&it->space->lock);
	it->locked = false;
}

static void tree_header(struct seq_file *m, struct ms_space *space)
{
	struct ms_space_stats stats;
	u64 root;

	ms_space_stats(space, &stats);
	seq_printf(m, "# %llu areas", stats.nr_areas);
	if (ms_space_tree_root(space, &root))
		seq_printf(m, ", root %llx", root);
	seq_puts(m, "\n# start end prot kind colour gap subtree_gap");
	seq_puts(m, " left right\n");
}

static void seq_child(struct seq_file *m, bool has, u64 start)
{
	if (has)
		seq_printf(m, " %llx", start);
	else
		seq_puts(m, " -");
}

static int tree_show(struct seq_file *m, void *v)
{
	static const u32 bits[] = { MS_VM_READ, MS_VM_WRITE, MS_VM_EXEC,
				    MS_VM_USER, MS_VM_UNCACHED };
	static const char letters[] = "rwxuc";
	struct tree_iter *it = m->private;
	const struct ms_tree_node_report *n = v;
	unsigned int i;

	if (v == SEQ_START_TOKEN) {
		tree_header(m, it->space);
		return 0;
	}
	seq_printf(m, "%llx %llx ", n->area.start,
		   n->area.start + n->area.size);
	for (i = 0; i < ARRAY_SIZE(bits); i++)
		seq_putc(m, n->area.prot & bits[i] ? letters[i] : '-');
	seq_printf(m, " %s %s %llx %llx",
		   n->area.kind == MS_KIND_LINEAR ? "linear" : "alloc",
		   n->red ? "red" : "black", n->gap, n->subtree_gap);
	seq_child(m, n->has_left, n->left);
	seq_child(m, n->has_right, n->right);
	seq_putc(m, '\n');
	return 0;
}

static const struct seq_operations tree_seq_ops = {
	.start = tree_start,
	.next = tree_next,
	.stop = tree_stop,
	.show = tree_show,
};

static int tree_open(struct inode *inode, struct file *file)
{
	struct tree_iter *it;

	it = __seq_open_private(file, &tree_seq_ops, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->space = inode->i_private;
	it->pos = 1;
	return 0;
}

static const struct file_operations tree_fops = {
	.owner = THIS_MODULE,
	.open = tree_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release_private,
};

static int opener_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "%ld\n", (long)m->private);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(opener);

/**
 * ms_debugfs_add_tree() - create a space's tree and opener files
 * @dir: the space's folder
 * @space: the space; the tree file holds its lock while it is read
 *
 * Called by the opener, whose pid the opener file shows.
 */
void ms_debugfs_add_tree(struct dentry *dir, struct ms_space *space)
{
	debugfs_create_file("tree", 0400, dir, space, &tree_fops);
	debugfs_create_file("opener", 0400, dir,
			    (void *)(long)task_tgid_nr(current), &opener_fops);
}
