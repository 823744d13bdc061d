#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The quality gates: checkpatch --strict on every C file, the kernel's
# .clang-format on the kernel code, kernel-doc, the layers (what each file
# may include, scripts/layering.sh, with its planted-violation self-test),
# a W=1 + sparse build against each of Debian's kernels, and the layers
# again by what the built objects call (nm), with their self-test. Each gate is
# one test; the last line is "lint: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

ms_need perl sparse clang-format
src=$(ms_kernel_source) || exit 1
cd "$MS_ROOT"
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null ||
	find include module kunit tools -name '*.[ch]')
mapfile -t kfiles < <(printf '%s\n' "${files[@]}" | grep -E '^(include|module|kunit)/')
passed=0
failed=0

gate() {
	local name=$1 out
	shift
	out=$("$@" 2>&1)
	if [ -z "$out" ]; then
		echo "ok: $name"
		passed=$((passed + 1))
	else
		echo "FAILED: $name"
		echo "$out" | head -n 40
		failed=$((failed + 1))
	fi
}

# A perl per 16 files, $MS_JOBS at a time.
checkpatch() {
	printf '%s\0' "${files[@]}" |
		xargs -0 -n 16 -P "$MS_JOBS" perl "$src/scripts/checkpatch.pl" \
			--strict --no-tree --terse --show-types -f |
		grep -E 'ERROR|WARNING|CHECK'
}

kernel_doc() {
	perl "$src/scripts/kernel-doc" -none "${kfiles[@]}"
}

# A clean out-of-tree build with W=1 and sparse: any diagnostic fails.
strict_build() {
	local kver=$1 build=$MS_CACHE/lint-build-$1
	rm -rf "$build" && mkdir -p "$build"
	tar --exclude=./.cache --exclude=./.git -cf - . | tar -C "$build" -xf -
	make -C "/usr/src/linux-headers-$kver" M="$build" CONFIG_MEMORY_SET=m \
		-j"$MS_JOBS" W=1 C=1 modules 2>&1 | grep -Ei 'warning|error|sparse|\*\*\*' |
		grep -v 'Skipping BTF'
}

# The kernel's .clang-format (copied to the top of the tree) on the kernel
# code; tests and tools follow checkpatch only.
clang_format() {
	clang-format --style=file --dry-run -Werror module/*.[ch] include/memory_set.h 2>&1 |
		head -n 40
}

gate "checkpatch --strict" checkpatch
gate "clang-format (kernel .clang-format) on module/ and include/memory_set.h" clang_format
gate "kernel-doc -none" kernel_doc
gate "layers (scripts/layering.sh --self-test)" "$MS_ROOT/scripts/layering.sh" --self-test
for kver in $(ms_kernel_versions); do
	gate "W=1 C=1 (sparse) build against $kver" strict_build "$kver"
done
# The layers by what the objects call (nm), on the first build's objects.
objects=$MS_CACHE/lint-build-$(ms_kernel_versions | head -n 1)/module
gate "layers by symbols (layering.sh --objects, and its self-test)" \
	"$MS_ROOT/scripts/layering.sh" --self-test "$objects"

echo "lint: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
