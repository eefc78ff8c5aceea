#!/bin/sh
# tests/e2e/monitor.sh: c1 --bare IMAGE -i, the SIMH-style monitor, driven
# from a script on standard input: examine and deposit registers and words,
# step, break, go to the exit, clear the flags, and the errors it reports.
NAME=monitor
. tests/e2e/lib.sh

"$BIN/c1cal" -o "$TMP/first.c1x" jobs/bare/first.cal >/dev/null || bad "c1cal first.cal"
cat >"$TMP/script" <<'SCRIPT'
examine p
step
examine s1
break 5
go
examine a1 3
deposit a3 777
examine a3
deposit a3 777777777
examine 0 2
deposit v2[17] D'10
examine v2[17]
show
go
examine flags
deposit flags 0
frob
s
quit
SCRIPT
"$BIN/c1" --bare "$TMP/first.c1x" -i <"$TMP/script" >"$TMP/out" 2>&1
[ $? -eq 0 ] && ok || bad "the monitor did not end with status 0"
hasf "start" "$TMP/out" "c1 bare-machine monitor: 1 PC" "PC 0  P=00000000  S1        1.   clock 0"
hasf "step" "$TMP/out" "1 instruction
PC 0  P=00000001  S2        2."
hasf "examine S1 (1.0)" "$TMP/out" "S1       0400014000000000000000"
hasf "breakpoint" "$TMP/out" "breakpoint
4 instructions
PC 0  P=00000005  A2        A1*A1"
hasf "three A registers" "$TMP/out" "A1       00000005
A2       00000000
A3       00000000"
hasf "deposit A3" "$TMP/out" "A3       00000777"
hasf "too wide" "$TMP/out" "777777777: not an octal value of 24 bits"
hasf "two words" "$TMP/out" "00000000 0711503453014462464433"
hasf "vector element, decimal" "$TMP/out" "V2[17]   0000000000000000000012"
hasf "show" "$TMP/out" "breakpoints: 5"
hasf "the exit" "$TMP/out" "stopped: normal exit (DEPOSIT FLAGS 0 to go on)"
hasf "flags" "$TMP/out" "FLAGS    00000001"
hasf "unknown" "$TMP/out" "frob: unknown command (HELP lists them)"
hasf "ambiguous" "$TMP/out" "s: ambiguous command (HELP lists them)"
# A10 (octal) and A9 do not exist, nor an address past the field.
printf 'examine a10\nexamine a9\nexamine 77777777\n' | "$BIN/c1" --bare "$TMP/first.c1x" -i >"$TMP/out2" 2>&1
hasf "bad places" "$TMP/out2" "A has registers 0-7" "no register or octal address a9" "is outside the field of"
finish
