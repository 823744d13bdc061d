/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86-64 probe's assembly. QEMU boots it through its PVH entry (the
 * Xen ELF note below): 32-bit protected mode, paging off. The boot code
 * (.boot, linked where it is loaded) builds tables that map the first
 * 1 GiB twice, at 0 and at KBASE, with 2 MiB pages (one more level, a
 * PML5, if the probe list asks for 5-level paging: LA57 is set before
 * paging is), enters long mode and jumps to the rest of the probe, which
 * runs at KBASE as a kernel does. arch_setup() then hands the image's
 * root its last entry (KBASE's half) and loads it into CR3.
 *
 * Every access records what trapped and resumes at resume_rip in ring 0
 * on the stack it left (isr_common), whatever ring trapped: user accesses
 * are made by an iretq to ring 3 into a two-instruction stub that ends
 * in int $0x80, a fetch by a call (ring 0) or an iretq (ring 3) to the
 * planted int $0x80.
 */
#define KBASE		0xffffffff80000000
#define LIST_LEVELS	(0x200000 + 24)	/* struct mmu_list's levels */
#define PTE		0x7		/* P, RW, US */
#define PTE_2M		0x87		/* P, RW, US, PS */
#define KCODE		0x08
#define KDATA		0x10
#define UDATA		0x1b
#define UCODE		0x23
#define TSS_SEL		0x28

	.section .note.Xen, "a"
	.balign	4
	.long	4, 4, 18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz	"Xen"
	.long	pvh_start

	.section .boot, "awx"
	.code32
	.globl	pvh_start
pvh_start:
	cli
	lgdt	boot_gdt_ptr
	/* The PD: 512 x 2 MiB, the first 1 GiB. */
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$PTE_2M, %eax
	movl	%eax, boot_pd(, %ecx, 8)
	incl	%ecx
	cmpl	$512, %ecx
	jne	1b
	movl	$(boot_pd + PTE), boot_pdpt_low
	movl	$(boot_pd + PTE), boot_pdpt_high + 510 * 8
	movl	$(boot_pdpt_low + PTE), boot_pml4
	movl	$(boot_pdpt_high + PTE), boot_pml4 + 511 * 8
	movl	$boot_pml4, %eax
	movl	%cr4, %edx
	orl	$(1 << 5), %edx			/* PAE */
	cmpl	$5, LIST_LEVELS
	jne	2f
	movl	$(boot_pml4 + PTE), boot_pml5
	movl	$(boot_pml4 + PTE), boot_pml5 + 511 * 8
	movl	$boot_pml5, %eax
	orl	$(1 << 12), %edx		/* LA57 */
2:	movl	%edx, %cr4
	movl	%eax, %cr3
	movl	$0xc0000080, %ecx		/* EFER */
	rdmsr
	orl	$((1 << 8) | (1 << 11)), %eax	/* LME, NXE */
	wrmsr
	movl	%cr0, %eax
	orl	$((1 << 31) | (1 << 16) | 1), %eax	/* PG, WP, PE */
	movl	%eax, %cr0
	ljmp	$KCODE, $long_start

	.code64
long_start:
	movabsq	$high_start, %rax
	jmp	*%rax

	.balign	8
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff		/* 64-bit code */
	.quad	0x00cf92000000ffff		/* data */
boot_gdt_ptr:
	.word	3 * 8 - 1
	.long	boot_gdt

	.balign	4096
	.globl	boot_pml4, boot_pdpt_high
boot_pml5:	.space	4096
boot_pml4:	.space	4096
boot_pdpt_low:	.space	4096
boot_pdpt_high:	.space	4096
boot_pd:	.space	4096

	.text
high_start:
	movabsq	$stack_top, %rsp
	lgdt	gdt_ptr(%rip)
	movw	$KDATA, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	pushq	$KCODE
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:	call	x86_tables
	movw	$TSS_SEL, %ax
	ltr	%ax
	lidt	idt_ptr(%rip)
	call	probe_main
2:	hlt
	jmp	2b

/* Vectors 0-31 and 0x80: push the vector (and an error code if none). */
	.macro	isr vec, has_error
	.globl	isr\vec
isr\vec:
	.if !\has_error
	pushq	$0
	.endif
	pushq	$\vec
	jmp	isr_common
	.endm

	.irp	v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,22,23,24,25,26,27,28,29,31
	isr	\v, 0
	.endr
	.irp	v, 8,10,11,12,13,14,17,21,30
	isr	\v, 1
	.endr
	isr	128, 0

/*
 * Record vector, error code and RAX (a user load's value), then resume
 * the probe: ring 0, resume_rip, the stack it had when it left.
 */
isr_common:
	movq	%rax, trap_rax(%rip)
	popq	%rax
	movq	%rax, trap_vector(%rip)
	popq	%rax
	movq	%rax, trap_error(%rip)
	movq	0(%rsp), %rax
	movq	%rax, trap_pc(%rip)
	movq	resume_rip(%rip), %rax
	movq	%rax, 0(%rsp)
	movq	$KCODE, 8(%rsp)
	movq	$2, 16(%rsp)
	movq	resume_rsp(%rip), %rax
	movq	%rax, 24(%rsp)
	movq	$KDATA, 32(%rsp)
	iretq

/* Set resume_rip to the label and resume_rsp to the stack as it is. */
	.macro	resume_at label
	leaq	\label(%rip), %rax
	movq	%rax, resume_rip(%rip)
	movq	%rsp, resume_rsp(%rip)
	.endm

/* Leave for ring 3 at RIP %rax, with RDI and RSI as they are. */
	.macro	to_user
	pushq	$UDATA
	pushq	$0
	pushq	$2
	pushq	$UCODE
	pushq	%rax
	iretq
	.endm

/* u64 x86_load(va): ring 0. */
	.globl	x86_load, x86_store, x86_load_user, x86_store_user
	.globl	x86_fetch, x86_fetch_user
x86_load:
	resume_at 1f
	movq	(%rdi), %rax
1:	ret

x86_store:
	resume_at 1f
	movq	%rsi, (%rdi)
1:	ret

x86_load_user:
	resume_at 1f
	leaq	user_load(%rip), %rax
	to_user
1:	movq	trap_rax(%rip), %rax
	ret

x86_store_user:
	resume_at 1f
	leaq	user_store(%rip), %rax
	to_user
1:	ret

x86_fetch:
	resume_at 1f
	call	*%rdi
1:	ret

x86_fetch_user:
	resume_at 1f
	movq	%rdi, %rax
	to_user
1:	ret

/* Ring 3's side: one access, then back to ring 0. */
user_load:
	movq	(%rdi), %rax
	int	$0x80
user_store:
	movq	%rsi, (%rdi)
	int	$0x80

	.data
	.balign	16
	.globl	gdt, tss, idt, trap_vector, trap_error, trap_pc
gdt:
	.quad	0
	.quad	0x00af9a000000ffff		/* 0x08 kernel code */
	.quad	0x00cf92000000ffff		/* 0x10 kernel data */
	.quad	0x00cff2000000ffff		/* 0x18 user data */
	.quad	0x00affa000000ffff		/* 0x20 user code */
	.quad	0, 0				/* 0x28 TSS, by x86_tables() */
gdt_ptr:
	.word	7 * 8 - 1
	.quad	gdt
idt_ptr:
	.word	256 * 16 - 1
	.quad	idt
trap_vector:	.quad	0
trap_error:	.quad	0
trap_pc:	.quad	0
	.globl	isr_table
isr_table:					/* vectors 0-31, then 0x80 */
	.irp	v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,128
	.quad	isr\v
	.endr
trap_rax:	.quad	0
resume_rip:	.quad	0
resume_rsp:	.quad	0

	.bss
	.balign	4096
idt:	.space	256 * 16
tss:	.space	104
	.balign	16
	.space	8192
	.globl	ring0_stack_top
ring0_stack_top:				/* TSS.RSP0: ring 3's traps */
	.space	16384
	.globl	stack_top
stack_top:

	.section .note.GNU-stack, "", @progbits
