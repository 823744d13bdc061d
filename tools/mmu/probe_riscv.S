/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RISC-V probe's assembly. It runs in M-mode, where nothing is
 * translated, so its own code, stack and the UART need no mapping: a load
 * or store of the image's virtual addresses is made with mstatus.MPRV set
 * (translated with MPP's privilege, S or U), and a fetch by an mret to the
 * address in S- or U-mode, where the probe's planted ecall traps back.
 * Every trap lands in M-mode (medeleg is 0) at trap_entry.
 *
 * Built without the C extension: a trap skips exactly 4 bytes.
 */
#define MSTATUS_MPP	(3 << 11)
#define MSTATUS_MPRV	(1 << 17)

	.section .text.entry, "ax"
	.option norvc
	.globl _start
_start:
	la	sp, stack_top
	la	t0, trap_entry
	csrw	mtvec, t0
	call	probe_main
1:	j	1b

/*
 * A trap: record mcause. In a fetch (fetch_resume set), go back to the
 * probe in M-mode; else skip the load or store that trapped. Only t5 and
 * t6 are used: the accessors below keep nothing in them.
 */
	.balign 4
trap_entry:
	csrr	t5, mcause
	la	t6, trap_cause
	sd	t5, 0(t6)
	csrr	t5, mepc
	la	t6, trap_pc
	sd	t5, 0(t6)
	la	t6, fetch_resume
	ld	t6, 0(t6)
	bnez	t6, 1f
	csrr	t5, mepc
	addi	t5, t5, 4
	csrw	mepc, t5
	mret
1:	csrw	mepc, t6
	li	t5, MSTATUS_MPP
	csrs	mstatus, t5		/* back to M-mode */
	mret

/* unsigned long long rv_load(va, mpp): a load with MPP's privilege. */
	.globl rv_load
rv_load:
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	csrs	mstatus, a1
	li	t0, MSTATUS_MPRV
	csrs	mstatus, t0
	ld	a0, 0(a0)
	csrc	mstatus, t0
	ret

/* void rv_store(va, mpp, value): a store with MPP's privilege. */
	.globl rv_store
rv_store:
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	csrs	mstatus, a1
	li	t0, MSTATUS_MPRV
	csrs	mstatus, t0
	sd	a2, 0(a0)
	csrc	mstatus, t0
	ret

/* void rv_fetch(va, mpp): run the instruction at va in MPP's mode. */
	.globl rv_fetch
rv_fetch:
	la	t0, 1f
	la	t1, fetch_resume
	sd	t0, 0(t1)
	csrw	mepc, a0
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	csrs	mstatus, a1
	mret
1:	la	t1, fetch_resume
	sd	zero, 0(t1)
	ret

	.bss
	.balign 16
	.globl trap_cause, trap_pc
trap_cause:
	.dword 0
trap_pc:
	.dword 0
fetch_resume:
	.dword 0
	.balign 16
	.space 16384
stack_top:

	.section .note.GNU-stack, "", %progbits
