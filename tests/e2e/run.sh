#!/bin/sh
# tests/e2e/run.sh: end-to-end tests of the programs in build/bin, run as a
# user would.  Each case builds a small raw image from octal parcels, runs
# `c1 --bare ... --json` and checks the exit reason and registers.
# Prints "run e2e: N passed, N failed" and exits 1 on any failure.
NAME=run
. tests/e2e/lib.sh

# image FILE PARCEL... : write octal parcels as big-endian 16-bit units,
# padded with zero parcels to whole 64-bit words.
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
    while [ $((n % 4)) -ne 0 ]; do
        printf '\000\000' >>"$file"
        n=$((n + 1))
    done
}

# check NAME OUTPUT PATTERN...: every grep pattern must be in the output
check() {
    name=$1
    out=$2
    shift 2
    for pattern in "$@"; do
        if ! printf '%s\n' "$out" | grep -q -- "$pattern"; then
            bad "$name: missing $pattern"
            printf '%s\n' "$out" | head -c 600
            echo
            return
        fi
    done
    ok
}

# A1 5 ; A2 A1+A1 ; EX  ->  normal exit, A2 = 012, P after the EX
image "$TMP/add.img" 022105 030211 004000
out=$("$BIN/c1" --bare "$TMP/add.img" --json)
check "normal exit" "$out" '"exit":"normal"' '"a":\["0","5","12"' '"p":"3"'

# S1 1. ; S2 2. ; S3 S1+FS2 ; EX  -> 3.0 = 0x4002C00000000000
image "$TMP/fadd.img" 071150 071260 062312 004000
out=$("$BIN/c1" --bare "$TMP/fadd.img" --json)
check "float add" "$out" '"exit":"normal"' '"s":\["0","400014000000000000000","400024000000000000000","400026000000000000000"'

# ERR -> error exit, exit status 1
image "$TMP/err.img" 000000
out=$("$BIN/c1" --bare "$TMP/err.img" --json)
status=$?
check "error exit" "$out" '"exit":"error"' '"flags":"2"'
[ $status -eq 1 ] || bad "error exit status $status"

# a load outside a 4096-word memory: A1 O'10000 (020) ; S1 0,A1 (121) ; EX
image "$TMP/range.img" 020100 010000 121100 000000 004000
out=$("$BIN/c1" --bare "$TMP/range.img" --memory 4096 --json)
check "operand range" "$out" '"exit":"range"' '"flags":"40"'

# J 0 forever -> cycles
image "$TMP/loop.img" 006000 000000
out=$("$BIN/c1" --bare "$TMP/loop.img" --max-cycles 1000 --json)
check "cycle limit" "$out" '"exit":"cycles"'

# a jump beyond a 16-word field (parcel 0100) -> program range
image "$TMP/off.img" 006000 000100
out=$("$BIN/c1" --bare "$TMP/off.img" --memory 16 --json)
check "program range" "$out" '"exit":"range"' '"flags":"20"'

# the pipeline view: S1 S2+S3 ; S4 S1+S5 ; EX: the first waits for the
# buffer fill (14), the second for S1 (3 clocks later, at 17)
image "$TMP/trace.img" 060123 060415 004000
out=$("$BIN/c1" --bare "$TMP/trace.img" --trace)
check "trace" "$out" '14  00000000  S1        S2+S3 *fetch +14' '17  00000001  S4        S1+S5 *operand 1 +2' 'MFLOPS'

# two PCs, each with its own field, each runs the program to the same end
out=$("$BIN/c1" --bare "$TMP/add.img" --pcs 2 --json)
check "two pcs" "$out" '{"pcs":\[{"pc":0,"exit":"normal"' '{"pc":1,"exit":"normal","p":"3"'

# A program that times itself with RT, assembled with c1cal: the counts the
# timing model's unit tests give.  S7: RT at t, S1 S2+S3 at t+1, S4 S1+S5
# waits for S1 until t+4, RT at t+5: 5.  S5: multiply at t+1, the add of
# its result at t+1+7, RT at t+9: 9 (octal 11).  S3: V1 V2*FV3 at t+1, V4
# chained at its slot t+1+7+2, RT at t+11: 11 (octal 13).
"$BIN/c1cal" -o "$TMP/rtself.c1x" jobs/bare/rtself.cal
out=$("$BIN/c1" --bare "$TMP/rtself.c1x" --json)
check "self-timing with RT" "$out" '"exit":"normal"' '"s":\["0","0","0","13","[0-7]*","11","[0-7]*","5"\]'

# The bare machine loads c1cal's executables at their entry point.
"$BIN/c1cal" -o "$TMP/first.c1x" jobs/bare/first.cal
out=$("$BIN/c1" --bare "$TMP/first.c1x" --json)
check "first program" "$out" '"a":\["0","5","31"' '"s":\["0","400014000000000000000","400024000000000000000","400026000000000000000","400044400000000000000"'

# bad input: a file that is not whole words, a bad model
printf 'abc' >"$TMP/bad.img"
out=$("$BIN/c1" --bare "$TMP/bad.img" 2>&1)
status=$?
check "bad image" "$out" 'not a whole number of 64-bit words'
[ $status -eq 2 ] || bad "bad image status $status"
out=$("$BIN/c1" --bare "$TMP/add.img" --model cray2 2>&1)
check "bad model" "$out" "unknown model 'cray2'"

finish
