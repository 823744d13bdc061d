/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The crate's mock backend: a "page table" of one byte per address,
 * 0 = unmapped, else the flags. It refuses to map an entry that is set and
 * to unmap or protect one that is not, so any misuse by the core shows up
 * as -EBUSY. It can be told to fail its Nth call with -EIO. Plain C: the
 * KUnit suites and the userspace build of the core share it.
 */
#ifndef _MEMORY_SET_MOCK_BACKEND_H
#define _MEMORY_SET_MOCK_BACKEND_H

#include "memory_set.h"

#define MOCK_MAX_ADDR	0x10000
#define MOCK_ERR_STATE	(-EBUSY)
#define MOCK_ERR_FAIL	(-EIO)

/**
 * struct mock_pt - the mock page table
 * @entries: one byte per address: 0 or the flags mapped there
 * @cut: 1 where a split made an address a boundary
 * @nr_calls: backend calls so far
 * @fail_at: the call number that fails with MOCK_ERR_FAIL; 0 = never
 */
struct mock_pt {
	u8 entries[MOCK_MAX_ADDR];
	u8 cut[MOCK_MAX_ADDR];
	unsigned int nr_calls;
	unsigned int fail_at;
};

extern const struct mapping_backend_ops mock_ops;
extern const struct mapping_backend_ops mock_split_ops;

#endif /* _MEMORY_SET_MOCK_BACKEND_H */
