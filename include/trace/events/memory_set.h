/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of memory_set:
 *   trace-cmd record -e memory_set   or
 *   echo 1 > /sys/kernel/tracing/events/memory_set/enable
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM memory_set

#if !defined(_TRACE_MEMORY_SET_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_MEMORY_SET_H

#include <linux/tracepoint.h>

DECLARE_EVENT_CLASS(ms_range_class,
		    TP_PROTO(u64 start, u64 end, u32 flags, int ret),
		    TP_ARGS(start, end, flags, ret),
		    TP_STRUCT__entry(__field(u64, start)
				     __field(u64, end)
				     __field(u32, flags)
				     __field(int, ret)),
		    TP_fast_assign(__entry->start = start;
				   __entry->end = end;
				   __entry->flags = flags;
				   __entry->ret = ret;),
		    TP_printk("[%#llx, %#llx) flags %#x ret %d", __entry->start,
			      __entry->end, __entry->flags, __entry->ret)
);

/* A map (flags: the area's), an unmap (flags 0), a protect (new flags). */
DEFINE_EVENT(ms_range_class, ms_map,
	     TP_PROTO(u64 start, u64 end, u32 flags, int ret),
	     TP_ARGS(start, end, flags, ret));
DEFINE_EVENT(ms_range_class, ms_unmap,
	     TP_PROTO(u64 start, u64 end, u32 flags, int ret),
	     TP_ARGS(start, end, flags, ret));
DEFINE_EVENT(ms_range_class, ms_protect,
	     TP_PROTO(u64 start, u64 end, u32 flags, int ret),
	     TP_ARGS(start, end, flags, ret));

/* An area cut in two at @at: [start, at) and [at, end). */
TRACE_EVENT(ms_area_split,
	    TP_PROTO(u64 start, u64 at, u64 end),
	    TP_ARGS(start, at, end),
	    TP_STRUCT__entry(__field(u64, start)
			     __field(u64, at)
			     __field(u64, end)),
	    TP_fast_assign(__entry->start = start;
			   __entry->at = at;
			   __entry->end = end;),
	    TP_printk("[%#llx, %#llx) | [%#llx, %#llx)", __entry->start,
		      __entry->at, __entry->at, __entry->end)
);

DECLARE_EVENT_CLASS(ms_pt_page_class,
		    TP_PROTO(u64 va, int level),
		    TP_ARGS(va, level),
		    TP_STRUCT__entry(__field(u64, va)
				     __field(int, level)),
		    TP_fast_assign(__entry->va = va;
				   __entry->level = level;),
		    TP_printk("table of level %d for %#llx", __entry->level,
			      __entry->va)
);

/* A page-table page put to use or freed (level 0 = PT ... 3 = PML4). */
DEFINE_EVENT(ms_pt_page_class, ms_pt_alloc,
	     TP_PROTO(u64 va, int level),
	     TP_ARGS(va, level));
DEFINE_EVENT(ms_pt_page_class, ms_pt_free,
	     TP_PROTO(u64 va, int level),
	     TP_ARGS(va, level));

/* A simulated access and how it ended (MS_TOUCH_*); @fault: it faulted. */
TRACE_EVENT(ms_touch,
	    TP_PROTO(u64 va, u32 access, bool fault, u32 result),
	    TP_ARGS(va, access, fault, result),
	    TP_STRUCT__entry(__field(u64, va)
			     __field(u32, access)
			     __field(bool, fault)
			     __field(u32, result)),
	    TP_fast_assign(__entry->va = va;
			   __entry->access = access;
			   __entry->fault = fault;
			   __entry->result = result;),
	    TP_printk("%#llx access %#x%s -> %s", __entry->va,
		      __entry->access,
		      __entry->fault ? " (page fault)" : "",
		      __print_symbolic(__entry->result, { 0, "ok" },
				       { 1, "MAPERR" }, { 2, "ACCERR" },
				       { 3, "NODATA" }))
);

/* A write hit a frame shared with a clone: copied, or taken back. */
TRACE_EVENT(ms_cow,
	    TP_PROTO(u64 va, bool copied),
	    TP_ARGS(va, copied),
	    TP_STRUCT__entry(__field(u64, va)
			     __field(bool, copied)),
	    TP_fast_assign(__entry->va = va;
			   __entry->copied = copied;),
	    TP_printk("%#llx %s", __entry->va,
		      __entry->copied ? "copied" : "reused (last holder)")
);

/* A space cloned copy-on-write: what the clone holds, or the error. */
TRACE_EVENT(ms_clone,
	    TP_PROTO(u64 areas, u64 tables, u64 frames, int ret),
	    TP_ARGS(areas, tables, frames, ret),
	    TP_STRUCT__entry(__field(u64, areas)
			     __field(u64, tables)
			     __field(u64, frames)
			     __field(int, ret)),
	    TP_fast_assign(__entry->areas = areas;
			   __entry->tables = tables;
			   __entry->frames = frames;
			   __entry->ret = ret;),
	    TP_printk("%llu areas, %llu tables, %llu shared frames, ret %d",
		      __entry->areas, __entry->tables, __entry->frames,
		      __entry->ret)
);

#endif /* _TRACE_MEMORY_SET_H */

#include <trace/define_trace.h>
