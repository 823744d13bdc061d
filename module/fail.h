/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fault-injection point of every allocation the module makes (area
 * nodes, table pages, frames). Built with the KUnit tests, setting
 * ms_fail_nth to N makes the Nth allocation from then on fail, like the
 * kernel's fail-nth; setting ms_fail_blocks makes every block of several
 * pages unavailable, as on a fragmented machine, so that the tests run
 * the page-by-page paths too. Otherwise both compile to nothing.
 */
#ifndef _MEMORY_SET_FAIL_H
#define _MEMORY_SET_FAIL_H

#include <linux/compiler.h>
#include <linux/kconfig.h>
#include <linux/types.h>

#if IS_ENABLED(CONFIG_MEMORY_SET_KUNIT_TEST)
extern unsigned int ms_fail_nth;
extern bool ms_fail_blocks;
bool ms_should_fail(void);

static inline bool ms_blocks_fail(void)
{
	return READ_ONCE(ms_fail_blocks);
}
#else
static inline bool ms_should_fail(void)
{
	return false;
}

static inline bool ms_blocks_fail(void)
{
	return false;
}
#endif

#endif /* _MEMORY_SET_FAIL_H */
