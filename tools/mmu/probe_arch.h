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
unsigned long long arch_read_phys(unsigned long long pa);
char arch_fetch(unsigned long long va, int user);
void arch_putc(char c);
void arch_exit(int code) __attribute__((noreturn));
void probe_main(void);

#endif
