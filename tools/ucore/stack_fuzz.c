// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of the whole stack: the input is a sequence of 8-byte
 * records (struct stack_rec in stack.h), run on a fresh space with the
 * default budget; any failed check, sanitizer report, WARN or phys_to_virt()
 * of a page that is not one aborts. ucore_stack replays an input given as
 * a file argument the same way.
 */
#include <stddef.h>
#include <stdint.h>
#include <linux/limits.h>

#include "stack.h"

static struct stack st;

/* libFuzzer's entry point, under its own name at link time (Makefile). */
int stack_fuzz_one_input(const uint8_t *data, size_t size)
{
	stack_init(&st, "fuzz input", STACK_DEFAULT_BUDGET, ULONG_MAX,
		   stack_input_format(size));
	stack_run(&st, data, size);
	stack_fini(&st);
	return 0;
}
