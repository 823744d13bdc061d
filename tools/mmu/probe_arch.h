/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each architecture's probe supplies to probe.c. An access returns
 * its result character (probe.h): 'o' if it was done.
 */
#ifndef _MMU_PROBE_ARCH_H
#define _MMU_PROBE_ARCH_H

#include "probe.h"

int arch_setup(const struct mmu_list *list);
char arch_load(unsigned long long va, int user, unsigned long long *value);
char arch_store(unsigned long long va, int user, unsigned long long value);
void arch_plant(unsigned long long pa);
void arch_write_phys(unsigned long long pa, unsigned long long value);
char arch_fetch(unsigned long long va, int user);
unsigned long long arch_read_phys(unsigned long long pa);
void arch_putc(char c);
void arch_exit(int code);
void probe_main(void);

#define BIT(n)	(1UL << (n))
#define NO_TRAP	(~0ULL)	/* what the trap variables hold until a trap */

/*
 * A device register or a physical page, read and written through the
 * probe's own mapping: the compiler must make each access, as it does an
 * atomic one.
 */
static inline unsigned int io_read32(unsigned long addr)
{
	return __atomic_load_n((unsigned int *)addr, __ATOMIC_SEQ_CST);
}

static inline void io_write32(unsigned long addr, unsigned int v)
{
	__atomic_store_n((unsigned int *)addr, v, __ATOMIC_SEQ_CST);
}

static inline unsigned char io_read8(unsigned long addr)
{
	return __atomic_load_n((unsigned char *)addr, __ATOMIC_SEQ_CST);
}

static inline void io_write8(unsigned long addr, unsigned char v)
{
	__atomic_store_n((unsigned char *)addr, v, __ATOMIC_SEQ_CST);
}

static inline unsigned long long io_read64(unsigned long addr)
{
	return __atomic_load_n((unsigned long long *)addr, __ATOMIC_SEQ_CST);
}

static inline void io_write64(unsigned long addr, unsigned long long v)
{
	__atomic_store_n((unsigned long long *)addr, v, __ATOMIC_SEQ_CST);
}

/* Each architecture's assembly (probe_<arch>.S). */
#if defined(__riscv)
extern unsigned long long trap_cause, trap_pc;
unsigned long long rv_load(unsigned long long va, unsigned long mpp);
void rv_store(unsigned long long va, unsigned long mpp,
	      unsigned long long value);
void rv_fetch(unsigned long long va, unsigned long mpp);
#elif defined(__aarch64__)
extern unsigned long long trap_esr, trap_pc;
unsigned long long a64_load(unsigned long long va);
unsigned long long a64_load_user(unsigned long long va);
void a64_store(unsigned long long va, unsigned long long value);
void a64_store_user(unsigned long long va, unsigned long long value);
void a64_fetch(unsigned long long va, int user);
#elif defined(__x86_64__)
extern unsigned long long gdt[7];
extern unsigned int tss[26];
extern unsigned long long idt[512];
extern const unsigned long long isr_table[33];
extern unsigned char ring0_stack_top[];
extern unsigned long long trap_vector, trap_pc;
extern char boot_pml4[], boot_pdpt_high[];
unsigned long long x86_load(unsigned long long va);
void x86_store(unsigned long long va, unsigned long long value);
unsigned long long x86_load_user(unsigned long long va);
void x86_store_user(unsigned long long va, unsigned long long value);
void x86_fetch(unsigned long long va);
void x86_fetch_user(unsigned long long va);
#endif

#endif
