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

struct tss {
	unsigned int reserved0;
	unsigned long long rsp0;
	unsigned char rest[104 - 12];
} __attribute__((packed));

extern unsigned long long gdt[7];
extern struct tss tss;
extern unsigned long long idt[512];
extern unsigned long long trap_vector, trap_error;
extern char boot_pml4[], boot_pdpt_high[];
extern void isr0(void), isr1(void), isr2(void), isr3(void), isr4(void),
	isr5(void), isr6(void), isr7(void), isr8(void), isr9(void),
	isr10(void), isr11(void), isr12(void), isr13(void), isr14(void),
	isr15(void), isr16(void), isr17(void), isr18(void), isr19(void),
	isr20(void), isr21(void), isr22(void), isr23(void), isr24(void),
	isr25(void), isr26(void), isr27(void), isr28(void), isr29(void),
	isr30(void), isr31(void), isr128(void);
unsigned long long x86_load(unsigned long long va);
void x86_store(unsigned long long va, unsigned long long value);
unsigned long long x86_load_user(unsigned long long va);
void x86_store_user(unsigned long long va, unsigned long long value);
void x86_fetch(unsigned long long va);
void x86_fetch_user(unsigned long long va);

static void (*const isrs[32])(void) = {
	isr0,  isr1,  isr2,  isr3,  isr4,  isr5,  isr6,  isr7,
	isr8,  isr9,  isr10, isr11, isr12, isr13, isr14, isr15,
	isr16, isr17, isr18, isr19, isr20, isr21, isr22, isr23,
	isr24, isr25, isr26, isr27, isr28, isr29, isr30, isr31,
};

/* The stack ring 3's int $0x80 and faults switch to (TSS.RSP0). */
static unsigned char ring0_stack[8192] __attribute__((aligned(16)));

static void outb(unsigned short port, unsigned char v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static unsigned char inb(unsigned short port)
{
	unsigned char v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void set_gate(int vec, void (*fn)(void), int dpl)
{
	unsigned long long a = (unsigned long long)fn;

	idt[2 * vec] = (a & 0xffff) | 0x08ULL << 16 |
		       (0x8eULL | (unsigned long long)dpl << 5) << 40 |
		       (a >> 16 & 0xffff) << 48;
	idt[2 * vec + 1] = a >> 32;
}

/* The TSS descriptor and the IDT (called once, from probe_x86.S). */
void x86_tables(void)
{
	unsigned long long base = (unsigned long long)&tss;
	int i;

	tss.rsp0 = (unsigned long long)(ring0_stack + sizeof(ring0_stack));
	gdt[5] = (sizeof(tss) - 1) | (base & 0xffffff) << 16 |
		 0x89ULL << 40 | (base >> 24 & 0xff) << 56;
	gdt[6] = base >> 32;
	for (i = 0; i < 32; i++)
		set_gate(i, isrs[i], 0);
	set_gate(0x80, isr128, 3);
}

int arch_setup(const struct mmu_list *list)
{
	unsigned long long *root = (void *)(KBASE + list->root);
	unsigned long long cr4;

	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	if ((list->levels == 5) != !!(cr4 & (1 << 12)))
		return -1;
	if (list->levels == 5)
		root[511] = (unsigned long long)boot_pml4 | PTE;
	else
		root[511] = (unsigned long long)boot_pdpt_high | PTE;
	asm volatile("mov %0, %%cr3" : : "r"(list->root) : "memory");
	return 0;
}

static char result(int done_by_int80)
{
	switch (trap_vector) {
	case 0:
		return 'o';
	case 0x80:
		return done_by_int80 ? 'o' : 'x';
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
	trap_vector = 0;
	*value = user ? x86_load_user(va) : x86_load(va);
	return result(user);
}

char arch_store(unsigned long long va, int user, unsigned long long value)
{
	trap_vector = 0;
	if (user)
		x86_store_user(va, value);
	else
		x86_store(va, value);
	return result(user);
}

void arch_plant(unsigned long long pa)
{
	*(volatile unsigned long long *)(KBASE + pa) = INT80_NOPS;
}

unsigned long long arch_read_phys(unsigned long long pa)
{
	return *(volatile unsigned long long *)(KBASE + pa);
}

char arch_fetch(unsigned long long va, int user)
{
	trap_vector = 0;
	if (user)
		x86_fetch_user(va);
	else
		x86_fetch(va);
	return result(1);
}

void arch_putc(char c)
{
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, c);
}

void arch_exit(int code)
{
	outb(DEBUG_EXIT, code); /* isa-debug-exit: QEMU exits */
	for (;;)
		asm volatile("hlt");
}
