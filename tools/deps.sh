#!/bin/sh
# tools/deps.sh: install the Debian packages C-1 needs to build and test, only
# those that are missing, and say what it installs. Run by `make test` and
# `make demo` before the build; safe to run again (it does nothing then).
set -eu

PACKAGES="build-essential pkg-config clang libclang-rt-14-dev libsdl2-dev \
libreadline-dev libpng-dev libcmocka-dev libzstd-dev libxxhash-dev libjansson-dev tmux"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "deps: all packages present"
    exit 0
fi

echo "deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"
