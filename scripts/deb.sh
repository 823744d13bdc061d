#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make deb: the Debian packages memory-set-dkms (the module's source for
# DKMS) and msctl, built from the git tree's files in a scratch copy with
# dpkg-buildpackage, written to build/deb/ and checked by lintian, whose
# errors and warnings fail it (debian/*.lintian-overrides say why any is
# accepted).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ms_need dpkg-buildpackage dh dh_dkms lintian
out=${DEB_OUT:-$MS_ROOT/build/deb}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$MS_ROOT/dkms.conf")
src=$work/memory-set-$version
mkdir -p "$src"
(cd "$MS_ROOT" && git ls-files -z | xargs -0 cp --parents -t "$src")
(cd "$src" && dpkg-buildpackage -b -us -uc >"$work/build.log" 2>&1) || {
	tail -n 30 "$work/build.log" >&2
	ms_die "dpkg-buildpackage failed"
}
mkdir -p "$out"
rm -f "$out"/*.deb
mv "$work"/*.deb "$out/"
ms_log "built $(cd "$out" && ls -- *.deb | tr '\n' ' ')in ${out#"$MS_ROOT"/}"
lintian --fail-on error,warning "$out"/*.deb
