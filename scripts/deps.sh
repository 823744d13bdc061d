#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian 12 packages that the build, the tests and the demo need.
set -euo pipefail

PKGS=(build-essential linux-source linux-headers-amd64 linux-image-amd64
      qemu-system-x86 busybox-static bc flex bison libelf-dev libssl-dev
      cpio sparse python3 kmod clang libclang-rt-14-dev clang-format dkms)

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

# The second kernel the guest suite runs on: 6.12 from bookworm-backports,
# on the same mirror as the rest.
BACKPORTS=/etc/apt/sources.list.d/bookworm-backports.sources
updated=
if [ ! -f "$BACKPORTS" ] && ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d; then
	$SUDO tee "$BACKPORTS" >/dev/null <<EOF2
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF2
	$SUDO apt-get update -qq
	updated=1
fi

missing=()
for p in "${PKGS[@]}"; do
	installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing: ${missing[*]}" >&2
	[ -n "$updated" ] || { $SUDO apt-get update -qq; updated=1; }
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The backports kernel by its versioned names, so that linux-image-amd64
# stays Debian 12's own 6.1.
bpo=()
for meta in linux-image-amd64 linux-headers-amd64; do
	dep=$(apt-cache depends "$meta/bookworm-backports" 2>/dev/null |
	      sed -n 's/^ *Depends: \(linux-\(image\|headers\)-6\.[0-9.]*+[a-z0-9]*-amd64\)$/\1/p' |
	      head -n 1)
	[ -n "$dep" ] && ! installed "$dep" && bpo+=("$dep")
done
if [ ${#bpo[@]} -gt 0 ]; then
	echo "installing: ${bpo[*]}" >&2
	$SUDO apt-get install -y -qq --no-install-recommends "${bpo[@]}" >/dev/null
fi
