// SPDX-License-Identifier: GPL-2.0
/*
 * The one place where memory_set's trace events are defined.
 */
#define CREATE_TRACE_POINTS
#include <trace/events/memory_set.h>
