/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the host hands a bare-metal probe (tools/mmu/), and what the probe
 * reports. QEMU's -device loader places the exported image at its base
 * and this list at the machine's MMU_LIST offset from the start of RAM;
 * the probe switches to the image's root, makes each probe's accesses,
 * and prints one line per probe on the UART:
 *
 *   p INDEX LS LU SS SU FS FU VALUE
 *
 * LS/LU: a load, supervisor then user (or the unprivileged load); SS/SU:
 * a store, likewise; FS/FU: an instruction fetch, likewise. Each is one
 * character: o (done), p (page fault: translation or permission), a
 * (AArch64's access flag fault), f (an access fault of the physical
 * address), i (a fetch trapped elsewhere than at the planted instruction,
 * or ran something else), x (any other exception, or a fetch that did not
 * trap at all). VALUE is what the first load that was done read, in hex (0
 * if neither was). Then, for each probe with an @entry_pa, "e INDEX
 * ENTRY": its leaf entry in the image after every probe ran, with the
 * Accessed and Dirty bits the MMU set (x86-64, RISC-V); and for each with a
 * @data_pa, "v INDEX VALUE": what that physical address holds at the end,
 * read through the probe's own mapping (where the stores landed). The last
 * line is "done COUNT".
 *
 * Before the probes run, the probe fills the LINEAR window with
 * MMU_WINDOW_WORD() of each word's physical address, so that a load
 * through a LINEAR page shows which frame the page really maps.
 *
 * Plain C types only: the probes are freestanding.
 */
#ifndef _MMU_PROBE_H
#define _MMU_PROBE_H

#define MMU_LIST_MAGIC	0x316c6c7570756d6dULL	/* "mmupull1" */
#define MMU_LIST_OFFSET	0x00200000ULL		/* from the start of RAM */
#define MMU_IMAGE_OFFSET 0x01000000ULL		/* the image's base */
#define MMU_LINEAR_OFFSET 0x04000000ULL		/* LINEAR phys window */
#define MMU_LINEAR_SIZE	0x04000000ULL		/* 64 MiB */
#define MMU_MAX_PROBES	8192

/* What the window's word at physical address @pa holds at the start. */
#define MMU_WINDOW_WORD(pa)	((pa) ^ 0x77696e646f770000ULL)

/* What a store writes: the probe's index and who stored. */
#define MMU_STORE_VALUE(index, user) \
	(0x5354000000000000ULL | ((unsigned long long)(index) << 8) | \
	 ((user) ? 2 : 1))

/**
 * struct mmu_list - the list's header
 * @magic: MMU_LIST_MAGIC
 * @count: probes that follow
 * @root: physical address of the image's root table (its base)
 * @levels: the format's levels (selects Sv39/48/57, 4- or 5-level paging)
 * @flags: 0
 * @ram: physical address where the machine's RAM starts
 */
struct mmu_list {
	unsigned long long magic;
	unsigned long long count;
	unsigned long long root;
	unsigned long long levels;
	unsigned long long flags;
	unsigned long long ram;
};

/**
 * struct mmu_probe - one page's accesses
 * @va: where the loads and stores go (8-byte aligned)
 * @fetch_va: where the fetches go (8-byte aligned)
 * @fetch_pa: where the probe first writes its instruction through its
 *	own mapping of RAM, so that a fetch that is done runs it (0: the
 *	page maps nothing the probe may write)
 * @entry_pa: where the image holds the leaf entry of @va, to report at
 *	the end (0: not reported)
 * @data_pa: where the image maps @va, to report at the end (0: not)
 */
struct mmu_probe {
	unsigned long long va;
	unsigned long long fetch_va;
	unsigned long long fetch_pa;
	unsigned long long entry_pa;
	unsigned long long data_pa;
};

#endif
