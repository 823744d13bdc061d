// SPDX-License-Identifier: GPL-2.0
/*
 * The AArch64 probe (QEMU's virt machine at EL1, stage 1, 4 KiB granule,
 * 48-bit addresses): TTBR0_EL1 takes the image's root, the probe itself
 * runs in TTBR1's half (probe_arm64.S). PSTATE.PAN is clear, so EL1 loads
 * and stores reach EL0 pages; LDTR and STTR make EL0's; a fetch runs the
 * planted svc at EL1 (BLR) or at EL0 (ERET). TCR_EL1.HA is clear: a leaf
 * whose AF is 0 takes an Access flag fault, as Linux relies on.
 */
#include "probe_arch.h"

#define HIGH		0xffff000000000000ULL
#define UART		(HIGH + 0x09000000ULL)	/* PL011: DR 0, FR 0x18 */
#define SVC_NOP		0xd503201fd4000001ULL /* svc #0; nop */

/* ESR_EL1: exception class and, for aborts, the fault status code. */
static char result(unsigned long long esr)
{
	unsigned int ec = esr >> 26 & 0x3f, fsc = esr & 0x3f;

	if (esr == NO_TRAP)
		return 'o';
	if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25) {
		if ((fsc & 0x3c) == 0x04 || (fsc & 0x3c) == 0x0c)
			return 'p'; /* translation, permission */
		if ((fsc & 0x3c) == 0x08)
			return 'a'; /* access flag */
		return 'f';
	}
	return ec == 0x00 || ec == 0x0e ? 'i' : 'x';
}

int arch_setup(const struct mmu_list *list)
{
	if (list->levels != 4)
		return -1;
	asm volatile("msr ttbr0_el1, %0\n\tisb\n\ttlbi vmalle1\n\t"
		     "dsb ish\n\tisb" : : "r"(list->root) : "memory");
	return 0;
}

char arch_load(unsigned long long va, int user, unsigned long long *value)
{
	trap_esr = NO_TRAP;
	*value = user ? a64_load_user(va) : a64_load(va);
	return result(trap_esr);
}

char arch_store(unsigned long long va, int user, unsigned long long value)
{
	trap_esr = NO_TRAP;
	if (user)
		a64_store_user(va, value);
	else
		a64_store(va, value);
	return result(trap_esr);
}

void arch_plant(unsigned long long pa)
{
	unsigned long long at = HIGH + pa;

	io_write64(at, SVC_NOP);
	asm volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
		     : : "r"(at) : "memory");
}

void arch_write_phys(unsigned long long pa, unsigned long long value)
{
	io_write64(HIGH + pa, value);
}

unsigned long long arch_read_phys(unsigned long long pa)
{
	return io_read64(HIGH + pa);
}

char arch_fetch(unsigned long long va, int user)
{
	trap_esr = NO_TRAP;
	a64_fetch(va, user);
	/* SVC from AArch64: the planted one, if it returns past the address. */
	if (trap_esr != NO_TRAP && (trap_esr >> 26 & 0x3f) == 0x15)
		return trap_pc == va + 4 ? 'o' : 'i';
	return trap_esr == NO_TRAP ? 'x' : result(trap_esr);
}

void arch_putc(char c)
{
	while (io_read32(UART + 0x18) & BIT(5)) /* FR.TXFF */
		;
	io_write32(UART, c);
}

void arch_exit(int code)
{
	/* PSCI SYSTEM_OFF, which QEMU's virt machine serves over HVC. */
	register unsigned long x0 asm("x0") = 0x84000008UL;

	asm volatile("hvc #0" : "+r"(x0) : : "memory");
	for (;;)
		;
}
