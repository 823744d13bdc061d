/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace build of the core: trace events compile to nothing. */
#ifndef _UCORE_TRACE_MEMORY_SET_H
#define _UCORE_TRACE_MEMORY_SET_H

static inline void trace_ms_map(u64 start, u64 end, u32 flags, int ret) {}
static inline void trace_ms_unmap(u64 start, u64 end, u32 flags, int ret) {}
static inline void trace_ms_protect(u64 start, u64 end, u32 flags, int ret) {}
static inline void trace_ms_area_split(u64 start, u64 at, u64 end) {}

#endif
