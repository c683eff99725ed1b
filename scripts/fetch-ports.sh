#!/bin/sh
# Unpacks the sources of each third-party program in ports/ from its Debian source package.
#
# ports/NAME/debian-source names the package (one word). Its sources go to
# ports/.src/NAME/ as their authors released them, with only those of
# Debian's patches that ports/NAME/debian-patches names (security fixes:
# Debian's other patches fit the program to Debian's own file layout),
# and are never committed: the port itself is only the build rules in
# ports/NAME/port.mk. apt verifies what it downloads
# against the archive's signed index. The source index is read with a
# private apt state (ports/.src/apt/), made from this machine's own apt
# sources with their type changed to deb-src, so the system's apt
# configuration is left as it was. Quiet when every port is unpacked.
set -eu

cd "$(dirname "$0")/.."
top=$(pwd)
src=$top/ports/.src

# What a port asks for: its package and patches. A port whose unpacked
# sources were made for another wish is unpacked again.
wish() {
	cat "ports/$1/debian-source" "ports/$1/debian-patches" 2>/dev/null | cksum
}

need=""
for f in ports/*/debian-source; do
	[ -f "$f" ] || continue
	name=$(basename "$(dirname "$f")")
	[ "$(cat "$src/$name/.wish" 2>/dev/null)" = "$(wish "$name")" ] || need="$need $name"
done
[ -z "$need" ] && exit 0

for tool in apt-get dpkg-source patch; do
	command -v $tool >/dev/null || {
		echo "fetch-ports.sh: $tool is missing (scripts/setup.sh installs it)" >&2
		exit 1
	}
done

apt=$src/apt
mkdir -p "$apt/lists/partial"
: > "$apt/sources.list"
# The machine's deb sources, one-line and deb822 forms, as deb-src.
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] && sed -n 's/^deb[[:space:]]/deb-src /p' "$f" >> "$apt/sources.list"
done
: > "$apt/src.sources"
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	sed 's/^Types:.*\bdeb\b.*/Types: deb-src/' "$f" >> "$apt/src.sources"
	echo >> "$apt/src.sources"
done
mkdir -p "$apt/parts"
cp "$apt/src.sources" "$apt/parts/src.sources"
APT="apt-get -q -o Dir::Etc::SourceList=$apt/sources.list
	-o Dir::Etc::SourceParts=$apt/parts -o Dir::State::Lists=$apt/lists
	-o APT::Sandbox::User=root"
$APT update >/dev/null

for name in $need; do
	pkg=$(cat "ports/$name/debian-source")
	work=$src/dl-$name
	rm -rf "$work" "$src/$name"
	mkdir -p "$work"
	(cd "$work" && $APT source --download-only "$pkg" >/dev/null)
	dsc=$(ls "$work"/*.dsc)
	# dpkg-source checks the files against the .dsc (apt checked the
	# .dsc against the signed index); its note that it has no key for
	# the uploader's own signature is shown only if it fails.
	(cd "$work" && dpkg-source -q --skip-patches -x "$dsc" "$src/$name" >log 2>&1) ||
		{ cat "$work/log" >&2; exit 1; }
	if [ -f "ports/$name/debian-patches" ]; then
		for p in $(cat "ports/$name/debian-patches"); do
			patch -s -d "$src/$name" -p1 < "$src/$name/debian/patches/$p"
		done
	fi
	rm -rf "$work" "$src"/*.orig.tar.*
	wish "$name" > "$src/$name/.wish"
	echo "fetch-ports.sh: $name from $(basename "$dsc" .dsc)"
done
