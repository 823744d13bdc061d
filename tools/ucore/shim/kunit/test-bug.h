/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace build: a check that would fail the current KUnit test aborts,
 * so that the fuzzer and the runners report it with its input.
 */
#ifndef _UCORE_KUNIT_TEST_BUG_H
#define _UCORE_KUNIT_TEST_BUG_H
#include <linux/bug.h>

#define kunit_fail_current_test(fmt, ...)				\
	ucore_die(__FILE__, __LINE__, "kunit_fail_current_test: " fmt,	\
		  ##__VA_ARGS__)
#endif
