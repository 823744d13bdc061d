// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding an entry's bits into names, which every format's decode()
 * shares: a leaf of the formats' stack, calling nothing of the page table.
 */
#include <linux/kernel.h>

#include "pt_format.h"

/**
 * ms_pt_decode_names() - the names of the fields an entry has
 * @entry: the entry
 * @names: the fields: each name is printed if entry & mask == value
 * @nr: how many
 * @buf: where the names go, separated by spaces, NUL-terminated
 * @size: the size of @buf
 *
 * Return: the length written, as scnprintf().
 */
int ms_pt_decode_names(u64 entry, const struct ms_pt_bit_name *names,
		       unsigned int nr, char *buf, size_t size)
{
	unsigned int i;
	int len = 0;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < nr; i++)
		if ((entry & names[i].mask) == names[i].value)
			len += scnprintf(buf + len, size - len, "%s%s",
					 len ? " " : "", names[i].name);
	return len;
}
