#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# deps.sh's bookworm-backports source, on scratch copies of the apt
# configuration (MS_DEPS_SOURCES_ONLY: no network, no apt-get): derived
# from a deb822 debian.sources and from a one-line sources.list (same URIs,
# keyring, components and options), left alone when some file already has
# it (either format, any name), not derived from a vendor's or a disabled
# entry; and each second run changes nothing and says so. Also: only make
# deps, demo and check install packages.
# Last line: "deps: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
not() { ! "$@"; }
check() {
	local what=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAILED: $what"
		sed 's/^/  deps.sh said: /' "$tmp/out"
	fi
}

# deps.sh on the apt configuration $1, sources only; what it says goes to
# $tmp/out (colours off), its one line is printed.
deps() {
	MS_APT_ETC=$1 MS_DEPS_SOURCES_ONLY=1 MS_CACHE=$tmp/cache \
		"$MS_ROOT/scripts/deps.sh" >"$tmp/out.raw" 2>&1
	local rc=$?
	sed 's/\x1b\[[0-9;]*m//g' "$tmp/out.raw" >"$tmp/out"
	sed "s|$tmp/||g; s/^/  /" "$tmp/out"
	return $rc
}
# Every file under $1 with its checksum: what a second run must not change.
snapshot() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
said() { grep -q -- "$1" "$tmp/out"; }
has_line() { grep -qxF -- "$2" "$1"; }
# Every non-comment line of file $1 is one of the remaining arguments, and
# each of those is in the file.
exactly() {
	local f=$1 l
	shift
	[ "$(grep -vc '^#' "$f")" -eq $# ] || return 1
	for l in "$@"; do has_line "$f" "$l" || return 1; done
}

# Run deps.sh twice on $1: the first run must say $2 and leave file $3
# with lines $4...; the second must change nothing and say so.
twice() {
	local etc=$1 first=$2 file=$3 name=${1##*/}
	shift 3
	echo "$name:"
	check "$name: first run succeeds" deps "$etc"
	check "$name: first run says '$first'" said "$first"
	check "$name: $file written as derived" exactly "$etc/sources.list.d/$file" "$@"
	snapshot "$etc" >"$tmp/before"
	check "$name: second run succeeds" deps "$etc"
	check "$name: second run says nothing to change" said "nothing to change"
	check "$name: second run names $file" said "already in $etc/sources.list.d/$file"
	snapshot "$etc" >"$tmp/after"
	check "$name: second run changed no file" cmp -s "$tmp/before" "$tmp/after"
}

keyring=/usr/share/keyrings/debian-archive-keyring.gpg

# deb822, as Debian 12 installs it, with comments, two URIs, more
# components, a security and a deb-src stanza, a disabled bookworm stanza
# on another host, a disabled backports stanza, a vendor's "bookworm main"
# repository sorting first, and a backports line in an ignored file name.
etc=$tmp/deb822
mkdir -p "$etc/sources.list.d"
cat >"$etc/sources.list.d/debian.sources" <<EOF
# The Debian archive, through the local mirror.
Types: deb
URIs: http://disabled.invalid/debian
Suites: bookworm
Components: main
Enabled: no

Types: deb
# http://snapshot.invalid/archive/debian/20250520T000000Z
URIs: http://mirror.invalid/debian
 http://mirror2.invalid/debian
Suites: bookworm bookworm-updates
Components: main contrib non-free-firmware
Signed-By: $keyring
Architectures: amd64

Types: deb-src
URIs: http://mirror.invalid/debian
Suites: bookworm
Components: main
Signed-By: $keyring

Types: deb
URIs: http://mirror.invalid/debian-security
Suites: bookworm-security
Components: main
Signed-By: $keyring

Types: deb
URIs: http://disabled.invalid/debian
Suites: bookworm-backports
Components: main
Enabled: no
EOF
cat >"$etc/sources.list.d/a-vendor.sources" <<EOF
Types: deb
URIs: https://vendor.invalid/debian/12/prod
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/vendor.gpg
EOF
echo "deb http://old.invalid/debian bookworm-backports main" \
	>"$etc/sources.list.d/old.list.disabled"
twice "$etc" "adding $etc/sources.list.d/bookworm-backports.sources" \
	bookworm-backports.sources \
	"Types: deb" \
	"URIs: http://mirror.invalid/debian" \
	" http://mirror2.invalid/debian" \
	"Suites: bookworm-backports" \
	"Components: main contrib non-free-firmware" \
	"Signed-By: $keyring" \
	"Architectures: amd64"

# One-line sources.list, with options, more components, comments (one a
# commented-out backports line), security, updates and deb-src lines.
etc=$tmp/one-line
mkdir -p "$etc/sources.list.d"
cat >"$etc/sources.list" <<EOF
# deb cdrom:[Debian GNU/Linux 12 _Bookworm_ - Official amd64 DVD]/ bookworm main
deb-src http://mirror.invalid/debian/ bookworm main
deb [arch=amd64 signed-by=/etc/apt/keyrings/local-mirror.gpg] http://mirror.invalid/debian/ bookworm main contrib non-free non-free-firmware   # the mirror
deb http://mirror.invalid/debian-security bookworm-security main
deb [signed-by=/etc/apt/keyrings/local-mirror.gpg] http://mirror.invalid/debian/ bookworm-updates main
# deb http://mirror.invalid/debian/ bookworm-backports main
EOF
twice "$etc" "adding $etc/sources.list.d/bookworm-backports.list" \
	bookworm-backports.list \
	"deb [arch=amd64 signed-by=/etc/apt/keyrings/local-mirror.gpg] http://mirror.invalid/debian/ bookworm-backports main contrib non-free non-free-firmware"

# deb822 with the keyring embedded in Signed-By: copied as it is.
etc=$tmp/embedded-key
mkdir -p "$etc/sources.list.d"
cat >"$etc/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: http://mirror.invalid/debian
Suites: bookworm
Components: main
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 mDMEZmFrZRYJKwYBBAHaRw8BAQdA
 -----END PGP PUBLIC KEY BLOCK-----
EOF
twice "$etc" "adding $etc/sources.list.d/bookworm-backports.sources" \
	bookworm-backports.sources \
	"Types: deb" \
	"URIs: http://mirror.invalid/debian" \
	"Suites: bookworm-backports" \
	"Components: main" \
	"Signed-By:" \
	" -----BEGIN PGP PUBLIC KEY BLOCK-----" \
	" ." \
	" mDMEZmFrZRYJKwYBBAHaRw8BAQdA" \
	" -----END PGP PUBLIC KEY BLOCK-----"

# Backports already there, under other names: nothing is added, and it
# says where it found it. One-line in sources.list.d, then deb822 with
# backports among other suites.
present() {
	local name=$1 file=$2 etc=$tmp/$1
	echo "$name:"
	snapshot "$etc" >"$tmp/before"
	check "$name: run succeeds" deps "$etc"
	check "$name: says nothing to change" said "nothing to change"
	check "$name: names $file" said "already in $etc/$file"
	snapshot "$etc" >"$tmp/after"
	check "$name: changed no file" cmp -s "$tmp/before" "$tmp/after"
}
mkdir -p "$tmp/present-line/sources.list.d" "$tmp/present-822/sources.list.d"
for etc in "$tmp/present-line" "$tmp/present-822"; do
	cp "$tmp/deb822/sources.list.d/debian.sources" "$etc/sources.list.d/"
done
echo "deb http://mirror.invalid/debian bookworm-backports main" \
	>"$tmp/present-line/sources.list.d/extra.list"
cat >"$tmp/present-822/sources.list.d/zz-local.sources" <<EOF
Types: deb deb-src
URIs: http://mirror.invalid/debian
Suites: bookworm-proposed-updates bookworm-backports
Components: main
EOF
present present-line sources.list.d/extra.list
present present-822 sources.list.d/zz-local.sources

# No Debian bookworm source (only a vendor's, and a disabled one): nothing
# is added, it says why, and it does not fail.
etc=$tmp/no-debian
mkdir -p "$etc/sources.list.d"
cp "$tmp/deb822/sources.list.d/a-vendor.sources" "$etc/sources.list.d/"
cat >"$etc/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: http://mirror.invalid/debian
Suites: bookworm
Components: main
Enabled: no
EOF
echo "no-debian:"
snapshot "$etc" >"$tmp/before"
check "no-debian: run succeeds" deps "$etc"
check "no-debian: says why nothing is added" said "not adding bookworm-backports: no enabled"
snapshot "$etc" >"$tmp/after"
check "no-debian: changed no file" cmp -s "$tmp/before" "$tmp/after"

# deps.sh's own file there, but disabled: left as it is, and said so.
etc=$tmp/disabled
mkdir -p "$etc/sources.list.d"
cp "$tmp/deb822/sources.list.d/debian.sources" "$etc/sources.list.d/"
printf 'Types: deb\nURIs: http://mirror.invalid/debian\nSuites: bookworm-backports\nComponents: main\nEnabled: no\n' \
	>"$etc/sources.list.d/bookworm-backports.sources"
echo "disabled:"
snapshot "$etc" >"$tmp/before"
check "disabled: run succeeds" deps "$etc"
check "disabled: says it is left as it is" said "left as it is"
snapshot "$etc" >"$tmp/after"
check "disabled: changed no file" cmp -s "$tmp/before" "$tmp/after"

# No host name in the project's files (the fixtures use .invalid ones).
echo "project files:"
no_host_name() {
	! grep -rlIE 'deb\.debian\.org|ftp\.[a-z.]+\.debian\.org' \
		--exclude-dir=.git --exclude-dir=.cache --exclude-dir=build "$MS_ROOT"
}
: >"$tmp/out"
check "no mirror host name in the project's files" no_host_name

# Only make deps, make demo and make check install: no other target, and
# no script those call, runs deps.sh or apt-get (the scripts they reach
# are read through their calls of $MS_ROOT/scripts/*.sh).
echo "targets:"
reached_scripts() {
	local todo=("$@") seen=" " f next

	while [ ${#todo[@]} -gt 0 ]; do
		f=${todo[0]}
		todo=("${todo[@]:1}")
		case $seen in *" $f "*) continue ;; esac
		seen+="$f "
		echo "$f"
		for next in $(grep -oE 'scripts/[a-z_-]+\.sh' "$MS_ROOT/$f" | sort -u); do
			todo+=("$next")
		done
	done
}
installs_nothing() {
	local target=$1 recipe scripts

	recipe=$(make -s -n -C "$MS_ROOT" "$target" 2>/dev/null)
	scripts=$(grep -oE 'scripts/[a-z_-]+\.sh' <<<"$recipe" | sort -u)
	# lib.sh is sourced, deps.sh and apt-backports.sh only named in text.
	! grep -lE '^[^#]*(scripts/deps\.sh|apt-get)' \
		$(reached_scripts $scripts | grep -v 'lib\.sh' | sed "s|^|$MS_ROOT/|") \
		<(echo "$recipe") >"$tmp/out" 2>&1
}
for target in lint fuzz guest-test kunit bench msctl; do
	check "make $target installs nothing" installs_nothing "$target"
done
for target in deps demo check; do
	check "make $target installs" not installs_nothing "$target"
done

# make clean removes build products, never the caches below the tree
# (kbuild's own clean would: it deletes every object below M=).
clean_keeps_caches() {
	local probe=$MS_CACHE/clean-probe/kept.o
	mkdir -p "${probe%/*}" && : >"$probe" &&
		make -s -C "$MS_ROOT" clean >"$tmp/out" 2>&1 &&
		[ -f "$probe" ] && rm -rf "${probe%/*}"
}
check "make clean keeps .cache/" clean_keeps_caches

echo "deps: $passed passed, $failed failed"
[ $failed -eq 0 ]
