#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make mmu-check: the real MMU is the judge of the module's page tables.
# In an x86-64 guest with the module loaded, tools/mmu/plan.c builds a
# space per format from random operations, exports it (MS_IOC_EXPORT) at
# the base a probe machine loads it at, and says what each probed access
# must do. Then, per format, QEMU's system emulator (TCG) boots the bare-
# metal probe of its architecture with the image and the probe list placed
# in RAM by -device loader; the probe switches to the image's root and
# reports every access over the UART, and scripts/mmu_compare.py checks
# the report against the plan, and the Accessed and Dirty bits the MMU set
# (x86-64, RISC-V) against what MS_IOC_TOUCH of the same accesses set in
# the module. EPT is not probed: TCG has no VMX.
#
#   scripts/mmu-check.sh [FORMAT...]   x86-64-4l x86-64-5l sv39 sv48 sv57
#                                      arm64 (default: all six)
#   scripts/mmu-check.sh --self-test   the planted bug below must fail sv39
#   MMU_PROBES=N    probes per format (default 1800: 10,800 accesses)
#   MMU_SEED=S      the random operations' seed (default 1)
#   MMU_PLANT=riscv-x   the self-test: the images lose the X bit of every
#                   RISC-V leaf, an encoding bug the probes must catch
#
# One line per format, "mmu FORMAT: N passed, N failed" (a test per probed
# access and per value read); the last line, "mmu: N passed, N failed",
# counts the formats that passed and failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

if [ "${1:-}" = --self-test ]; then
	out=$(MMU_PLANT=riscv-x MMU_PROBES=${MMU_PROBES:-600} "$0" sv39 2>&1)
	# Its own counts are this test's evidence, not tests of their own.
	echo "$out" | grep -v -E ': probe |passed, [0-9]+ failed$' >&2
	line=$(grep -E '^mmu sv39: [0-9]+ passed' <<<"$out" | tail -n 1)
	# Caught means: the probes ran, and what failed is fetches only.
	others=$(grep -E '^mmu sv39: ' <<<"$out" | grep -v -E ' passed, |fetch: ' | head -n 3)
	if [[ $line =~ ([0-9]+)\ passed,\ ([1-9][0-9]*)\ failed$ ]] && [ -z "$others" ]; then
		echo "mmu self-test: the planted bug (RISC-V leaves without X) was caught:" \
			"${BASH_REMATCH[2]} of $((BASH_REMATCH[1] + BASH_REMATCH[2])) checks disagreed"
		echo "mmu self-test: 1 passed, 0 failed"
		exit 0
	fi
	echo "mmu self-test: the planted bug was not caught as it should be ($line${others:+; $others})"
	echo "mmu self-test: 0 passed, 1 failed"
	exit 1
fi

ms_need qemu-system-x86_64 qemu-system-riscv64 qemu-system-aarch64 \
	riscv64-linux-gnu-gcc aarch64-linux-gnu-gcc python3
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(x86-64-4l x86-64-5l sv39 sv48 sv57 arm64)
probes=${MMU_PROBES:-1800}
seed=${MMU_SEED:-1}
out=$MS_CACHE/mmu
formats_pass=0
formats_fail=0

finish() {
	echo "mmu: $formats_pass passed, $formats_fail failed"
	[ "$formats_fail" -eq 0 ]
	exit
}

rm -rf "$out/plan" && mkdir -p "$out/plan"
if ! make -s -C "$MS_ROOT/tools/mmu" OUTPUT="$out" riscv arm64 x86; then
	echo "mmu: the probes did not build"
	formats_fail=${#formats[@]}
	finish
fi

# The plan, in the guest; its files come back on the console as a tarball.
ms_log "mmu: building and exporting the spaces in a guest (seed $seed)"
"$MS_ROOT/scripts/guest.sh" -- sh -c \
	"MMU_PLANT=${MMU_PLANT:-} /ms_mmu_plan /tmp/mmu $seed $probes ${formats[*]} &&
	 echo MMU-TAR-BEGIN && tar -C /tmp -c mmu | gzip | base64 && echo MMU-TAR-END" \
	>"$out/guest.log" 2>&1
if ! sed -n '/^MMU-TAR-BEGIN$/,/^MMU-TAR-END$/p' "$out/guest.log" | sed '1d;$d' |
	base64 -d | tar -C "$out/plan" -xz; then
	echo "mmu: the plan did not come back from the guest (see $out/guest.log)"
	formats_fail=${#formats[@]}
	finish
fi
grep -E '^[a-z0-9-]+: [0-9]+ areas' "$out/guest.log" >&2

# The machine a format's probe runs on, and where its RAM starts.
machine() {
	case $1 in
	sv39 | sv48 | sv57)
		ram=0x80000000
		# Svpbmt: uncached pages carry PBMT=NC (reserved without it).
		qemu=(qemu-system-riscv64 -M virt -cpu rv64,svpbmt=true
		      -bios none -m 256M -kernel "$out/probe-riscv.elf")
		;;
	x86-64-4l | x86-64-5l)
		ram=0
		qemu=(qemu-system-x86_64 -cpu max -m 256M
		      -device isa-debug-exit,iobase=0xf4,iosize=0x04
		      -kernel "$out/probe-x86.elf")
		;;
	arm64)
		ram=0x40000000
		qemu=(qemu-system-aarch64 -M virt -cpu cortex-a57 -m 256M
		      -kernel "$out/probe-arm64.elf")
		;;
	*) return 1 ;;
	esac
}

for f in "${formats[@]}"; do
	dir=$out/plan/mmu/$f
	if [ ! -s "$dir/list.bin" ] || ! machine "$f"; then
		echo "mmu $f: no plan (see $out/guest.log)"
		formats_fail=$((formats_fail + 1))
		continue
	fi
	timeout 300 "${qemu[@]}" -accel tcg -nographic -no-reboot \
		-device loader,file="$dir/image.bin",addr=$((ram + 0x01000000)),force-raw=on \
		-device loader,file="$dir/list.bin",addr=$((ram + 0x00200000)),force-raw=on \
		</dev/null 2>&1 | tr -d '\r' >"$dir/report.txt"
	python3 "$MS_ROOT/scripts/mmu_compare.py" "$dir/expect.txt" \
		"$dir/report.txt" "$f" "$dir/ad.txt" "$dir/mismatch.txt" \
		>"$dir/result.txt"
	line=$(tail -n 1 "$dir/result.txt")
	head -n -1 "$dir/result.txt" >&2
	echo "$line"
	if [[ $line =~ \ [1-9][0-9]*\ passed,\ 0\ failed$ ]]; then
		formats_pass=$((formats_pass + 1))
	else
		formats_fail=$((formats_fail + 1))
	fi
done
finish
