/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * memory_set: the ioctl ABI of /dev/memory_set.
 *
 * Every open() of /dev/memory_set is an independent address space with its
 * own private page tables (x86-64 4-level unless MS_IOC_SET_FORMAT chose
 * another format); close() frees all of it. Addresses are
 * virtual addresses of that private space, not of the caller's process.
 *
 * Every struct has fixed-width fields and no implicit padding; every
 * reserved field must be 0. Unless a command says otherwise, ranges must be
 * page-aligned, non-empty, must not overflow and must lie below
 * MS_ADDR_LIMIT (the lower canonical half of x86_64); a bad argument fails
 * with EINVAL and changes nothing.
 *
 * Each space has two limits, set by module parameters when it is opened:
 * max_pages (page-table pages and frames) and max_areas; max_pages_total
 * and max_areas_total bound the pages and the areas of all spaces
 * together. An operation that would leave the space past either fails
 * with ENOMEM and changes nothing (a replacing map counts what it unmaps
 * as given back). A call waiting for the space's lock restarts after a
 * signal handler with SA_RESTART.
 *
 * The file's mode counts: every command that changes the space or makes a
 * new one (MAP, UNMAP, PROTECT, CLEAR, BATCH, TOUCH, WRITE, CLONE,
 * SET_FORMAT) needs a file open for writing, READ one open for reading;
 * STATS, LIST, QUERY and FIND_FREE work on any. Otherwise EBADF.
 *
 * The ioctl magic 0xE7 is not listed in
 * Documentation/userspace-api/ioctl/ioctl-number.rst.
 */
#ifndef _UAPI_LINUX_MEMORY_SET_H
#define _UAPI_LINUX_MEMORY_SET_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define MS_PAGE_SIZE		0x1000ULL
#define MS_ADDR_LIMIT		(1ULL << 47)	/* end of the lower half */
#define MS_PHYS_LIMIT		(1ULL << 52)	/* x86_64 MAXPHYADDR */

/* Protection, as in mmap(). 0 is PROT_NONE; otherwise READ is required. */
#define MS_PROT_READ		0x1
#define MS_PROT_WRITE		0x2
#define MS_PROT_EXEC		0x4
#define MS_PROT_USER		0x8	/* user-mode accessible (US bit) */
#define MS_PROT_UNCACHED	0x10	/* PCD | PWT */
#define MS_PROT_ALL		0x1f

/* Backends. */
#define MS_BACKEND_LINEAR	0	/* start maps to phys, start + k to phys + k */
#define MS_BACKEND_ALLOC	1	/* zeroed frames owned by the area */

/* MS_IOC_MAP flags. */
#define MS_MAP_REPLACE		0x1	/* unmap what overlaps first (MAP_FIXED) */
#define MS_MAP_POPULATE		0x2	/* ALLOC: allocate every frame now */
#define MS_MAP_HUGE		0x4	/* LINEAR: 2 MiB / 1 GiB leaves where aligned */
#define MS_MAP_ALL		0x7

/* MS_IOC_TOUCH results, like SEGV_MAPERR and SEGV_ACCERR. */
#define MS_TOUCH_OK		0
#define MS_TOUCH_MAPERR		1	/* nothing mapped there */
#define MS_TOUCH_ACCERR		2	/* mapped, but the access is not allowed */
/*
 * READ/WRITE: a LINEAR page; the module never reads or writes memory it
 * did not allocate.
 */
#define MS_TOUCH_NODATA		3

/* MS_IOC_SET_FORMAT formats: the page table's layout and entry bits. */
#define MS_FORMAT_X86_64_4L	0	/* x86-64 4-level, the default */
#define MS_FORMAT_X86_64_5L	1	/* x86-64 5-level (LA57) */
#define MS_FORMAT_X86_EPT	2	/* Intel EPT, 4-level */
#define MS_FORMAT_RISCV_SV39	3
#define MS_FORMAT_RISCV_SV48	4
#define MS_FORMAT_RISCV_SV57	5
#define MS_FORMAT_ARM64_4K	6	/* AArch64 stage 1, 4K granule, 48-bit VA */
#define MS_FORMAT_COUNT		7

