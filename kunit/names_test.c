// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: msctl's decoder (tools/ms_formats.h, userspace's copy of the
 * formats' bit names) against the module's (each format's decode()).
 * For every format, on a present leaf of each level with every single bit
 * set in turn, and with each of msctl's multi-bit fields set to its value,
 * every name msctl prints must be one the module prints for the same
 * entry: a wrong bit position or name in either table fails here.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "prot.h"
#include "pt_arch.h"
#include "pt_format.h"
#include "../tools/ms_formats.h"

/* Whether @name is one of the space-separated words of @names. */
static bool has_word(const char *names, const char *name)
{
	size_t len = strlen(name);
	const char *p = names;

	while ((p = strstr(p, name))) {
		if ((p == names || p[-1] == ' ') && (!p[len] || p[len] == ' '))
			return true;
		p += len;
	}
	return false;
}

/* Every name msctl gives @entry, the module's decode() gives too. */
static void expect_same_names(struct kunit *test, const struct ms_pt_format *fmt,
			      const struct ms_format_desc *desc, u64 entry,
			      int level, unsigned int *checked)
{
	const struct ms_field *f;
	char names[256];
	unsigned int i;

	/* A bit that makes the leaf a table (AArch64's type): no leaf names. */
	if (level > 0 && pt_arch_present(desc->format, entry) &&
	    pt_arch_is_table(desc->format, entry, level))
		return;
	fmt->decode(entry, level, names, sizeof(names));
	for (i = 0; i < MS_MAX_FIELDS && desc->fields[i].name; i++) {
		f = &desc->fields[i];
		if ((entry & f->mask) != f->value ||
		    (!f->value && !(entry & desc->present)))
			continue;
		KUNIT_EXPECT_TRUE_MSG(test, has_word(names, f->name),
				      "%s: entry %#llx level %d: msctl says %s, the module [%s]",
				      desc->name, entry, level, f->name, names);
		(*checked)++;
	}
}

static void test_msctl_names_are_the_modules(struct kunit *test)
{
	unsigned int d, bit, i, checked = 0;
	const struct ms_format_desc *desc;
	const struct ms_pt_format *fmt;
	u64 leaf, entry;
	int level;

	for (d = 0; d < ARRAY_SIZE(ms_formats); d++) {
		desc = &ms_formats[d];
		fmt = ms_pt_format_get(desc->format);
		KUNIT_ASSERT_NOT_NULL(test, fmt);
		for (level = 0; level <= fmt->max_leaf_level; level++) {
			/* A present leaf of @level, as the module makes it. */
			leaf = fmt->prot_bits(MS_VM_READ) |
			       fmt->leaf_type[level];
			for (bit = 0; bit < 64; bit++) {
				entry = leaf | BIT_ULL(bit);
				expect_same_names(test, fmt, desc, entry, level,
						  &checked);
			}
			for (i = 0; i < MS_MAX_FIELDS && desc->fields[i].name;
			     i++) {
				entry = (leaf & ~desc->fields[i].mask) |
					desc->fields[i].value;
				expect_same_names(test, fmt, desc, entry, level,
						  &checked);
			}
		}
	}
	/* Not a test that cannot fail: names were compared. */
	KUNIT_EXPECT_GT(test, checked, 1000U);
}

static struct kunit_case memory_set_names_cases[] = {
	KUNIT_CASE(test_msctl_names_are_the_modules),
	{}
};

static struct kunit_suite memory_set_names_suite = {
	.name = "memory_set_names",
	.test_cases = memory_set_names_cases,
};

kunit_test_suite(memory_set_names_suite);
