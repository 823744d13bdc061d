// SPDX-License-Identifier: GPL-2.0
/*
 * The x86-64 probe (QEMU's pc machine, -cpu max, booted through PVH): it
 * runs in ring 0 at KBASE (probe_x86.S), with CR0.WP set, EFER.NXE set,
 * no SMEP and no SMAP, so the supervisor may do what a page allows and
 * ring 3 what a user page allows. CR3 takes the image's root, whose last
 * entry arch_setup() points at the probe's own half, as a kernel shares
 * its half with every process's tables. The A and D bits the MMU sets
 * land in the image.
 */
#include "probe_arch.h"

#define KBASE		0xffffffff80000000ULL
#define COM1		0x3f8
#define DEBUG_EXIT	0xf4
#define INT80_NOPS	0x90909090909080cdULL /* int $0x80; nop x 6 */
#define PTE		0x7ULL /* P, RW, US */
#define TSS_SIZE	104

static void port_out8(unsigned short port, unsigned char v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static unsigned char port_in8(unsigned short port)
{
	unsigned char v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void set_gate(int vec, unsigned long long a, int dpl)
{
	idt[2 * vec] = (a & 0xffff) | 0x08ULL << 16 |
		       (0x8eULL | (unsigned long long)dpl << 5) << 40 |
		       (a >> 16 & 0xffff) << 48;
	idt[2 * vec + 1] = a >> 32;
}

/*
 * The TSS descriptor and the IDT (called once, from probe_x86.S). The TSS
 * holds only RSP0 (bytes 4-11): the stack ring 3's traps switch to.
 */
void x86_tables(void)
{
	unsigned long long base = (unsigned long long)tss;
	unsigned long long rsp0 = (unsigned long long)ring0_stack_top;
	int i;

	tss[1] = rsp0;
	tss[2] = rsp0 >> 32;
	gdt[5] = (TSS_SIZE - 1) | (base & 0xffffff) << 16 |
		 0x89ULL << 40 | (base >> 24 & 0xff) << 56;
	gdt[6] = base >> 32;
	for (i = 0; i < 32; i++)
		set_gate(i, isr_table[i], 0);
	set_gate(0x80, isr_table[32], 3);
}

int arch_setup(const struct mmu_list *list)
{
	unsigned long long *root = (void *)(KBASE + list->root);
	int five = list->levels == 5;
	unsigned long long cr4;

	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	if (five != !!(cr4 & BIT(12))) /* LA57, set at boot from the list */
		return -1;
	if (list->levels == 5)
		root[511] = (unsigned long long)boot_pml4 | PTE;
	else
		root[511] = (unsigned long long)boot_pdpt_high | PTE;
	asm volatile("mov %0, %%cr3" : : "r"(list->root) : "memory");
	return 0;
}

/* A trap of a load or store, or NO_TRAP; ring 3's end with int $0x80. */
static char result(int user)
{
	switch (trap_vector) {
	case NO_TRAP:
		return user ? 'x' : 'o';
	case 0x80:
		return user ? 'o' : 'x';
	case 14:
		return 'p';
	case 6:
		return 'i';
	default:
		return 'x';
	}
}

char arch_load(unsigned long long va, int user, unsigned long long *value)
{
	trap_vector = NO_TRAP;
	*value = user ? x86_load_user(va) : x86_load(va);
	return result(user);
}

char arch_store(unsigned long long va, int user, unsigned long long value)
{
	trap_vector = NO_TRAP;
	if (user)
		x86_store_user(va, value);
	else
		x86_store(va, value);
	return result(user);
}

void arch_plant(unsigned long long pa)
{
	io_write64(KBASE + pa, INT80_NOPS);
}

void arch_write_phys(unsigned long long pa, unsigned long long value)
{
	io_write64(KBASE + pa, value);
}

unsigned long long arch_read_phys(unsigned long long pa)
{
	return io_read64(KBASE + pa);
}

char arch_fetch(unsigned long long va, int user)
{
	trap_vector = NO_TRAP;
	if (user)
		x86_fetch_user(va);
	else
		x86_fetch(va);
	/* The planted int $0x80 returns to the byte after it: va + 2. */
	if (trap_vector == 0x80)
		return trap_pc == va + 2 ? 'o' : 'i';
	return trap_vector == NO_TRAP ? 'x' : result(0);
}

void arch_putc(char c)
{
	while (!(port_in8(COM1 + 5) & 0x20))
		;
	port_out8(COM1, c);
}

void arch_exit(int code)
{
	port_out8(DEBUG_EXIT, code); /* isa-debug-exit: QEMU exits */
	for (;;)
		asm volatile("hlt");
}