/**
 * struct ms_map_args - MS_IOC_MAP: map [start, start + size)
 * @start: first address, page-aligned
 * @size: length, page-aligned, > 0
 * @phys: LINEAR: physical address of @start, page-aligned, the whole
 *	range below MS_PHYS_LIMIT; ALLOC: must be 0
 * @prot: MS_PROT_* bits
 * @backend: MS_BACKEND_*
 * @flags: MS_MAP_* bits; POPULATE only with ALLOC, HUGE only with LINEAR
 * @reserved: must be 0
 *
 * Overlap without MS_MAP_REPLACE fails with EEXIST. Allocation failure or
 * the per-space page budget fails with ENOMEM; nothing changes on error.
 */
struct ms_map_args {
	__u64 start;
	__u64 size;
	__u64 phys;
	__u32 prot;
	__u32 backend;
	__u32 flags;
	__u32 reserved;
};

/**
 * struct ms_range_args - MS_IOC_UNMAP and MS_IOC_PROTECT
 * @start: first address, page-aligned
 * @size: length, page-aligned, > 0
 * @prot: PROTECT: the new MS_PROT_* bits; UNMAP: must be 0
 * @reserved: must be 0
 */
struct ms_range_args {
	__u64 start;
	__u64 size;
	__u32 prot;
	__u32 reserved;
};

/**
 * struct ms_find_free_args - MS_IOC_FIND_FREE: the lowest free range
 * @hint: lowest start wanted, below MS_ADDR_LIMIT
 * @size: length, page-aligned, > 0, <= MS_ADDR_LIMIT
 * @limit_start: the range starts at or above this, <= @limit_end
 * @limit_end: the range ends at or below this, <= MS_ADDR_LIMIT
 * @align: alignment of the start: a power of two >= MS_PAGE_SIZE, or 0
 *	for MS_PAGE_SIZE (a zeroed struct with @size and the limits works)
 * @addr: out: the start found
 *
 * The answer is the lowest fit, found in O(log n) areas. With @align
 * above a page, a gap can be large enough and still hold no aligned
 * start; after 64 such gaps the search takes the lowest gap of at least
 * @size + @align - 1 bytes instead, which always fits (Linux's rule for
 * mmap): a fit, not always the lowest.
 *
 * EINVAL for any argument outside these rules; ENOMEM only if no free
 * range fits.
 */
struct ms_find_free_args {
	__u64 hint;
	__u64 size;
	__u64 limit_start;
	__u64 limit_end;
	__u64 align;
	__u64 addr;
};

/**
 * struct ms_area_info - one area, as MS_IOC_LIST reports it
 * @start: first address
 * @size: length
 * @phys: LINEAR: physical address of @start; ALLOC: 0
 * @prot: MS_PROT_* bits
 * @backend: MS_BACKEND_*
 * @resident_bytes: bytes backed by a translation (lazy ALLOC pages not
 *	yet touched are not)
 */
struct ms_area_info {
	__u64 start;
	__u64 size;
	__u64 phys;
	__u32 prot;
	__u32 backend;
	__u64 resident_bytes;
};

/**
 * struct ms_list_args - MS_IOC_LIST: the areas in address order
 * @from: list from the area containing or following this address
 * @areas: user pointer to an array of @capacity &struct ms_area_info
 * @capacity: entries available at @areas; with 0, nothing is written
 * @count: out: entries written
 *
 * Page through with @from = last.start + last.size.
 */
struct ms_list_args {
	__u64 from;
	__u64 areas;
	__u32 capacity;
	__u32 count;
};

/**
 * struct ms_query_args - MS_IOC_QUERY: translate one address
 * @vaddr: any address below MS_ADDR_LIMIT
 * @paddr: out: the physical address @vaddr maps to (0 for an ALLOC frame
 *	unless the file was opened with CAP_SYS_ADMIN, as for pagemap)
 * @entry: out: the raw leaf entry (its address bits hidden like @paddr)
 * @page_size: out: the leaf's size: 4 KiB, 2 MiB, 1 GiB, or 0 if unmapped
 * @prot: out: the MS_PROT_* bits of the leaf (0 for PROT_NONE)
 */
struct ms_query_args {
	__u64 vaddr;
	__u64 paddr;
	__u64 entry;
	__u32 page_size;
	__u32 prot;
};

