#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian 12 packages that the build, the tests and the demo
# need, and the other kernels the guest suite runs on: 6.12 from
# bookworm-backports and its PREEMPT_RT build (-rt-amd64). Its apt source is derived from the machine's own
# Debian source, so it uses the same mirror, keyring and components
# (scripts/apt-backports.sh). One line says first what it adds; a second
# run changes nothing and says so.
#
# The 6.1 packages must install, or it fails. The backports kernels may not
# be had (no Debian source to derive them from, a mirror without
# backports, no network): then .cache/skipped-kernels says why, one line a
# kernel, the 6.1 suites still run, and check.sh reports each as skipped.
# A 6.12 already installed is used as it is.
#
#   MS_APT_ETC=dir          the apt configuration (default /etc/apt)
#   MS_DEPS_SOURCES_ONLY=1  only add the source file: no apt-get, no
#                           packages, no .cache (what deps-test.sh runs on
#                           scratch copies of the apt configuration)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$MS_ROOT/scripts/apt-backports.sh"

PKGS=(build-essential linux-source linux-headers-amd64 linux-image-amd64
      qemu-system-x86 busybox-static bc flex bison libelf-dev libssl-dev
      cpio sparse python3 patch kmod clang libclang-rt-14-dev clang-format dkms
      graphviz gnuplot-nox
      qemu-system-misc qemu-system-arm gcc-riscv64-linux-gnu gcc-aarch64-linux-gnu
      debhelper dh-dkms lintian)
# How the backports kernel is named in .cache/skipped-kernels and check.sh.
BPO_LABEL="6.12 ($MS_APT_BACKPORTS)"
RT_LABEL="6.12-rt ($MS_APT_BACKPORTS, PREEMPT_RT)"
SKIPPED=$MS_CACHE/skipped-kernels
SOURCES_ONLY=${MS_DEPS_SOURCES_ONLY:-}

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
APT_OPTS=()
[ "$MS_APT_ETC" = /etc/apt ] || APT_OPTS=(-o "Dir::Etc=$MS_APT_ETC")

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

# apt-get "$@", quiet; its messages go to stderr, and on failure its
# first error is kept in $apt_error.
apt_error=
run_apt() {
	local err
	if err=$($SUDO apt-get "${APT_OPTS[@]}" "$@" 2>&1 >/dev/null); then
		[ -z "$err" ] || printf '%s\n' "$err" >&2
		return 0
	fi
	[ -z "$err" ] || printf '%s\n' "$err" >&2
	apt_error=$(grep -m 1 '^E: ' <<<"$err" | sed 's/^E: //' || true)
	[ -n "$apt_error" ] || apt_error=$(tail -n 1 <<<"$err")
	return 1
}

# apt-get update of the one source file $1, failing if it cannot be read.
update_source() {
	run_apt update -qq --error-on=any -o "Dir::Etc::SourceList=$1" \
		-o Dir::Etc::SourceParts=- -o APT::Get::List-Cleanup=0
}

# The installed Debian kernel besides 6.1, with headers and image: the
# backports one, or with "rt-" its PREEMPT_RT build, if any.
bpo_kernel() {
	if [ "${1:-}" = rt- ]; then
		ms_kernel_versions | grep -v '^6\.1\.' | grep -- '-rt-amd64$' | tail -n 1 || true
	else
		ms_kernel_versions | grep -v '^6\.1\.' | grep -v -- '-rt-amd64$' | tail -n 1 || true
	fi
}

# The backports kernel by its versioned names, so that linux-image-amd64
# stays Debian 12's own 6.1; with "rt-", its PREEMPT_RT build's.
bpo_packages() {
	local flavour=${1:-} meta
	for meta in "linux-image-${flavour}amd64" "linux-headers-${flavour}amd64"; do
		apt-cache "${APT_OPTS[@]}" depends "$meta/$MS_APT_BACKPORTS" 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-\(image\|headers\)-6\.[0-9.]*+[a-z0-9]*-'"$flavour"'amd64\)$/\1/p' |
			head -n 1 || true
	done
}

