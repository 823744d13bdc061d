#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The demo: boot Debian's kernel in QEMU, load the module, and let msctl
# walk through mmap, munmap, mprotect, page faults and huge leaves.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$MS_ROOT/scripts/deps.sh"
ms_log "booting Debian's kernel $(ms_kernel_version) in QEMU (TCG)"
"$MS_ROOT/scripts/guest.sh" -f "$MS_ROOT/tools/demo.ms" \
	-f "$MS_ROOT/tools/demo-formats.ms" \
	-f "$MS_ROOT/tools/demo-guest.sh" -- sh /demo-guest.sh