/**
 * struct ms_touch_args - MS_IOC_TOUCH: simulate one access like the MMU
 * @vaddr: any address below MS_ADDR_LIMIT
 * @access: MS_PROT_READ, _WRITE or _EXEC (at least one), plus
 *	MS_PROT_USER for a user-mode access
 * @result: out: MS_TOUCH_*
 *
 * On success the leaf gets Accessed (and Dirty on a write); a lazy ALLOC
 * page is allocated on first touch.
 */
struct ms_touch_args {
	__u64 vaddr;
	__u32 access;
	__u32 result;
};

/**
 * struct ms_stats - MS_IOC_STATS: what the address space holds
 * @nr_areas: areas
 * @mapped_bytes: bytes covered by areas
 * @pt_pages: page-table pages, the root included (an empty space has 1)
 * @data_pages: ALLOC frames the space maps (shared ones included, like RSS)
 */
struct ms_stats {
	__u64 nr_areas;
	__u64 mapped_bytes;
	__u64 pt_pages;
	__u64 data_pages;
};

/* MS_IOC_BATCH operations. */
#define MS_BATCH_MAP		0
#define MS_BATCH_UNMAP		1
#define MS_BATCH_PROTECT	2
#define MS_BATCH_MAX		4096	/* ops in one call at most */

/* MS_IOC_BATCH flags. */
#define MS_BATCH_STOP_ON_ERROR	0x1	/* stop at the first op that fails */

/**
 * struct ms_batch_op - one operation of MS_IOC_BATCH
 * @op: MS_BATCH_MAP, _UNMAP or _PROTECT
 * @result: out: 0 or a negative errno, as the single ioctl would return
 * @args: MAP: all of it; UNMAP and PROTECT: @args.start, @args.size and
 *	(PROTECT) @args.prot, every other field 0
 */
struct ms_batch_op {
	__u32 op;
	__s32 result;
	struct ms_map_args args;
};

/**
 * struct ms_batch_args - MS_IOC_BATCH: many operations in one call
 * @ops: user pointer to an array of @count &struct ms_batch_op
 * @count: number of ops, at most MS_BATCH_MAX
 * @done: out: ops carried out (their @result is written back)
 * @flags: MS_BATCH_* bits
 * @reserved: must be 0
 *
 * The ops run in order under one lock, each all or nothing as the single
 * ioctl would be. The call fails (EINVAL, EFAULT) only for a bad header or
 * array, found before any op runs; a failing op only sets its @result,
 * unless MS_BATCH_STOP_ON_ERROR. A fatal signal stops the batch between
 * two ops, with @done and the results so far written back.
 */
struct ms_batch_args {
	__u64 ops;
	__u32 count;
	__u32 done;
	__u32 flags;
	__u32 reserved;
};

/**
 * struct ms_rw_args - MS_IOC_READ and MS_IOC_WRITE: copy data
 * @vaddr: first address of the space to copy from (READ) or to (WRITE);
 *	any alignment
 * @buf: user pointer to @len bytes of the caller's memory
 * @len: bytes to copy; 0 is a no-op; @vaddr + @len must not pass the
 *	space's address limit
 * @done: out: bytes copied
 * @access: 0, or MS_PROT_USER for a user-mode access
 * @result: out: MS_TOUCH_OK when @done == @len, else why the page at
 *	@vaddr + @done cannot be accessed: MS_TOUCH_MAPERR, _ACCERR or
 *	_NODATA (a LINEAR page)
 *
 * The copy goes through the page table as the MMU would: a READ needs a
 * present page, a WRITE a writable one; a lazy ALLOC page is allocated and
 * Accessed (and Dirty, for a write) are set as MS_IOC_TOUCH sets them. A
 * write to a frame shared with a clone copies it first. A bad @buf fails
 * with EFAULT and the budget with ENOMEM; then @done is not reported and
 * what was copied stays copied, as for write(2).
 */
struct ms_rw_args {
	__u64 vaddr;
	__u64 buf;
	__u64 len;
	__u64 done;
	__u32 access;
	__u32 result;
};

