// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit fault injection: see fail.h.
 */
#include "fail.h"

/* 0 = off, N = the Nth allocation from now fails. */
unsigned int ms_fail_nth;

/* Set: no block of several pages is free (pt_pages.c takes single pages). */
bool ms_fail_blocks;

/**
 * ms_should_fail() - fault-injection point of every allocation
 *
 * Return: true if ms_fail_nth counted down to this allocation.
 */
bool ms_should_fail(void)
{
	if (!ms_fail_nth)
		return false;
	return --ms_fail_nth == 0;
}
