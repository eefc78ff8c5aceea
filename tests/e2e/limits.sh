#!/bin/sh
# tests/e2e/limits.sh: everything a user controls is bounded, and a deck
# that cannot run is refused at submission, or ended at its start, never
# left in the queue (issue 12 items 1, 2, 6, 9; issue 13).
#   1. c1sub refuses, with the code and cause, the decks the site cannot
#      run: a long JN, T beyond the site, T in hexadecimal, reservations
#      beyond the site's units, a device named twice, counts and field
#      lengths that overflow 32 bits, a class that does not exist.
#   2. The same decks put in the queue by hand are rejected when the site
#      reads them: a REJECT line each, a log each, no queue entry left.
#   3. MEMORY,FL= beyond 32 bits, unknown parameters: the step aborts with
#      its own code, in the log and in the dayfile's ABORT line (not CS000).
#   4. SUBMIT,DN=$CS. stops at the depth bound.
#   5. A job flooding $OUT stops at its class's output bound (OL001), its
#      output so far kept, and its I/O cost clocks in proportion; a job
#      flooding its log stops at the log bound (OL002).
#   6. A restart reserving 5 of the site's 4 tapes (an edited dropfile)
#      is ended at its start with JB007, not left waiting in the queue.
#   7. A LOOP of CAL whose system text expands to 80,000 statements ends
#      at the time limit (CAL is charged its expansions), and a LOOP of
#      BUILD on 4 M words too (a step is charged its binaries' words), and
#      of SAVE and ACCESS on 8 MB (charged as record I/O).
# Every c1 run is bounded by timeout, so a regression cannot run away.
NAME=limits
. tests/e2e/lib.sh
L=tests/e2e/decks/limits

run_site() {
    timeout 300 "$BIN/c1" --site "$1" --until-idle >"$1.console" 2>&1 ||
        bad "c1 --site $1 did not stop cleanly (status $?)"
}

# 1. Refused at submission.
S=$TMP/submit
refused() {
    deck=$1
    shift
    if "$BIN/c1sub" "$L/$deck" --site "$S" >"$TMP/c1sub.out" 2>&1; then
        bad "c1sub accepted $deck: $(cat "$TMP/c1sub.out")"
        return
    fi
    hasf "c1sub $deck" "$TMP/c1sub.out" "$@"
}
refused long_name.job "JB002 JN=TOOLONGNAME MUST BE 1-7 LETTERS AND DIGITS"
refused long_time.job "JB003 T=99999 EXCEEDS THE SITE MAXIMUM OF 3600"
refused hex_time.job "JB003 T=0X10 IS NOT A TIME IN DECIMAL SECONDS"
refused tape5.job "JB007 TAPE=5 EXCEEDS THE SITE'S 4 UNITS"
refused tape_twice.job "JB007 TAPE RESERVED TWICE"
refused tape_wrap.job "JB007 TAPE=4294967297 EXCEEDS THE SITE'S 4 UNITS"
refused mfl_wrap.job "JB004 MFL=4294967312 EXCEEDS THE SITE MAXIMUM"
refused no_class.job "JB006 JOB CLASS NOSUCH DOES NOT EXIST"
[ -z "$(ls "$S/queue" 2>/dev/null | grep job)" ] && ok || bad "refused decks left in $S/queue: $(ls "$S/queue")"

# 2. The same decks in the queue by hand: rejected at the site, none left.
Q=$TMP/queue
"$BIN/c1sub" "$JOBS/hello.job" --site "$Q" >/dev/null || bad "c1sub hello"
n=10
for d in long_name long_time hex_time tape5 tape_twice tape_wrap mfl_wrap no_class; do
    cp "$L/$d.job" "$Q/queue/0007$n.job"
    n=$((n + 1))
done
run_site "$Q"
has "rejected at the site" "$Q/dayfile" "REJECT.*JB002 JN=TOOLONGNAME" "REJECT.*JB003 T=99999 EXCEEDS" \
    "REJECT.*JB003 T=0X10" "REJECT.*JB007 TAPE=5 EXCEEDS THE SITE'S 4 UNITS" \
    "REJECT.*JB007 TAPE RESERVED TWICE" "REJECT.*JB007 TAPE=4294967297" "REJECT.*JB004 MFL=4294967312" \
    "REJECT.*JB006 JOB CLASS NOSUCH" "END      job 1 HELLO"
[ -z "$(ls "$Q/queue" | grep job)" ] && ok || bad "entries left in $Q/queue: $(ls "$Q/queue")"
hasf "a rejected deck's log" "$(ls "$Q"/out/*.TAPE44.log)" "JB007 - TAPE RESERVED TWICE" "JOB REJECTED."