/**
 * struct ms_format_args - MS_IOC_SET_FORMAT: the page-table format
 * @format: MS_FORMAT_*
 * @reserved: must be 0
 * @addr_limit: out: the end of the space's virtual addresses (the lower
 *	half where the format has halves): every rule that says
 *	MS_ADDR_LIMIT means this for the space
 *
 * Only an empty space can choose (EBUSY if it holds any area, even for
 * the format it already has); EINVAL for an unknown format.
 */
struct ms_format_args {
	__u32 format;
	__u32 reserved;
	__u64 addr_limit;
};

/**
 * struct ms_export_args - MS_IOC_EXPORT: the page table as a loadable image
 * @buf: user pointer to @len bytes, or 0 to ask for @size
 * @len: bytes at @buf
 * @base: the physical address the image is meant to be placed at;
 *	page-aligned, and @base + @size must fit the format's physical
 *	addresses (52 bits for x86-64 and EPT, 56 for RISC-V, 48 for AArch64)
 * @size: out: the image's bytes, 4096 x (STATS.pt_pages + STATS.data_pages)
 * @root: out: the physical address of the root table in the image: @base
 * @flags: must be 0
 * @reserved: must be 0
 *
 * The image is a sequence of 4 KiB pages: the root table, then every other
 * table in the order a depth-first walk from the root meets them (a
 * table's entries in ascending order, each table before the tables below
 * it), then a copy of every frame the space owns (ALLOC pages) in
 * ascending order of virtual address. Every entry that names a table or
 * an owned frame names its copy (@base + 4096 x its index); every other
 * bit is as in the live table, and a LINEAR leaf keeps its phys: the image
 * names no physical address of the machine. Needs a file open for
 * reading (EBADF). EINVAL for a bad @base, @flags or @reserved; ENOSPC,
 * with @size and @root written back and nothing else done, if @buf is 0
 * or @len < @size; EFAULT for a bad @buf; ENOMEM if the space's budget
 * has no room for the one page the copy of a table is made in; EINTR on
 * a fatal signal. Exporting changes nothing (no Accessed bit is set).
 */
struct ms_export_args {
	__u64 buf;
	__u64 len;
	__u64 base;
	__u64 size;
	__u64 root;
	__u32 flags;
	__u32 reserved;
};

#define MS_IOC_MAGIC		0xE7

#define MS_IOC_MAP		_IOW(MS_IOC_MAGIC, 0x01, struct ms_map_args)
#define MS_IOC_UNMAP		_IOW(MS_IOC_MAGIC, 0x02, struct ms_range_args)
#define MS_IOC_PROTECT		_IOW(MS_IOC_MAGIC, 0x03, struct ms_range_args)
#define MS_IOC_FIND_FREE	_IOWR(MS_IOC_MAGIC, 0x04, struct ms_find_free_args)
#define MS_IOC_LIST		_IOWR(MS_IOC_MAGIC, 0x05, struct ms_list_args)
#define MS_IOC_QUERY		_IOWR(MS_IOC_MAGIC, 0x06, struct ms_query_args)
#define MS_IOC_TOUCH		_IOWR(MS_IOC_MAGIC, 0x07, struct ms_touch_args)
#define MS_IOC_CLEAR		_IO(MS_IOC_MAGIC, 0x08)
#define MS_IOC_STATS		_IOR(MS_IOC_MAGIC, 0x09, struct ms_stats)
#define MS_IOC_BATCH		_IOWR(MS_IOC_MAGIC, 0x0a, struct ms_batch_args)
#define MS_IOC_READ		_IOWR(MS_IOC_MAGIC, 0x0b, struct ms_rw_args)
#define MS_IOC_WRITE		_IOWR(MS_IOC_MAGIC, 0x0c, struct ms_rw_args)
/* A copy-on-write copy of the space, like fork: returns a new fd. */
#define MS_IOC_CLONE		_IO(MS_IOC_MAGIC, 0x0d)
#define MS_IOC_SET_FORMAT	_IOWR(MS_IOC_MAGIC, 0x0e, struct ms_format_args)
#define MS_IOC_EXPORT		_IOWR(MS_IOC_MAGIC, 0x0f, struct ms_export_args)

#endif /* _UAPI_LINUX_MEMORY_SET_H */
