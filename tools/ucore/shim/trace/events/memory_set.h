/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace build: trace events compile to nothing. One stub per event of
 * include/trace/events/memory_set.h, with the same prototype.
 */
#ifndef _UCORE_TRACE_MEMORY_SET_H
#define _UCORE_TRACE_MEMORY_SET_H

static inline void trace_ms_map(u64 start, u64 end, u32 flags, int ret) {}
static inline void trace_ms_unmap(u64 start, u64 end, u32 flags, int ret) {}
static inline void trace_ms_protect(u64 start, u64 end, u32 flags, int ret) {}
static inline void trace_ms_area_split(u64 start, u64 at, u64 end) {}
static inline void trace_ms_pt_alloc(u64 va, int level) {}
static inline void trace_ms_pt_free(u64 va, int level) {}
static inline void trace_ms_touch(u64 va, u32 access, bool fault, u32 result) {}
static inline void trace_ms_cow(u64 va, bool copied) {}
static inline void trace_ms_clone(u64 areas, u64 tables, u64 frames, int ret) {}

#endif
