/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fault-injection point of every allocation the module makes (area
 * nodes, table pages, frames). Built with the KUnit tests, setting
 * ms_fail_nth to N makes the Nth allocation from then on fail, like the
 * kernel's fail-nth; otherwise it compiles to nothing.
 */
#ifndef _MEMORY_SET_FAIL_H
#define _MEMORY_SET_FAIL_H

#include <linux/kconfig.h>
#include <linux/types.h>

#if IS_ENABLED(CONFIG_MEMORY_SET_KUNIT_TEST)
extern unsigned int ms_fail_nth;
bool ms_should_fail(void);
#else
static inline bool ms_should_fail(void)
{
	return false;
}
#endif

#endif /* _MEMORY_SET_FAIL_H */
