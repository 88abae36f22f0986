#!/bin/sh
# bench/setup.sh: installs what `make bench` needs beyond scripts/setup-debian.sh
# (Debian 12): valgrind (callgrind), gnuplot (plots), GNU time (peak RSS) are
# required; bindgen, libdpdk-dev and the kernel headers (with gcc for their
# Kbuild) are for the generation-speed comparison, whose rows are skipped
# without them.  Installs what is missing when root (or with sudo); otherwise
# names the packages and fails only if a required one is missing.
set -eu
required="valgrind gnuplot-nox time"
optional="bindgen libclang1-14 libdpdk-dev linux-headers-amd64 gcc make pkg-config"
missing() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf ' %s' "$p"
	done
}
# shellcheck disable=SC2086
need=$(missing $required $optional)
[ -z "$need" ] && exit 0
sudo=
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=sudo; else sudo=none; fi
fi
if [ "$sudo" != none ]; then
	echo "bench/setup.sh: installing$need"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
	exit 0
fi
# shellcheck disable=SC2086
req=$(missing $required)
if [ -n "$req" ]; then
	echo "bench/setup.sh: make bench needs:$req (apt-get install$need)" >&2
	exit 1
fi
echo "bench/setup.sh: without$need the generation-speed rows that need them are skipped (apt-get install$need)" >&2
