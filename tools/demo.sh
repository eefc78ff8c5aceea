#!/bin/sh
# tools/demo.sh: what `make demo` shows at this stage of C-1: the bare
# machine running a small program built from octal parcels (the batch site,
# its example jobs and the time-limit drop and restart come with the OS).
set -e
BIN=build/bin
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
image() {
    file=$1
    shift
    : >"$file"
    n=0
    for p in "$@"; do
        v=$((0$p))
        printf "\\$(printf %o $((v >> 8)))\\$(printf %o $((v & 255)))" >>"$file"
        n=$((n + 1))
    done
    while [ $((n % 4)) -ne 0 ]; do printf '\000\000' >>"$file"; n=$((n + 1)); done
}
echo "== program (octal parcels and their CAL):"
echo "   071150 S1 1.   071260 S2 2.   062312 S3 S1+FS2   064433 S4 S3*FS3"
echo "   022105 A1 5    032211 A2 A1*A1                   004000 EX"
image "$TMP/demo.img" 071150 071260 062312 064433 022105 032211 004000
echo "== c1 --bare: expect S3 = 3.0 (0400026...), S4 = 9.0 (0400044...), A2 = 25 (031)"
"$BIN/c1" --bare "$TMP/demo.img" | grep -E "exit:|time:|^A[0-4] "
