// SPDX-License-Identifier: GPL-2.0
/*
 * The RISC-V probe (QEMU's virt machine, -bios none: the probe is the
 * firmware, in M-mode). satp takes the image's root in Sv39, Sv48 or Sv57
 * mode; mstatus.SUM is set, so supervisor loads and stores reach user
 * pages (as the module's rule for a supervisor access says), while a
 * supervisor fetch from a user page always faults. PMP entry 0 grants
 * S and U the whole address space: only the page tables decide.
 */
#include "probe_arch.h"

#define UART		0x10000000UL	/* 16550: THR 0, LSR 5 */
#define TEST_DEVICE	0x100000UL	/* sifive_test */
#define MPP_S		BIT(11)
#define MPP_U		0UL
#define SUM		BIT(18)
#define ECALL_NOP	0x0000001300000073ULL /* ecall; nop */

static inline void write_pmp0(unsigned long addr, unsigned long cfg)
{
	asm volatile("csrw pmpaddr0, %0\n\tcsrw pmpcfg0, %1"
		     : : "r"(addr), "r"(cfg) : "memory");
}

static inline void set_mstatus(unsigned long bits)
{
	asm volatile("csrs mstatus, %0" : : "r"(bits) : "memory");
}

static inline void write_satp(unsigned long satp)
{
	asm volatile("csrw satp, %0\n\tsfence.vma" : : "r"(satp) : "memory");
}

static char result(unsigned long long cause)
{
	switch (cause) {
	case NO_TRAP:
		return 'o';
	case 12: /* instruction page fault */
	case 13: /* load page fault */
	case 15: /* store/AMO page fault */
		return 'p';
	case 1: /* instruction access fault */
	case 5: /* load access fault */
	case 7: /* store/AMO access fault */
		return 'f';
	case 2: /* illegal instruction: not the planted ecall */
		return 'i';
	default:
		return 'x';
	}
}

int arch_setup(const struct mmu_list *list)
{
	unsigned long mode;

	switch (list->levels) {
	case 3:
		mode = 8UL; /* Sv39 */
		break;
	case 4:
		mode = 9UL; /* Sv48 */
		break;
	case 5:
		mode = 10UL; /* Sv57 */
		break;
	default:
		return -1;
	}
	write_pmp0(~0UL >> 10, 0x1fUL); /* R W X over everything (NAPOT) */
	set_mstatus(SUM);
	write_satp(mode << 60 | list->root >> 12);
	return 0;
}

char arch_load(unsigned long long va, int user, unsigned long long *value)
{
	trap_cause = NO_TRAP;
	*value = rv_load(va, user ? MPP_U : MPP_S);
	return result(trap_cause);
}

char arch_store(unsigned long long va, int user, unsigned long long value)
{
	trap_cause = NO_TRAP;
	rv_store(va, user ? MPP_U : MPP_S, value);
	return result(trap_cause);
}

void arch_plant(unsigned long long pa)
{
	io_write64(pa, ECALL_NOP);
	asm volatile("fence.i" : : : "memory");
}

void arch_write_phys(unsigned long long pa, unsigned long long value)
{
	io_write64(pa, value);
}

unsigned long long arch_read_phys(unsigned long long pa)
{
	return io_read64(pa);
}

char arch_fetch(unsigned long long va, int user)
{
	trap_cause = NO_TRAP;
	rv_fetch(va, user ? MPP_U : MPP_S);
	/* The planted ecall, from U (8) or S (9), at the address fetched. */
	if (trap_cause == (user ? 8 : 9))
		return trap_pc == va ? 'o' : 'i';
	return trap_cause == NO_TRAP ? 'x' : result(trap_cause);
}

void arch_putc(char c)
{
	while (!(io_read8(UART + 5) & 0x20))
		;
	io_write8(UART, c);
}

void arch_exit(int code)
{
	io_write32(TEST_DEVICE, code ? (unsigned int)code << 16 | 0x3333 : 0x5555);
	for (;;)
		;
}
