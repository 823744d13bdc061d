/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MEMORY_SET_DEBUGFS_H
#define _MEMORY_SET_DEBUGFS_H

#include "space.h"

struct dentry;

void ms_debugfs_init(void);
void ms_debugfs_exit(void);
struct dentry *ms_debugfs_add_space(struct ms_space *space, unsigned long id);
void ms_debugfs_remove_space(struct dentry *dir);
void ms_debugfs_add_tree(struct dentry *dir, struct ms_space *space);

#endif /* _MEMORY_SET_DEBUGFS_H */
