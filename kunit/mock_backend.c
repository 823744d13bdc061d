// SPDX-License-Identifier: GPL-2.0
/*
 * The crate's mock backend: a "page table" of one byte per address (see
 * mock_backend.h). Plain C, shared by the KUnit suites (kunit/mock.c) and
 * the userspace build of the core (tools/ucore).
 */
#include <linux/string.h>

#include "mock_backend.h"

/* Count a call; fail it if it is the one chosen to fail. */
static int mock_call(struct mock_pt *pt)
{
	return ++pt->nr_calls == pt->fail_at ? MOCK_ERR_FAIL : 0;
}

static bool all_entries(const struct mock_pt *pt, u64 start, u64 size,
			bool mapped)
{
	u64 addr;

	if (start > MOCK_MAX_ADDR || size > MOCK_MAX_ADDR - start)
		return false;
	for (addr = start; addr < start + size; addr++)
		if (!!pt->entries[addr] != mapped)
			return false;
	return true;
}

/* Count the call, check that the range is all (un)mapped, then fill it. */
static int mock_fill(struct mock_pt *pt, u64 start, u64 size, bool mapped,
		     u8 value)
{
	int err = mock_call(pt);

	if (err)
		return err;
	if (!all_entries(pt, start, size, mapped))
		return MOCK_ERR_STATE;
	memset(&pt->entries[start], value, size);
	return 0;
}

static int mock_do_map(struct memory_area *area, u64 start, u64 size,
		       void *data)
{
	return mock_fill(data, start, size, false, area->flags);
}

static int mock_do_unmap(struct memory_area *area, u64 start, u64 size,
			 void *data)
{
	return mock_fill(data, start, size, true, 0);
}

static int mock_do_protect(struct memory_area *area, u64 start, u64 size,
			   u32 new_flags, void *data)
{
	return mock_fill(data, start, size, true, new_flags);
}

/*
 * A split marks the address; it must be strictly inside the area. Its
 * undo record is the address again, so that the unsplit can check it.
 */
static int mock_do_split(struct memory_area *area, u64 addr, void *data,
			 unsigned long *undo)
{
	struct mock_pt *pt = data;
	int err = mock_call(pt);

	if (err)
		return err;
	if (addr <= area->start || addr >= area->end || addr >= MOCK_MAX_ADDR)
		return MOCK_ERR_STATE;
	pt->cut[addr]++;
	*undo = addr;
	return 0;
}

static void mock_do_unsplit(struct memory_area *area, u64 addr,
			    unsigned long undo, void *data)
{
	struct mock_pt *pt = data;

	if (undo == addr && addr < MOCK_MAX_ADDR && pt->cut[addr])
		pt->cut[addr]--;
}

const struct mapping_backend_ops mock_ops = {
	.map = mock_do_map,
	.unmap = mock_do_unmap,
	.protect = mock_do_protect,
};

const struct mapping_backend_ops mock_split_ops = {
	.map = mock_do_map,
	.unmap = mock_do_unmap,
	.protect = mock_do_protect,
	.split = mock_do_split,
	.unsplit = mock_do_unsplit,
};