# 1. The bookworm-backports source: already there (any file, either
# format), or derived from the main Debian source, or why not.
bp_file=$(ms_apt_backports_find "$MS_APT_ETC")
add_file='' add_text='' add_desc='' skip=''
if [ -z "$bp_file" ]; then
	main=$(ms_apt_main_source "$MS_APT_ETC")
	if [ -z "$main" ]; then
		skip="no enabled 'deb ... $MS_APT_SUITE main' Debian entry in $MS_APT_ETC to take the mirror from (add a $MS_APT_BACKPORTS entry by hand)"
	else
		add_file=$(ms_apt_backports_target "$MS_APT_ETC" "$main")
		if [ -e "$add_file" ]; then
			skip="$add_file has no enabled $MS_APT_BACKPORTS entry (left as it is)"
			add_file=''
		else
			add_text=$(ms_apt_backports_entry "$main")
			add_desc=$(ms_apt_describe "$main")
		fi
	fi
fi

# 2. The packages missing, and the backports kernel's if already known.
missing=() bpo=() bpo_todo=() rt=() rt_todo=() refresh=''
if [ -z "$SOURCES_ONLY" ]; then
	for p in "${PKGS[@]}"; do
		installed "$p" || missing+=("$p")
	done
	if [ -n "$bp_file" ]; then
		mapfile -t bpo < <(bpo_packages)
		for p in "${bpo[@]}"; do
			installed "$p" || bpo_todo+=("$p")
		done
		mapfile -t rt < <(bpo_packages rt-)
		for p in "${rt[@]}"; do
			installed "$p" || rt_todo+=("$p")
		done
		# No index of backports yet, and no 6.12: read it first.
		[ ${#bpo[@]} -gt 0 ] || [ -n "$(bpo_kernel)" ] || refresh=1
		[ ${#rt[@]} -gt 0 ] || [ -n "$(bpo_kernel rt-)" ] || refresh=1
	fi
fi

# 3. One line on what changes, before changing it.
plan=()
[ -z "$add_file" ] || plan+=("adding $add_file ($add_desc)")
[ ${#missing[@]} -eq 0 ] || plan+=("installing ${missing[*]}")
if [ ${#bpo_todo[@]} -gt 0 ] || [ ${#rt_todo[@]} -gt 0 ]; then
	todo="${bpo_todo[*]} ${rt_todo[*]}"
	todo=${todo# }
	plan+=("installing ${todo% } from $MS_APT_BACKPORTS")
elif [ -z "$SOURCES_ONLY" ] && { [ -n "$add_file" ] || [ -n "$refresh" ]; }; then
	plan+=("then installing the kernels of $MS_APT_BACKPORTS (linux-image, linux-headers, and their PREEMPT_RT build) unless they are there")
fi
if [ ${#plan[@]} -gt 0 ]; then
	msg=$(printf '%s; ' "${plan[@]}")
	msg=${msg%; }
	[ -z "$skip" ] || msg+="; not adding $MS_APT_BACKPORTS: $skip"
elif [ -n "$bp_file" ]; then
	msg="nothing to change: $MS_APT_BACKPORTS is already in $bp_file"
else
	msg="nothing to change: not adding $MS_APT_BACKPORTS: $skip"
fi
if [ ${#plan[@]} -eq 0 ] && [ -z "$SOURCES_ONLY" ]; then
	k=$(bpo_kernel)
	rk=$(bpo_kernel rt-)
	msg+=", every package is installed${k:+ (and the kernels $k${rk:+, $rk})}"
fi
ms_log "deps.sh: $msg"

# 4. Do it.
if [ -n "$add_file" ]; then
	dir=$(dirname "$add_file")
	wsudo=$SUDO
	if [ -w "$dir" ] || { [ ! -e "$dir" ] && [ -w "$MS_APT_ETC" ]; }; then
		wsudo=''
	fi
	$wsudo mkdir -p "$dir"
	printf '%s\n' "$add_text" | $wsudo tee "$add_file" >/dev/null
	$wsudo chmod 644 "$add_file"
	if [ -z "$SOURCES_ONLY" ]; then
		if update_source "$add_file"; then
			bp_file=$add_file
		else
			$wsudo rm -f "$add_file"
			skip="apt-get update of $MS_APT_BACKPORTS failed ($apt_error), so $add_file is removed again"
		fi
	fi
fi
[ -z "$SOURCES_ONLY" ] || exit 0

if [ ${#missing[@]} -gt 0 ]; then
	run_apt update -qq ||
		ms_log "apt-get update failed ($apt_error): installing from the package lists there are"
	run_apt install -y -qq --no-install-recommends "${missing[@]}" ||
		ms_die "installing ${missing[*]} failed: $apt_error"
fi

if [ -z "$skip" ]; then
	if [ -n "$refresh" ] && ! update_source "$bp_file"; then
		skip="apt-get update of $bp_file failed ($apt_error)"
	elif [ ${#bpo[@]} -eq 0 ]; then
		mapfile -t bpo < <(bpo_packages)
		for p in "${bpo[@]}"; do
			installed "$p" || bpo_todo+=("$p")
		done
		[ ${#bpo[@]} -gt 0 ] ||
			skip="apt-cache finds no linux-image-amd64 in $MS_APT_BACKPORTS"
	fi
fi
# The PREEMPT_RT build: on its own, so that it failing leaves 6.12 be.
rt_skip=$skip
if [ -z "$rt_skip" ] && [ ${#rt[@]} -eq 0 ]; then
	mapfile -t rt < <(bpo_packages rt-)
	for p in "${rt[@]}"; do
		installed "$p" || rt_todo+=("$p")
	done
	[ ${#rt[@]} -gt 0 ] ||
		rt_skip="apt-cache finds no linux-image-rt-amd64 in $MS_APT_BACKPORTS"
fi
if [ -z "$skip" ] && [ ${#bpo_todo[@]} -gt 0 ]; then
	echo "installing: ${bpo_todo[*]}" >&2
	run_apt install -y -qq --no-install-recommends "${bpo_todo[@]}" ||
		skip="apt-get install ${bpo_todo[*]} failed ($apt_error)"
fi
if [ -z "$rt_skip" ] && [ ${#rt_todo[@]} -gt 0 ]; then
	echo "installing: ${rt_todo[*]}" >&2
	run_apt install -y -qq --no-install-recommends "${rt_todo[@]}" ||
		rt_skip="apt-get install ${rt_todo[*]} failed ($apt_error)"
fi

# 5. The backports kernels, or why each is skipped: one line each in
# $SKIPPED ("<label>: <reason>"), which check.sh counts.
skipped=()
k=$(bpo_kernel)
if [ -n "$k" ]; then
	[ -z "$skip" ] || ms_log "deps.sh: $BPO_LABEL: $skip; using the installed $k"
else
	[ -n "$skip" ] ||
		skip="no kernel besides 6.1 with headers in /usr/src and an image in /boot"
	skipped+=("$BPO_LABEL: $skip")
	ms_log "deps.sh: no $BPO_LABEL kernel: $skip; the guest suite runs without it, and check.sh reports it as skipped"
fi
k=$(bpo_kernel rt-)
if [ -n "$k" ]; then
	[ -z "$rt_skip" ] || ms_log "deps.sh: $RT_LABEL: $rt_skip; using the installed $k"
else
	[ -n "$rt_skip" ] ||
		rt_skip="no -rt-amd64 kernel with headers in /usr/src and an image in /boot"
	skipped+=("$RT_LABEL: $rt_skip")
	ms_log "deps.sh: no $RT_LABEL kernel: $rt_skip; the guest suite runs without it, and check.sh reports it as skipped"
fi
if [ ${#skipped[@]} -gt 0 ]; then
	mkdir -p "$MS_CACHE"
	printf '%s\n' "${skipped[@]}" >"$SKIPPED"
else
	rm -f "$SKIPPED"
fi
