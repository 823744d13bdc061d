/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The AArch64 probe's assembly (QEMU's virt machine, booted at EL1). The
 * probe is linked in the upper half, as a kernel is: TTBR1 maps its first
 * 4 GiB of physical memory at HIGH + pa (1 GiB blocks: device memory for
 * the first, where the UART is, normal memory for RAM), so TTBR0 is free
 * for the image's root. The same two tables map the low 4 GiB through
 * TTBR0 for the instructions that turn the MMU on.
 *
 * Every exception lands in vectors: a fault of a load or store skips the
 * instruction; in a fetch (fetch_resume set), the planted svc or the
 * abort goes back to the probe at EL1. Only x16 and x17 are used there.
 */
#define HIGH		0xffff000000000000
#define BLOCK_AF	(1 << 10)
#define BLOCK_DEVICE	((1 << 2) | (3 << 53) | BLOCK_AF | 1)	/* Attr 1, XN */
#define BLOCK_NORMAL	((3 << 8) | BLOCK_AF | 1)		/* Attr 0, ISH */
#define MAIR		0x4400ff	/* 0: WB, 1: nGnRnE, 2: NC */
#define TCR		((16 << 0) | (1 << 8) | (1 << 10) | (3 << 12) | \
			 (16 << 16) | (1 << 24) | (1 << 26) | (3 << 28) | \
			 (2 << 30) | (5 << 32))
#define SPSR_EL1H	0x3c5		/* EL1 with SP_EL1, DAIF masked */
#define SPSR_EL0T	0x3c0

	.section .text.entry, "ax"
	.globl _start
_start:
	adrp	x0, l0_table
	add	x0, x0, :lo12:l0_table
	adrp	x1, l1_table
	add	x1, x1, :lo12:l1_table
	orr	x2, x1, #3		/* a table descriptor */
	str	x2, [x0]
	ldr	x2, =BLOCK_DEVICE
	str	x2, [x1]
	mov	x3, #1
1:	lsl	x4, x3, #30
	ldr	x5, =BLOCK_NORMAL
	orr	x4, x4, x5
	str	x4, [x1, x3, lsl #3]
	add	x3, x3, #1
	cmp	x3, #4
	b.lt	1b
	dsb	sy
	ldr	x1, =MAIR
	msr	mair_el1, x1
	ldr	x1, =TCR
	msr	tcr_el1, x1
	msr	ttbr0_el1, x0
	msr	ttbr1_el1, x0
	mov	x1, #(3 << 20)		/* no trap on FP/SIMD */
	msr	cpacr_el1, x1
	tlbi	vmalle1
	dsb	ish
	isb
	mrs	x1, sctlr_el1
	orr	x1, x1, #(1 << 0)	/* M */
	orr	x1, x1, #(1 << 2)	/* C */
	orr	x1, x1, #(1 << 12)	/* I */
	bic	x1, x1, #(1 << 1)	/* no alignment checks */
	bic	x1, x1, #(1 << 19)	/* no WXN */
	msr	sctlr_el1, x1
	isb
	ldr	x1, =high_entry
	br	x1

high_entry:
	ldr	x1, =stack_top
	mov	sp, x1
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
	bl	probe_main
2:	b	2b

/* An exception: record ESR, then skip the access or resume the probe. */
	.macro	handler
	mrs	x16, esr_el1
	adrp	x17, trap_esr
	str	x16, [x17, :lo12:trap_esr]
	mrs	x16, elr_el1
	adrp	x17, trap_pc
	str	x16, [x17, :lo12:trap_pc]
	adrp	x17, fetch_resume
	ldr	x17, [x17, :lo12:fetch_resume]
	cbnz	x17, 3f
	mrs	x16, elr_el1
	add	x16, x16, #4
	msr	elr_el1, x16
	eret
3:	msr	elr_el1, x17
	mov	x16, #SPSR_EL1H
	msr	spsr_el1, x16
	eret
	.endm

	.balign	2048
vectors:
	.rept	16
	.balign	128
	handler
	.endr

/* u64 a64_load(va): EL1; a64_load_user(va): LDTR, as EL0. */
	.globl a64_load, a64_load_user, a64_store, a64_store_user, a64_fetch
a64_load:
	ldr	x0, [x0]
	ret
a64_load_user:
	ldtr	x0, [x0]
	ret
a64_store:
	str	x1, [x0]
	ret
a64_store_user:
	sttr	x1, [x0]
	ret

/* void a64_fetch(va, user): run the instruction at va, at EL1 or EL0. */
a64_fetch:
	mov	x4, x30
	adr	x2, 5f
	adrp	x3, fetch_resume
	str	x2, [x3, :lo12:fetch_resume]
	cbz	x1, 4f
	msr	elr_el1, x0
	mov	x2, #SPSR_EL0T
	msr	spsr_el1, x2
	isb
	eret
4:	blr	x0
5:	adrp	x3, fetch_resume
	str	xzr, [x3, :lo12:fetch_resume]
	mov	x30, x4
	ret

	.ltorg

	.bss
	.balign	4096
l0_table:
	.space	4096
l1_table:
	.space	4096
	.balign	16
	.globl	trap_esr, trap_pc
trap_esr:
	.dword	0
trap_pc:
	.dword	0
fetch_resume:
	.dword	0
	.balign	16
	.space	16384
stack_top:

	.section .note.GNU-stack, "", %progbits
