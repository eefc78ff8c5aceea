#!/bin/sh
# tests/e2e/site.sh: the batch OS end to end, as an operator and users
# would drive it: jobs submitted with c1sub, a site booted with c1, its
# dayfile, job logs, $OUT and dropfiles checked; a time-limit drop restarted
# under another user with more time gives the output of an uninterrupted
# run; malformed decks are rejected one by one while the others run; two
# copies of a site give the same dayfile; a SIGKILLed site loses nothing.
NAME=site
. tests/e2e/lib.sh
DECKS=tests/e2e/decks

strip() { sed 's/  |.*//' "$1"; }   # the dayfile without its wall-clock column

# 1. Hello and a time-limit drop on a 2-PC site.
S=$TMP/a
"$BIN/c1sub" "$JOBS/hello.job" --site "$S" >/dev/null
"$BIN/c1sub" "$JOBS/timeout.job" --site "$S" >/dev/null
"$BIN/c1" --site "$S" --until-idle || bad "site a did not stop cleanly"
has "hello log" "$S/out/000001.HELLO.log" "USER   HELLO FROM C-1" "END OF JOB" "SY005"
has "dayfile" "$S/dayfile" " BOOT " " START " " END " "DROP     job 2 SPIN reason time-limit"
drop=$(ls "$S"/drop/SPIN.*.drop 2>/dev/null | head -1)
[ -n "$drop" ] && ok || bad "no dropfile for SPIN"
"$BIN/dropfile" verify "$drop" >/dev/null 2>&1 && ok || bad "dropfile verify $drop"

# 2. Restart under BOB with more time: $OUT equals an uninterrupted run's.
"$BIN/c1sub" --restart "$drop" --site "$S" --user BOB --time 2 >/dev/null || bad "c1sub --restart"
"$BIN/c1" --site "$S" --until-idle
has "restart dayfile" "$S/dayfile" "RESTART  job 3 SPIN (was 2 at A) user BOB (handed over from ALICE)" \
    "END      job 3 SPIN user BOB"
# Every run has outputs of its own: the drop's log stays as it was, the
# restart's are 000002.SPIN-2.*, and the dayfile and the log name them.
has "dropped run's log" "$S/out/000002.SPIN.log" "JOB DROPPED: RESTART WITH" \
    "OUTPUT out/000002.SPIN.log out/000002.SPIN.out"
grep -q "JOB RESTARTED" "$S/out/000002.SPIN.log" && bad "the restart overwrote the dropped run's log" || ok
has "restart outputs named" "$S/dayfile" "END      job 3 SPIN user BOB" "output 000002.SPIN-2"
has "restart log" "$S/out/000002.SPIN-2.log" "OUTPUT out/000002.SPIN-2.log out/000002.SPIN-2.out" "JOB RESTARTED ON PC" "USER   SUM WRITTEN TO \$OUT" \
    "TL002 - CPU TIME LIMIT" "DF000 - DROPFILE drop/SPIN.000002.1.drop WRITTEN (time-limit)"
# The log carried in the dropfile ends with its drop: TL002, DF000, then the restart.
grep -n "TL002\|DF000\|JOB RESTARTED" "$S/out/000002.SPIN-2.log" | cut -d: -f1 | tr '\n' ' ' > "$TMP/order"
awk '{ exit !(NF == 3 && $1 < $2 && $2 < $3) }' "$TMP/order" && ok ||
    bad "restart log: TL002, DF000 and the restart not once each in order (lines $(cat "$TMP/order"))"
U=$TMP/uninterrupted
sed 's/T=0.005/T=2/' "$JOBS/timeout.job" > "$TMP/long.job"
"$BIN/c1sub" "$TMP/long.job" --site "$U" >/dev/null
"$BIN/c1" --site "$U" --until-idle
if cmp -s "$U/out/000001.SPIN.out" "$S/out/000002.SPIN-2.out" && [ -s "$S/out/000002.SPIN-2.out" ]; then
    ok
else
    bad "restarted \$OUT differs from the uninterrupted run's"
fi
# A second restart of the same dropfile: outputs of its own (-3), the
# first restart's untouched (issue 13: restarts overwrote each other).
cp "$S/out/000002.SPIN-2.log" "$TMP/first-restart.log"
"$BIN/c1sub" --restart "$drop" --site "$S" --user BOB --time 2 >/dev/null || bad "c1sub --restart again"
"$BIN/c1" --site "$S" --until-idle
has "second restart named" "$S/dayfile" "output 000002.SPIN-3"
has "second restart log" "$S/out/000002.SPIN-3.log" "OUTPUT out/000002.SPIN-3.log" "JOB RESTARTED ON PC"
cmp -s "$TMP/first-restart.log" "$S/out/000002.SPIN-2.log" && ok ||
    bad "the second restart changed the first restart's log"

