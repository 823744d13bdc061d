/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace build of memory_set, like Linux's tools/testing/vma: the
 * module's own files (the core: tree.c, set.c, area.c, fail.c; the whole
 * stack adds backend.c, pgtable.c, space.c), compiled against the
 * kernel source's tools/include and tools/lib/rbtree.c, with this folder's
 * shims first on the include path. Included first by every file.
 */
#ifndef _UCORE_H
#define _UCORE_H
#define CONFIG_MEMORY_SET_KUNIT_TEST 1	/* keep the fault-injection point */
#define CONFIG_MEMORY_SET_DEBUG 1	/* and the debug checks of pgtable.c */
#define CONFIG_PHYS_ADDR_T_64BIT 1	/* x86_64's phys_addr_t */
#include <linux/kconfig.h>
#include <linux/types.h>
#include <stdbool.h>
#include <errno.h>

#ifndef U64_MAX
#define U64_MAX	(~0ULL)
#endif
#endif