# 3. Field lengths and unknown parameters: the real code everywhere.
R=$TMP/steps
"$BIN/c1sub" "$L/memory_wrap.job" --site "$R" >/dev/null || bad "c1sub memory_wrap"
"$BIN/c1sub" "$L/unknown_parameter.job" --site "$R" >/dev/null || bad "c1sub unknown_parameter"
run_site "$R"
mem=$(ls "$R"/out/*.MEMWRAP.log)
hasf "MEMORY,FL= beyond 32 bits" "$mem" "ME001 - MEMORY,FL=4294967312 EXCEEDS THE SITE MAXIMUM" \
    "FIELD LENGTH NOW 1024 WORDS"
lacksf "MEMORY,FL= never wraps" "$mem" "FIELD LENGTH NOW 512 WORDS"
unk=$(ls "$R"/out/*.UNKPAR.log)
hasf "unknown parameter" "$unk" "CS010 - CAL HAS NO PARAMETER X" "CS010 - REWIND HAS NO PARAMETER NR"
has "the dayfile's ABORT lines" "$R/dayfile" "ABORT    job 1 MEMWRAP step -: ME001 MEMORY,FL=4294967312" \
    "ABORT    job 2 UNKPAR step -: CS010 CAL HAS NO PARAMETER X"
lacksf "no CS000 for every cause" "$R/dayfile" "CS000"

# 4. A job submitting itself stops at the depth bound.
F=$TMP/fork
"$BIN/c1sub" "$L/submit_self.job" --site "$F" >/dev/null || bad "c1sub submit_self"
run_site "$F"
forks=$(grep -c "END      job [0-9]* FORK\|ABORTED  job [0-9]* FORK" "$F/dayfile")
[ "$forks" -eq 4 ] && ok || bad "SUBMIT,DN=\$CS. ran $forks jobs, not 4 (depth 0-3)"
grep -q "SB003 - SUBMIT DEPTH" "$F"/out/*.FORK.log && ok || bad "no SB003 in the last FORK's log"
[ -z "$(ls "$F/queue" | grep job)" ] && ok || bad "entries left in $F/queue"

# 5. Output and log floods stop at their bounds; I/O costs clocks.
O=$TMP/flood
"$BIN/c1sub" "$L/output_flood.job" --site "$O" >/dev/null || bad "c1sub output_flood"
"$BIN/c1sub" "$L/log_flood.job" --site "$O" >/dev/null || bad "c1sub log_flood"
run_site "$O"
out=$(ls "$O"/out/*.OUTFLD.log)
hasf "output bound" "$out" "OL001 - OUTPUT LIMIT OF 4194304 BYTES (CLASS EXPRESS) REACHED"
has "output bound dayfile" "$O/dayfile" "ABORTED  job 1 OUTFLD"
size=$(wc -c < "$O/out/000001.OUTFLD.out" 2>/dev/null || echo 0)
[ "$size" -gt 3000000 ] && [ "$size" -le 4500000 ] && ok || bad "OUTFLD's \$OUT is $size bytes, not its 4 MB kept"
cpu=$(sed -n 's/.*SY005 - CPU \([0-9.]*\) S.*/\1/p' "$out")
awk -v c="$cpu" 'BEGIN { exit !(c >= 0.9) }' && ok || bad "4 MB of writes cost $cpu s of CPU, not >= 0.9 s"
log=$(ls "$O"/out/*.LOGFLD.log)
hasf "log bound" "$log" "OL002 - LOG LIMIT OF 1048576 BYTES (CLASS BATCH) REACHED"
lsize=$(wc -c < "$log")
[ "$lsize" -le 1100000 ] && ok || bad "LOGFLD's log is $lsize bytes"
# 6. A restart that can never run here is ended when the site reads it.
A=$TMP/tapes
sed 's/^JOB,JN=SPIN,T=0.005,MFL=4096,US=ALICE.$/JOB,JN=SPIN,T=0.005,MFL=4096,US=ALICE,*TAPE=2./' \
    "$JOBS/timeout.job" >"$TMP/tape2.job"
"$BIN/c1sub" "$TMP/tape2.job" --site "$A" >/dev/null || bad "c1sub tape2"
run_site "$A"
drop=$(ls "$A"/drop/SPIN.*.drop 2>/dev/null | head -1)
if [ -z "$drop" ]; then
    bad "no dropfile of SPIN with 2 tapes"
else
    "$BIN/dropfile" dump --json "$drop" >"$TMP/tape.json"
    awk '/"devices"/ { d = 1 } d && /"count": 2/ { sub(/"count": 2/, "\"count\": 5"); d = 0 } { print }' \
        "$TMP/tape.json" >"$TMP/tape5.json"
    "$BIN/dropfile" pack "$TMP/tape5.json" -o "$TMP/tape5.drop" >/dev/null 2>&1 || bad "dropfile pack tape5"
    B=$TMP/tapes5
    "$BIN/c1sub" --restart "$TMP/tape5.drop" --site "$B" --time 1 >/dev/null || bad "c1sub --restart tape5"
    run_site "$B"
    has "a restart beyond the site's units" "$B/dayfile" \
        "REJECT   job 1 SPIN entry 000001.drop: JB007 - TAPE=5 EXCEEDS THE SITE'S 4 UNITS" "ABORTED  job 1 SPIN"
    lacks "never started" "$B/dayfile" "START    job 1 SPIN"
    [ -z "$(ls "$B/queue" | grep drop)" ] && ok || bad "the restart is left in $B/queue: $(ls "$B/queue")"
fi
# The two lines that killed c1 with SIGFPE at every boot: the job ends
# with CS007 and the site goes on (and boots again) with its queue empty.
F=$TMP/fpe
mkdir -p "$F.deck" && printf 'JOB,JN=FPE,US=A.\nSET(J1=(0-9223372036854775807-1)/(0-1)).\n' >"$F.deck/fpe.job"
submit "$F" "$F.deck/fpe.job" "$JOBS/hello.job"
timeout 60 "$BIN/c1" --site "$F" --until-idle >/dev/null 2>&1 && ok || bad "c1 died on the FPE deck"
has "FPE deck ended" "$(ls "$F"/out/*.FPE.log)" "CS007 - ARITHMETIC OVERFLOW IN SET"
has "FPE site goes on" "$F/dayfile" "END      job 2 HELLO"
timeout 60 "$BIN/c1" --site "$F" --until-idle >/dev/null 2>&1 && ok || bad "c1 died at the next boot"
ls "$F"/queue/*.job >/dev/null 2>&1 && bad "the FPE deck stayed in the queue" || ok
# A quoted literal holding an escape sequence and a carriage return: the
# job log shows each as '?' (they reached it as they were).
E=$TMP/escape
mkdir -p "$E.deck" && printf "JOB,JN=ESC,US=A.\nECHO,T='a\033[2Jb\rc'.\n" >"$E.deck/esc.job"
submit "$E" "$E.deck/esc.job"
timeout 60 "$BIN/c1" --site "$E" --until-idle >/dev/null 2>&1 && ok || bad "c1 on the escape deck"
hasf "escapes print as ?" "$(ls "$E"/out/*.ESC.log)" "ECHO,T='a?[2Jb?c'."
tr -d '\n' <"$(ls "$E"/out/*.ESC.log)" | tr -d '[:print:]' | grep -q . && bad "a control character in the log" || ok

# loop_ends NAME DECK JN VERB: the deck's LOOP ends at its time limit
# (CS013) within a minute, VERB run at most twice.
loop_ends() {
    C=$TMP/$1
    submit "$C" "$L/$2"
    timeout 60 "$BIN/c1" --site "$C" --until-idle >/dev/null 2>&1 && ok || bad "$1: c1 ran over 60 s"
    has "$1 ended by its time limit" "$(ls "$C"/out/*."$3".log)" \
        "CS013 - LOOP STILL RUNNING AT THE JOB'S TIME LIMIT"
    n=$(grep -c "CSP    $4" "$C"/out/*."$3".log 2>/dev/null)
    [ "${n:-0}" -ge 1 ] && [ "${n:-0}" -le 2 ] && ok || bad "$1: $4 ran ${n:-0} times"
}
# CAL is charged its macro expansions and its S= system text: a LOOP of a
# 3-line program expanding to 80,000 statements ends at the time limit in
# seconds, not after hours of the host's time.
loop_ends calloop cal_loop.job HEAVY "CAL,S=SYS"
# So is every step for the binaries it reads and writes: a LOOP of BUILD
# on a 4 M-word object module.
loop_ends buildloop build_loop.job BIGB "BUILD,B=OBJ"
# And SAVE and ACCESS as record I/O of their words: a LOOP of them on an
# 8 MB dataset.
loop_ends saveloop save_loop.job SAVES "SAVE,DN=OBJ"

finish
