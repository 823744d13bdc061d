#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot Debian's kernel in QEMU with the module, the test program and msctl
# in a busybox initramfs; run a command after insmod, then rmmod.
#
#   scripts/guest.sh [-k KVER] [-m MODULE_ARGS] [-f FILE]... -- COMMAND...
#
# -f copies a host file into the guest's / . MS_GUEST_KO=FILE boots with
# that memory_set.ko instead of the one built here (a DKMS build, say),
# installed as the kernel's module and loaded with modprobe. The guest's
# output comes back
# on stdout; the exit status is the command's, or 1 if insmod or rmmod
# failed, the guest timed out, or its kernel log holds a WARNING, BUG or
# Oops. The full log is kept in .cache/guest-KVER/console.log.
#
# A kernel that dies before /init reaches insmod (Debian's 6.12-rt under
# TCG oopses now and then while it boots) is not the module's failure: the
# guest boots once more, and if that dies before insmod too, the exit
# status is 77 ("the kernel did not boot"), never 0 and never 1. The log of
# the boot that died is kept as console-noboot.log. For the harness's own
# test, MS_GUEST_BREAK_BOOT=N makes the first N boots die before insmod.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

modargs=""
kver=""
extra=()
while getopts "k:m:f:" opt; do
	case $opt in
	k) kver=$OPTARG ;;
	m) modargs=$OPTARG ;;
	f) extra+=("$OPTARG") ;;
	*) ms_die "usage: $0 [-k KVER] [-m MODULE_ARGS] [-f FILE] -- COMMAND..." ;;
	esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || ms_die "no command to run in the guest"
KVER=${kver:-$(ms_kernel_version)} || exit 1
export KVER
kernel=/boot/vmlinuz-$KVER
[ -r "$kernel" ] || ms_die "no $kernel: install linux-image-$KVER"

work=$MS_CACHE/guest-$KVER
mkdir -p "$work"
# MS_GUEST_BUILT=1: the caller built them already (a suite that boots
# several guests in a row).
if [ -z "${MS_GUEST_BUILT:-}" ] || [ ! -f "$work/memory_set.ko" ]; then
	"$MS_ROOT/scripts/build-guest-files.sh" "$work" >&2 || ms_die "build failed"
fi

# The initramfs: busybox, the module, the programs, /init and the command.
root=$work/root
rm -rf "$root" && mkdir -p "$root"/{bin,dev,proc,sys,tmp}
cp /bin/busybox "$root/bin/busybox"
cp "$work"/memory_set.ko "$work"/ms_* "$work"/msctl "$work"/bench "$root/"
load="insmod /memory_set.ko"
if [ -n "${MS_GUEST_KO:-}" ]; then
	mkdir -p "$root/lib/modules/$KVER/updates/dkms"
	cp "$MS_GUEST_KO" "$root/lib/modules/$KVER/updates/dkms/memory_set.ko"
	depmod -b "$root" "$KVER" || ms_die "depmod failed"
	load="modprobe memory_set"
fi
for f in "${extra[@]}"; do cp "$f" "$root/"; done
printf '%q ' "$@" > "$root/cmd.sh"
cat > "$root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
cd /
echo MS-BEGIN
rc=0
if $load $modargs; then
	sh /cmd.sh; rc=\$?
	rmmod memory_set || { echo "rmmod failed"; rc=1; }
else
	echo "$load failed"; rc=1
fi
echo MS-EXIT=\$rc
echo MS-DMESG-BEGIN
dmesg
echo MS-DMESG-END
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.gz"

log=$work/console.log
# One boot; its console, \r removed, in $log.
boot() {
	local append="console=ttyS0 panic=-1 quiet oops=panic"

	# The harness's self-test: no init, so the kernel panics at once.
	[ "$1" -le "${MS_GUEST_BREAK_BOOT:-0}" ] && append+=" rdinit=/no-init"
	timeout ${GUEST_TIMEOUT:-900} qemu-system-x86_64 -accel tcg \
		-cpu "${QEMU_CPU:-max}" -smp 2 -m 1024 -nographic -no-reboot \
		-kernel "$kernel" -initrd "$work/initrd.gz" -append "$append" \
		</dev/null >"$log" 2>&1
	qemu_rc=$?
	tr -d '\r' < "$log" > "$log.tmp" && mv "$log.tmp" "$log"
}

# Whether the guest's /init got as far as insmod.
reached_insmod() {
	grep -q 'MS-BEGIN$' "$log"
}

boot 1
if ! reached_insmod; then
	cp "$log" "$work/console-noboot.log"
	echo "guest: the kernel ($KVER) died before insmod (qemu exit $qemu_rc;" \
		"see $work/console-noboot.log): booting it once more" >&2
	boot 2
	if ! reached_insmod; then
		echo "guest: the kernel ($KVER) died before insmod twice: it did" \
			"not boot; the module was not tested (see $log)" >&2
		exit 77
	fi
fi

sed -n '/MS-BEGIN$/,/^MS-EXIT=/p' "$log" | sed '1d;$d'
status=$(sed -n 's/^MS-EXIT=\([0-9]*\)$/\1/p' "$log" | tail -n 1)
if [ -z "$status" ]; then
	echo "guest: no exit status (qemu exit $qemu_rc); see $log" >&2
	exit 1
fi
if sed -n '/^MS-DMESG-BEGIN$/,/^MS-DMESG-END$/p' "$log" |
	grep -E 'WARNING:|BUG:|Oops|general protection|Call Trace' >&2; then
	echo "guest: the kernel log shows a problem; see $log" >&2
	exit 1
fi
# A command's own 77 is a failure here: 77 means only "did not boot".
[ "$status" -eq 77 ] && exit 1
exit "$status"
