// SPDX-License-Identifier: GPL-2.0
/*
 * memory_set module: load and unload.
 */
#include <linux/module.h>

#include "dev.h"

static int __init memory_set_module_init(void)
{
	return ms_dev_register();
}

static void __exit memory_set_module_exit(void)
{
	ms_dev_unregister();
}

module_init(memory_set_module_init);
module_exit(memory_set_module_exit);

MODULE_DESCRIPTION("Private address spaces with mmap/munmap/mprotect semantics");
MODULE_AUTHOR("The memory_set developers");
MODULE_LICENSE("GPL");
