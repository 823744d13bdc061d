/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace build of the memory_set core (module/tree.c, set.c, area.c),
 * like Linux's tools/testing/vma: the same files, compiled against the
 * kernel source's tools/include and tools/lib/rbtree.c, with this folder's
 * few shims first on the include path. Included first by every file.
 */
#ifndef _UCORE_H
#define _UCORE_H
#define CONFIG_MEMORY_SET_KUNIT_TEST 1	/* keep the fault-injection point */
#include <linux/kconfig.h>
#include <linux/types.h>
#include <stdbool.h>
#include <errno.h>

#ifndef U64_MAX
#define U64_MAX	(~0ULL)
#endif
#endif