# 3. Malformed decks: each rejected or aborted alone; the good job runs.
B=$TMP/bad
# c1sub refuses the decks whose JOB statement the site cannot run: they go
# in the queue by hand, for the site to reject them when it reads them.
mkdir -p "$B/queue"
n=10
for d in "$DECKS"/*.job; do
    "$BIN/c1sub" "$d" --site "$B" >/dev/null 2>&1 || cp "$d" "$B/queue/0008$n.job"
    n=$((n + 1))
done
# c1sub refuses an unterminated statement; put one in the queue by hand.
mkdir -p "$B/queue"
cp "$DECKS/unterminated.job" "$B/queue/000099.job"
"$BIN/c1sub" "$JOBS/hello.job" --site "$B" >/dev/null
"$BIN/c1" --site "$B" --until-idle --max-time 60
has "rejections" "$B/dayfile" "JB006 JOB CLASS NOSUCH" "JB004 MFL=99999999" "JB002 JN MISSING" \
    "JB003 T=999999 EXCEEDS" "CC001 LINE 2: CONTROL STATEMENT TERMINATOR MISSING"
has "cal error" "$(ls "$B"/out/*.CALERR.log)" "CA001 - \$IN:3 (deck line 9): error U: undefined symbol NOSUCH" \
    "JOB STEP ABORTED" "ERROR PATH: CONTINUING AFTER EXIT"
# each CAL error is followed by the statement that has it
hasf "cal error echo" "$(ls "$B"/out/*.CALERR.log)" "CA001 -   GO       S1        NOSUCH"
has "unknown statement" "$(ls "$B"/out/*.BADVERB.log)" "CS001 - FROBNICATE IS NOT A STATEMENT"
# The abort names the instruction that stopped the program (P: the next).
has "error exit" "$(ls "$B"/out/*.ERREXIT.log)" "AB001 - PROGRAM ERROR EXIT" \
    "ABORT  INSTRUCTION AT P=00001002 (GO+2): ERR$" \
    "P=00001003  BASE=00000000" "DF000 - DROPFILE drop/ERREXIT"
has "floating-point error" "$(ls "$B"/out/*.FPERR.log)" "AB005 - FLOATING-POINT ERROR" \
    "ABORT  INSTRUCTION AT P=00001002 (GO+2): S2 */HS1$" "P=00001003" "JOB STEP ABORTED"
grep -q "USER   HELLO FROM C-1" "$B"/out/*HELLO.log && ok || bad "hello did not run among bad decks"

# 4. Determinism: two copies of one site, same script, same dayfile.
D=$TMP/d1
"$BIN/c1sub" "$JOBS/timeout.job" --site "$D" >/dev/null
"$BIN/c1sub" "$JOBS/hello.job" --site "$D" >/dev/null
"$BIN/c1sub" "$JOBS/hello.job" --site "$D" >/dev/null
cp -r "$D" "$TMP/d2"
printf '@100000 STATUS\n@150000 DROP 1\n' > "$TMP/script"
"$BIN/c1" --site "$D" --script "$TMP/script" >/dev/null
"$BIN/c1" --site "$TMP/d2" --script "$TMP/script" >/dev/null
strip "$D/dayfile" > "$TMP/day1"
strip "$TMP/d2/dayfile" > "$TMP/day2"
if cmp -s "$TMP/day1" "$TMP/day2"; then ok; else bad "dayfiles of two copies differ"; diff "$TMP/day1" "$TMP/day2" | head; fi
grep -q "OPERATOR script: DROP 1" "$D/dayfile" && ok || bad "scripted DROP not in the dayfile"
for f in "$D"/drop/*.drop; do
    g="$TMP/d2/drop/$(basename "$f")"
    [ "$("$BIN/dropfile" digest "$f" | cut -d' ' -f1)" = "$("$BIN/dropfile" digest "$g" | cut -d' ' -f1)" ] &&
        ok || bad "digest of $f differs"
done

# 5. SIGKILL: nothing lost, the running job is requeued and runs again.
K=$TMP/k
sed 's/T=0.005/T=60/; s/200000/4000000/' "$JOBS/timeout.job" > "$TMP/longer.job"
"$BIN/c1sub" "$TMP/longer.job" --site "$K" >/dev/null
"$BIN/c1sub" "$JOBS/hello.job" --site "$K" >/dev/null
"$BIN/c1" --site "$K" --until-idle --pcs 1 &
pid=$!
for i in $(seq 1 50); do
    grep -q " START " "$K/dayfile" 2>/dev/null && break
    sleep 0.1
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
[ -f "$K/queue/000001.job" ] && [ -f "$K/queue/000002.job" ] && ok || bad "queue entries lost by SIGKILL"
"$BIN/c1" --site "$K" --until-idle --pcs 1
has "after SIGKILL" "$K/dayfile" "REQUEUED entry 000001.job" "END      job" 
grep -q "SUM WRITTEN" "$K"/out/*SPIN.log && ok || bad "the killed job did not finish after reboot"
ls "$K"/queue/*.job >/dev/null 2>&1 && bad "queue not empty after the reboot" || ok

finish
