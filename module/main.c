// SPDX-License-Identifier: GPL-2.0
/*
 * memory_set module: load and unload.
 */
#include <linux/module.h>

#include "debugfs.h"
#include "dev.h"
#include "memory_set.h"

static int __init memory_set_module_init(void)
{
	int err = memory_area_cache_init();

	if (err)
		return err;
	ms_debugfs_init();
	err = ms_dev_register();
	if (err) {
		ms_debugfs_exit();
		memory_area_cache_exit();
	}
	return err;
}

static void __exit memory_set_module_exit(void)
{
	ms_dev_unregister();
	ms_debugfs_exit();
	memory_area_cache_exit();
}

module_init(memory_set_module_init);
module_exit(memory_set_module_exit);

MODULE_DESCRIPTION("Private address spaces with mmap/munmap/mprotect semantics");
MODULE_AUTHOR("The memory_set developers");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.6.0");
