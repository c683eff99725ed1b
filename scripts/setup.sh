#!/bin/sh
# Installs the Debian packages Pier needs to build, test and debug, then
# unpacks the sources of the third-party programs in ports/ (from Debian's
# source packages: scripts/fetch-ports.sh). Quiet when all are present.
set -eu

cd "$(dirname "$0")/.."

PKGS="gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf
picolibc-riscv64-unknown-elf opensbi qemu-system-misc device-tree-compiler
u-boot-qemu u-boot-tools gdb-multiarch cpio libcmocka-dev libfdt-dev python3
make gcc mtools dosfstools dpkg-dev patch"

# Ask dpkg first, so a machine that has everything needs neither root nor
# the network (CI runs this before every build).
missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup.sh: missing packages:$missing" >&2
		echo "setup.sh: run as root (e.g. sudo $0) to install them" >&2
		exit 1
	fi

	echo "setup.sh: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086  # the list is meant to split into words
	apt-get install -y -q --no-install-recommends $missing
fi

./scripts/fetch-ports.sh
