#!/bin/sh
# tests/cos_commands.sh COS_TOOLS CRAY_SIM: run the seven COS commands of
# kej715's COS-Tools that do their I/O through Dataset Parameter Tables
# (COPYD, COPYF, COPYR, NOTE, SKIPD, SKIPF, SKIPR) on C-1, unmodified, and
# check what each does (docs/cos-features.md, "Tried on real code").
# Their source is not in this repository (COS-Tools carries no licence):
# COS_TOOLS is a checkout of github.com/kej715/COS-Tools (its
# cos-commands/*.cal and cos-interface/args.cal are read), CRAY_SIM one of
# github.com/andrastantos/cray-sim (target/cos_117/examples/libcos/
# pack.cal, unpack.cal, iutil.cal: the character and number routines the
# commands call, under module names of their own).  Each command is
# assembled with CAL,REL and linked by LDR with those modules into a
# local dataset of its name, which its verb then runs in place of C-1's own
# utility.  Prints the job's log lines of the commands and $OUT, then
# "cos commands: N passed, N failed".  BIN: C-1's build/bin.
BIN=${BIN:-build/bin}
CT=$1 CS=$2
if [ ! -f "$CT/cos-commands/copyd.cal" ] || [ ! -f "$CS/target/cos_117/examples/libcos/pack.cal" ]; then
    echo "usage: sh tests/cos_commands.sh COS-TOOLS-CHECKOUT CRAY-SIM-CHECKOUT" >&2
    exit 2
fi
LIBCOS=$CS/target/cos_117/examples/libcos
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
COMMANDS="COPYD COPYF COPYR NOTE SKIPD SKIPF SKIPR"
{
    echo "JOB,JN=CTCMDS,T=20,US=STUDENT."
    for m in ARGS PACK UNPACK IUTIL; do echo "CAL,B=$m,REL."; done
    for c in $COMMANDS; do echo "CAL,B=X$c,REL."; done
    for c in $COMMANDS; do echo "LDR,DN=X$c:ARGS:PACK:UNPACK:IUTIL,AB=$c,NX."; done
    cat <<'EOF'
COPYF,I=$IN,O=A.
COPYD,I=$IN,O=B.
REWIND,DN=A.
REWIND,DN=B.
SKIPR,DN=A,NR=1.
COPYR,I=A,O=$OUT,NR=1.
SKIPF,DN=B,NF=1.
COPYF,I=B,O=$OUT.
NOTE,DN=$OUT,TEXT='NOTE TO OUT'.
REWIND,DN=B.
SKIPD,DN=B.
NOTE,DN=B,TEXT=APPENDED.
REWIND,DN=B.
COPYD,I=B,O=$OUT.
EOF
    echo /EOF
    for f in "$CT/cos-interface/args.cal" "$LIBCOS/pack.cal" "$LIBCOS/unpack.cal" "$LIBCOS/iutil.cal"; do
        cat "$f"; echo /EOF
    done
    for c in $COMMANDS; do
        cat "$CT/cos-commands/$(echo "$c" | tr A-Z a-z).cal"; echo /EOF
    done
    printf 'A ONE\nA TWO\nA THREE\n/EOF\nB FILE ONE\n/EOF\nB FILE TWO\nB FILE TWO AGAIN\n'
} >"$T/ctcmds.job"
"$BIN/c1sub" "$T/ctcmds.job" --site "$T/site" >/dev/null 2>&1 ||
    { "$BIN/c1" --site "$T/site" --until-idle </dev/null >/dev/null 2>&1
      "$BIN/c1sub" "$T/ctcmds.job" --site "$T/site" >/dev/null || exit 1; }
"$BIN/c1" --site "$T/site" --until-idle </dev/null >/dev/null 2>&1
log=$(ls "$T"/site/out/*.CTCMDS.log) out=$(ls "$T"/site/out/*.CTCMDS.out)
grep '^[0-9].* USER \|^[0-9].* CSP    [A-Z$]*,' "$log" | grep -v 'CSP    CAL\|CSP    LDR\|CSP    JOB' | sed 's/^[^ ]* *[^ ]* *[^ ]* //'
echo "---- \$OUT"
cat "$out"
passed=0 failed=0
check() { if grep -q -- "$1" "$log"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: the log lacks '$1'"; fi; }
check "USER   Copy complete. Records: 3 *Files: 1"
check "USER   Copy complete. Records: 3 *Files: 2"
check "USER   Skip complete. Records: 1 *$"
check "USER   Copy complete. Records: 1 *$"
check "USER   Skip complete. Records: 1 *Files: 1"
check "USER   Copy complete. Records: 2 *Files: 1"
check "USER   Skip complete. Records: 3 *Files: 2"
check "USER   Copy complete. Records: 4 *Files: 3"
n=$(grep -c "STEP [A-Z]* ENDED NORMALLY" "$log")
if [ "$n" = 10 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $n steps ended normally, not 10"; fi
printf '%s\n' "A TWO" "B FILE TWO" "B FILE TWO AGAIN" "/EOF" "NOTE TO OUT" "B FILE ONE" "/EOF" \
    "B FILE TWO" "B FILE TWO AGAIN" "/EOF" "APPENDED" >"$T/expect"
if cmp -s "$T/expect" "$out"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: \$OUT differs"; fi
echo "cos commands: $passed passed, $failed failed"
[ "$failed" = 0 ]
