// SPDX-License-Identifier: GPL-2.0
/*
 * The bare-metal probe's main loop, the same on every architecture: read
 * the list the host loaded, switch to the image's root, and for each probe
 * make its six accesses and print what happened (probe.h says how). Each
 * architecture supplies the accesses (probe_riscv.c, probe_arm64.c,
 * probe_x86.c and their assembly).
 */
#include "probe.h"
#include "probe_arch.h"

static void put_str(const char *s)
{
	while (*s)
		arch_putc(*s++);
}

static void put_hex(unsigned long long v)
{
	int shift = 60;

	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		arch_putc("0123456789abcdef"[(v >> shift) & 15]);
}

static void put_dec(unsigned long long v)
{
	char buf[24];
	int n = 0;

	do {
		buf[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		arch_putc(buf[--n]);
}

static void probe_one(const struct mmu_probe *p, unsigned long long index)
{
	unsigned long long value = 0, v;
	char r[6];
	int i;

	r[0] = arch_load(p->va, 0, &v);
	if (r[0] == 'o')
		value = v;
	r[1] = arch_load(p->va, 1, &v);
	if (r[1] == 'o' && r[0] != 'o')
		value = v;
	r[2] = arch_store(p->va, 0, MMU_STORE_VALUE(index, 0));
	r[3] = arch_store(p->va, 1, MMU_STORE_VALUE(index, 1));
	if (p->fetch_pa)
		arch_plant(p->fetch_pa);
	r[4] = arch_fetch(p->fetch_va, 0);
	r[5] = arch_fetch(p->fetch_va, 1);

	put_str("p ");
	put_dec(index);
	for (i = 0; i < 6; i++) {
		arch_putc(' ');
		arch_putc(r[i]);
	}
	arch_putc(' ');
	put_hex(value);
	arch_putc('\n');
}

/* "TAG INDEX VALUE": what physical address @pa holds now (0: none asked). */
static void report_phys(char tag, unsigned long long index,
			unsigned long long pa)
{
	if (!pa)
		return;
	arch_putc(tag);
	arch_putc(' ');
	put_dec(index);
	arch_putc(' ');
	put_hex(arch_read_phys(pa));
	arch_putc('\n');
}

void probe_main(void)
{
	const struct mmu_list *list =
		(const void *)(unsigned long)(MMU_RAM_BASE + MMU_LIST_OFFSET);
	const struct mmu_probe *probes = (const void *)(list + 1);
	unsigned long long i;

	put_str("mmu probe: " MMU_ARCH_NAME "\n");
	if (list->magic != MMU_LIST_MAGIC || list->count > MMU_MAX_PROBES) {
		put_str("error: no probe list\n");
		arch_exit(1);
	}
	for (i = list->ram + MMU_LINEAR_OFFSET;
	     i < list->ram + MMU_LINEAR_OFFSET + MMU_LINEAR_SIZE; i += 8)
		arch_write_phys(i, MMU_WINDOW_WORD(i));
	if (arch_setup(list)) {
		put_str("error: this machine cannot walk these tables\n");
		arch_exit(1);
	}
	for (i = 0; i < list->count; i++)
		probe_one(&probes[i], i);
	for (i = 0; i < list->count; i++)
		report_phys('e', i, probes[i].entry_pa);
	for (i = 0; i < list->count; i++)
		report_phys('v', i, probes[i].data_pa);
	put_str("done ");
	put_dec(list->count);
	arch_putc('\n');
	arch_exit(0);
}
