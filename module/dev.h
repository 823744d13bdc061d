/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MEMORY_SET_DEV_H
#define _MEMORY_SET_DEV_H

int ms_dev_register(void);
void ms_dev_unregister(void);

#endif /* _MEMORY_SET_DEV_H */
