// SPDX-License-Identifier: GPL-2.0
/*
 * memory_set module: registration and parameters.
 */
#include <linux/module.h>

static int __init memory_set_module_init(void)
{
	return 0;
}

static void __exit memory_set_module_exit(void)
{
}

module_init(memory_set_module_init);
module_exit(memory_set_module_exit);

MODULE_DESCRIPTION("Private address spaces with mmap/munmap/mprotect semantics");
MODULE_AUTHOR("The memory_set developers");
MODULE_LICENSE("GPL");
