# SPDX-License-Identifier: GPL-2.0
# Shared settings of the memory_set scripts. Source it; do not run it.

MS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Everything derived lives under one git-ignored folder.
MS_CACHE=${MS_CACHE:-$MS_ROOT/.cache}
MS_JOBS=${MS_JOBS:-$(nproc)}

# Only make deps, make demo and make check install packages; any other
# entry point says what is missing and how to get it.
ms_need() {
	local cmd missing=()

	for cmd in "$@"; do
		command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
	done
	[ ${#missing[@]} -eq 0 ] ||
		ms_die "missing ${missing[*]}: run 'make deps' (scripts/deps.sh installs what every target needs)"
}

ms_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
ms_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The extracted Debian kernel source, made once (about 10 s).
ms_kernel_source() {
	local tarball dir
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
	[ -n "$tarball" ] || ms_die "no /usr/src/linux-source-*.tar.xz: run 'make deps'"
	dir=$MS_CACHE/$(basename "$tarball" .tar.xz)
	if [ ! -f "$dir/.ms-extracted" ]; then
		ms_log "extracting $(basename "$tarball") into $MS_CACHE"
		rm -rf "$dir" && mkdir -p "$MS_CACHE"
		tar -C "$MS_CACHE" -xf "$tarball"
		touch "$dir/.ms-extracted"
	fi
	echo "$dir"
}

# The kernel source that KUnit builds from (scripts/kunit.sh, grade.sh),
# ready: extracted, patched for UML on this host, and with this tree
# linked in as drivers/misc/memory_set.
ms_kunit_source() {
	local src
	src=$(ms_kernel_source) || return 1
	# UML 6.1 cannot run a userspace on a host whose XSAVE area is larger
	# than its FP_SIZE (AMX: the host refuses to set part of it): keep to
	# i387/SSE there (scripts/uml-host-xstate.patch, applied once;
	# uml-init.sh keeps glibc off AVX to match).
	if [ ! -f "$src/.ms-uml-host-xstate" ]; then
		patch -d "$src" -p1 --forward -s <"$MS_ROOT/scripts/uml-host-xstate.patch" ||
			ms_die "scripts/uml-host-xstate.patch does not apply to $src"
		touch "$src/.ms-uml-host-xstate"
	fi
	ms_link_module "$src"
	grep -q 'memory_set/Kconfig' "$src/drivers/misc/Kconfig" ||
		sed -i '$i source "drivers/misc/memory_set/Kconfig"' "$src/drivers/misc/Kconfig"
	grep -q 'memory_set/' "$src/drivers/misc/Makefile" ||
		echo 'obj-$(CONFIG_MEMORY_SET) += memory_set/' >> "$src/drivers/misc/Makefile"
	echo "$src"
}

# Make drivers/misc/memory_set in kernel source $1 the link to this tree,
# whatever is there: a folder an interrupted intree-test.sh left is
# removed, not linked into.
ms_link_module() {
	local dest=$1/drivers/misc/memory_set

	[ -L "$dest" ] || rm -rf "$dest"
	ln -sfn "$MS_ROOT" "$dest"
}

# Copy the project's sources into DIR for a build there, so that make
# sees a change: a file whose bytes differ gets a new mtime, one that is
# the same keeps its own, whichever tree (a clone, a checkout) it comes
# from. (Copying the mtimes, a build dir that another tree's newer
# objects filled would take an edited file for built.)
ms_sync_sources() {
	local dir=$1 stage f
	stage=$(mktemp -d)
	tar -C "$MS_ROOT" --exclude=./.cache --exclude=./.git -cf - . | tar -C "$stage" -xf -
	mkdir -p "$dir"
	(cd "$stage" && find . -type f) | while read -r f; do
		if ! cmp -s "$stage/$f" "$dir/$f"; then
			mkdir -p "$dir/$(dirname "$f")"
			cp "$stage/$f" "$dir/$f"
		fi
	done
	rm -rf "$stage"
}

# The ioctl test programs, one per topic: tools/ms_test/TOPIC.c builds
# into ms_test_TOPIC.
ms_test_programs() {
	local f
	for f in "$MS_ROOT"/tools/ms_test/*.c; do
		f=${f##*/}
		echo "ms_test_${f%.c}"
	done
}

# Build userspace programs with tools/Makefile (it says which targets):
# ms_build_tools DIR SRC TARGET [VAR=VALUE...], SRC an extracted kernel
# source for the kselftest harness.
ms_build_tools() {
	local dir=$1 src=$2
	shift 2
	make -s -C "$MS_ROOT/tools" -j"$MS_JOBS" OUTPUT="$dir" KSRC="$src" "$@"
}

# Every Debian amd64 kernel with both headers and an image: Debian 12's
# 6.1 first, then newer ones (6.12 from bookworm-backports, then its
# PREEMPT_RT build, whose headers end in -rt-amd64).
ms_kernel_versions() {
	local h v
	for h in $(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V); do
		v=${h#/usr/src/linux-headers-}
		[ -r "/boot/vmlinuz-$v" ] && echo "$v"
	done
}

# The kernel to use by default: $KVER, else Debian 12's own 6.1.
ms_kernel_version() {
	local v
	if [ -n "${KVER:-}" ]; then echo "$KVER"; return; fi
	v=$(ms_kernel_versions | grep '^6\.1\.' | tail -n 1)
	[ -n "$v" ] || v=$(ms_kernel_versions | head -n 1)
	[ -n "$v" ] || ms_die "no Debian amd64 kernel with headers: run 'make deps'"
	echo "$v"
}
