#!/bin/sh
# docs/display-png.sh: make docs/display.png, the picture at the top of the
# README: the status display of a busy 4-PC site, shot headless at clock
# 60000000 (c1 --screenshot-at).  Run from the top folder after `make`.
set -eu
BIN=${BIN:-build/bin}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
S=$TMP/busy
# job NAME USER CLASS SECONDS FIELD: a deck whose program loops forever,
# with vector floating point when NAME is VECTOR or DAXPY.
job() {
    {
        echo "JOB,JN=$1,T=$4,MFL=$5,US=$2,CL=$3."
        echo "CAL."
        echo "LDR."
        echo "/EOF"
        echo "         IDENT     $1"
        echo "         START     GO"
        case $1 in
        VECTOR | DAXPY)
            echo "GO       A1        64"
            echo "         VL        A1"
            echo "         S1        1."
            echo "         S2        2."
            echo "LOOP     V1        S1*FV2"
            echo "         V3        V1+FV2"
            echo "         V4        S2*FV3"
            echo "         V5        V4+FV1"
            echo "         J         LOOP" ;;
        *)
            echo "GO       J         GO" ;;
        esac
        echo "         END"
    } > "$TMP/$1.job"
    "$BIN/c1sub" "$TMP/$1.job" --site "$S" >/dev/null
}
# Earlier work: two jobs out of time (dropfiles), one ended.
for j in timeout hello timeout; do "$BIN/c1sub" jobs/$j.job --site "$S" >/dev/null; done
"$BIN/c1" --site "$S" --pcs 4 --memory 262144 --until-idle
job VECTOR DAVE BATCH 20 65536
job FOREVER ALICE BATCH 20 16384
job DAXPY ERIN BATCH 20 32768
"$BIN/c1sub" jobs/standby.job --site "$S" >/dev/null
job MONTE FRANK EXPRESS 5 8192
job MESH GRACE BATCH 10 24576
for j in hello timeout; do "$BIN/c1sub" jobs/$j.job --site "$S" >/dev/null; done
printf '@60000001 SHUTDOWN\n' > "$TMP/script"   # the picture taken, stop
"$BIN/c1" --site "$S" --pcs 4 --memory 262144 --script "$TMP/script" \
    --screenshot-at 60000000 docs/display.png >/dev/null
echo "docs/display.png written"
