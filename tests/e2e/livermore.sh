#!/bin/sh
# tests/e2e/livermore.sh: the Livermore kernels in CAL (jobs/livermore/)
# on the bare machine, checked against the published checksums.
#
# For each kernel: the data module is generated (jobs/livermore/lfkdata.c,
# built here with cc), appended to the kernel's CAL, assembled with c1cal and
# run with `c1 --bare --json`; the checksum the program leaves in S7 (a Cray
# float) is converted to decimal and compared with the long-span checksum of
# data/refdata/livermore-checksums.csv.  The number of matching
# significant digits, -log10(|c1 - ref| / |ref|), must reach the kernel's
# minimum:
#
#   10  kernels 1-3, 5-7, 9-11, 18, 19, 21, 23.  Cray arithmetic has
#       a 48-bit coefficient (2^-48 = 3.6e-15) and truncates, so every add
#       or multiply loses up to one unit in the last place, always in the
#       same direction: the checksum's own sum of 200 to 2525 weighted terms
#       can drift by about n/2 units, 1e-12 relative, and the kernel's
#       arithmetic adds as much again (kernel 21 accumulates 25 x 200
#       products into each element; kernels 5, 19 and 23 are recurrences,
#       but damped ones, so their errors do not grow).  Measured: 11.1 (21) to
#       13.5 (3) digits.
#    8  kernel 12.  x(k) = y(k+1) - y(k) are differences of neighbours that
#       agree to 6 digits, so the rounding of the inputs to 48 bits (2^-49
#       relative) is 1e-9 relative in x: with exact arithmetic on the
#       rounded inputs the checksum has 8.7 matching digits, which is what
#       C-1 gets.
#   16  kernel 24: the location of the minimum, exact.
#
# Before that, the generator itself is checked: the same data run through
# the kernels in IEEE double on the host must give the published checksums
# (>= 14 digits), which shows that the initialisation is the reference's.
#
# Prints a line per kernel and "livermore e2e: N passed, N failed"; exits 1
# on any failure.
NAME=livermore
. tests/e2e/lib.sh
DIR=${LIVERMORE:-jobs/livermore}
CSV=${LIVERMORE_CSV:-data/refdata/livermore-checksums.csv}

# kernel:minimum digits
KERNELS="1:10 2:10 3:10 5:10 6:10 7:10 9:10 10:10 11:10 12:8 18:10 19:10 21:10 23:10 24:16"

if [ ! -r "$CSV" ]; then
    bad "no reference checksums $CSV"
    give_up
fi
if ! ${CC:-cc} -std=c11 -O2 -ffp-contract=off -o "$TMP/lfkdata" "$DIR/lfkdata.c" -lm; then
    bad "cannot build $DIR/lfkdata.c"
    give_up
fi
L=$TMP/lfkdata

# reference K: the long-span checksum of kernel K
reference() { awk -F, -v k="$1" '$1 == k { print $5 }' "$CSV"; }
# atleast D MIN: is D >= MIN (decimals)
atleast() { awk -v d="$1" -v m="$2" 'BEGIN { exit !(d + 0 >= m + 0) }'; }

for km in $KERNELS; do
    k=${km%%:*}
    min=${km#*:}
    kk=$(printf '%02d' "$k")
    ref=$(reference "$k")

    # 1. the generator: IEEE double on the host
    host=$("$L" ieee "$k")
    d=$("$L" digits "$host" "$ref")
    if atleast "$d" 14; then ok; else bad "kernel $k: host IEEE checksum $host, reference $ref ($d digits): the data differ"; fi

    # 2. C-1
    "$L" data "$k" >"$TMP/data$k.cal" || { bad "kernel $k: no data module"; continue; }
    cat "$DIR/k$kk.cal" "$TMP/data$k.cal" >"$TMP/k$kk.cal"
    if ! "$BIN/c1cal" -o "$TMP/k$kk.c1x" "$TMP/k$kk.cal" >"$TMP/cal.out" 2>&1; then
        bad "kernel $k: c1cal failed"
        head -5 "$TMP/cal.out"
        continue
    fi
    out=$("$BIN/c1" --bare "$TMP/k$kk.c1x" --json)
    exit_reason=$(printf '%s' "$out" | sed -n 's/.*"exit":"\([a-z]*\)".*/\1/p')
    if [ "$exit_reason" != normal ]; then
        bad "kernel $k: exit '$exit_reason'"
        continue
    fi
    # S5 = passes, S6 = clocks of the timed passes, S7 = the checksum
    s=$(printf '%s' "$out" | sed -n 's/.*"s":\[\([^]]*\)\].*/\1/p' | tr -d '"')
    passes=$((0$(echo "$s" | cut -d, -f6)))
    clocks=$((0$(echo "$s" | cut -d, -f7)))
    word=$(echo "$s" | cut -d, -f8)
    value=$("$L" word "$word")
    d=$("$L" digits "$value" "$ref")
    printf 'kernel %2d: checksum %s  reference %s  %4s digits (min %s)  %d passes, %d clocks\n' \
        "$k" "$value" "$ref" "$d" "$min" "$passes" "$clocks"
    if atleast "$d" "$min"; then ok; else bad "kernel $k: $d digits, fewer than $min"; fi
done

finish
