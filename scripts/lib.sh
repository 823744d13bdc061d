# SPDX-License-Identifier: GPL-2.0
# Shared settings of the memory_set scripts. Source it; do not run it.

MS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Everything derived lives under one git-ignored folder.
MS_CACHE=${MS_CACHE:-$MS_ROOT/.cache}
MS_JOBS=${MS_JOBS:-$(nproc)}

ms_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
ms_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The extracted Debian kernel source, made once (about 10 s).
ms_kernel_source() {
	local tarball dir
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
	[ -n "$tarball" ] || ms_die "no /usr/src/linux-source-*.tar.xz: run scripts/deps.sh"
	dir=$MS_CACHE/$(basename "$tarball" .tar.xz)
	if [ ! -f "$dir/.ms-extracted" ]; then
		ms_log "extracting $(basename "$tarball") into $MS_CACHE"
		rm -rf "$dir" && mkdir -p "$MS_CACHE"
		tar -C "$MS_CACHE" -xf "$tarball"
		touch "$dir/.ms-extracted"
	fi
	echo "$dir"
}

# Headers to build the module against, for the newest Debian amd64 kernel.
ms_kernel_version() {
	local h
	if [ -n "${KVER:-}" ]; then echo "$KVER"; return; fi
	h=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
	[ -n "$h" ] || ms_die "no /usr/src/linux-headers-*-amd64: run scripts/deps.sh"
	basename "$h" | sed 's/^linux-headers-//'
}
