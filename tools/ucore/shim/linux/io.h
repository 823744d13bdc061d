/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace build: phys_to_virt() and virt_to_phys() live with mm.h's. */
#ifndef _UCORE_LINUX_IO_H
#define _UCORE_LINUX_IO_H
#include <linux/mm.h>
#endif
