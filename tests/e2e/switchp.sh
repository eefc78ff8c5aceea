#!/bin/sh
# tests/e2e/switchp.sh: switchp end to end, as a developer would use it on
# a job that ran out of time (jobs/timeout.job on a fresh site): script
# sessions (tests/e2e/switchp/*.cmd) checking each command, reverse
# execution landing on the forward state, a dropfile written by `drop`
# that passes `dropfile verify` and restarts on a site to the uninterrupted
# run's output, the site left untouched and the sandbox deleted, bad input
# (damaged, truncated and incompatible dropfiles; unknown and ambiguous
# commands), commands from a pipe, and the interactive prompt through tmux.
# Prints "switchp e2e: N passed, N failed"; exits 1 on any failure.
NAME=switchp
. tests/e2e/lib.sh
SCRIPTS=$(cd "$(dirname "$0")/switchp" && pwd)
BIN_ABS=$(cd "$BIN" && pwd)
SESSION=switchp_e2e_$$
export TMPDIR="$TMP"   # switchp makes its sandbox here
export HOME="$TMP"     # readline history of the tmux session

# digests FILE: the digest lines' values, one per line
digests() { sed -n 's/^digest \([0-9a-f]*\) .*/\1/p' "$1"; }

# The dropfile: jobs/timeout.job past its time limit on a fresh site.
S=$TMP/site
"$BIN/c1sub" "$JOBS/timeout.job" --site "$S" >/dev/null
"$BIN/c1" --site "$S" --until-idle
drop=$(ls "$S"/drop/SPIN.*.drop 2>/dev/null | head -1)
if [ -z "$drop" ]; then
    bad "no dropfile from jobs/timeout.job"
    give_up
fi
site_before=$(cd "$S" && find . -type f | sort | xargs cksum)

# The uninterrupted run's $OUT, for the restart check.
U=$TMP/uninterrupted
sed 's/T=0.005/T=2/' "$JOBS/timeout.job" > "$TMP/long.job"
"$BIN/c1sub" "$TMP/long.job" --site "$U" >/dev/null
"$BIN/c1" --site "$U" --until-idle

# 1. Looking: registers, examine (octal, float, characters, instructions),
#    disassembly with labels, symbols, the exchange package, the job view.
out=$TMP/inspect.out
"$BIN/switchp" -x "$SCRIPTS/inspect.cmd" "$drop" > "$out" 2>&1
[ $? -eq 0 ] && ok || bad "inspect session exit status"
has "open banner" "$out" "job SPIN (id 1, user ALICE), dropped: time-limit at clock" \
    "step 0  clock +0 since the drop  P=0000100[3-7] (LOOP"
has "registers" "$out" "^P  0000100[3-7] " "^A2 00[0-7]\{6\}   S2 " "^VL 000   VM " \
    "^F  000 (none)   modes 000 (none)"
has "examine register" "$out" "^A2 00[0-7]\{6\}  ([0-9]*)" "^P 0000100[3-7]  (51[5-9])  LOOP"
has "examine float" "$out" "^S1 [0-7]\{22\}  [0-9]*  ([-0-9.e+]*)"
has "examine memory" "$out" "^00000207 BUFFER   0000000000000000000000  0  (0.)  '........'" \
    "^00000211          0000000000000000000000"
has "examine instructions" "$out" "00001000 200a   GO       S1        0 " \
    "00001003 200d   LOOP     S2        A2 "
has "disassembly with labels" "$out" "^=> 0000100[3-7] " "   00001007 201d  *JAN       LOOP " \
    "   00001013 202d  *R         \$OCTAL "
has "symbols" "$out" "^LOOP     00001003  parcel (200d)"
has "exchange package" "$out" "exchange package (cray1 layout)" "^  00  [0-7]\{22\}  A0 " \
    "^  17  [0-7]\{22\}  S7"
has "job view" "$out" "^job       SPIN  id 1  user ALICE" "^dropped   time-limit at clock" \
    "^cpu time  limit 400000 clocks" "^  \$OUT     output   w" "^=>   2  LDR\." \
    "TL002 - CPU TIME LIMIT" "JOB RESTARTED ON PC 0 AT BASE 00000000 SITE SWITCHP"
has "history" "$out" "^history   1 event:" "^  0 drop    site SITE user ALICE clock [0-9]* at 20"
has "help from the table" "$out" "^break \[ADDRESS|LABEL \[if CONDITION\]\]   (alias b)"

# 2. Running: step, run N clocks, break with a condition, until, next over
#    a return jump, watch, rgo, go to the end with the job's $MSG line.
out=$TMP/run.out
"$BIN/switchp" -x "$SCRIPTS/run.cmd" "$drop" > "$out" 2>&1
has "step" "$out" "^stepped 1 step$" "^step 1  clock +[0-9]* since the drop" "^stepped 9 steps"
clock=$(sed -n '/^ran /{n;s/^step [0-9]*  clock +\([0-9]*\) since the drop.*/\1/p;}' "$out")
[ -n "$clock" ] && [ "$clock" -ge 1000 ] && ok || bad "run 1000: clock +$clock"
has "run N clocks" "$out" "^ran [0-9]* steps"
has "break with a condition" "$out" "^breakpoint 1 at LOOP if A2 == 100 (P=00001003)" \
    "^breakpoint 1 at LOOP if A2 == 100 ([0-9]* steps run)" "^A2 00000100  (64)"
has "until" "$out" "^arrived" "P=00001013 (LOOP+10)"
has "next over R" "$out" "P=00001015 (LOOP+12)"
grep -c "^arrived" "$out" | grep -q 2 && ok || bad "next did not arrive after the return jump"
has "memory as characters" "$out" "'00000000'" "'00225006'" "'247240..'"
has "watch" "$out" "^watchpoint 2 on BUFFER \[207\]" "^back to watchpoint 2: BUFFER \[207\] changed 0 -> 300601403006014030060" \
    "^watchpoint 2: BUFFER \[207\] changed 0 -> 300601403006014030060"
set -- $(digests "$out")
[ $# -eq 2 ] && [ "$1" = "$2" ] && ok || bad "rgo to a watch hit and forward to it differ: $*"
has "go to the end" "$out" "^job log | .* USER   SUM WRITTEN TO \$OUT" \
    "^job log | .* EXP    END OF JOB" "^the job ended after [0-9]* steps"
has "output" "$out" "^  | 0000000000225006247240"
has "back from the end" "$out" "^back 1 step$" "^=> 00001071 "
has "job stack marked" "$out" "^=>   2  LDR\.      <- running this step"

# 3. Reverse execution lands on exactly the forward state: back within the
#    loop, rgo across the system requests at the end (a rebuilt sandbox).
out=$TMP/reverse.out
"$BIN/switchp" -x "$SCRIPTS/reverse.cmd" "$drop" > "$out" 2>&1
set -- $(digests "$out")
[ $# -eq 4 ] && ok || bad "reverse: $# digests"
[ "$1" = "$2" ] && ok || bad "back 777 after step 777: $1 != $2"
[ "$3" = "$4" ] && ok || bad "rgo across exchanges to break 13: $3 != $4"
has "rgo across exchanges" "$out" "^back to breakpoint 2 at LOOP+10" "sandbox builds)" \
    "^back 777 steps"
grep "^digest" "$out" | tail -1 | grep -q "; [2-9] sandbox builds" && ok ||
    bad "rgo across exchanges did not rebuild the sandbox"

# 4. Edits and a new dropfile: verified, and restarted on a site it runs
#    to the output of an uninterrupted run.
out=$TMP/edit.out
(cd "$TMP" && "$BIN_ABS/switchp" -x "$SCRIPTS/edit.cmd" "$drop") > "$out" 2>&1 ||
    bad "edit session exit status"
has "deposit and float" "$out" "^S3 <- 400016000000000000000" "^S3 0400016000000000000000  [0-9]*  (1.5)" \
    "^00000207 BUFFER   0400024400000000000000  (2.25)" "^B1 00000144  (100)" \
    "^V2\[3\] 1400004000000000000000  [-0-9]*  (-0.5)" "^P <- 1003"
has "drop" "$out" "^dropfile edited.drop written: step [0-9]*, clock +[0-9]*, 5 edits (history: edit)"
new=$TMP/edited.drop
"$BIN/dropfile" verify "$new" > "$TMP/verify.out" 2>&1 && ok || bad "dropfile verify $new: $(cat "$TMP/verify.out")"
"$BIN/dropfile" info "$new" > "$TMP/info.out" 2>&1
has "new dropfile's history" "$TMP/info.out" "history   2 entries; last: edit at SWITCHP by ALICE" \
    "time      used [0-9]* of 400000 clocks"
R=$TMP/restart
"$BIN/c1sub" --restart "$new" --site "$R" --time 2 >/dev/null || bad "c1sub --restart $new"
"$BIN/c1" --site "$R" --until-idle
has "restarted" "$R/out/000001.SPIN.log" "DROPFILE WRITTEN BY SWITCHP" "USER   SUM WRITTEN TO \$OUT" \
    "END OF JOB"
if [ -s "$R/out/000001.SPIN.out" ] && cmp -s "$U/out/000001.SPIN.out" "$R/out/000001.SPIN.out"; then
    ok
else
    bad "restarted \$OUT differs from the uninterrupted run's"
fi

# 4b. Issue 13: an error dropfile (jobs/errexit.job's AB002) can be run on:
#     the stop names the faulting instruction and says F is set; deposit F 0,
#     fix the loop and go on to the end.  Back before the drop: the job is
#     run again from its start, and where counts steps since it began; a
#     re-drop from the loaded state keeps the counters.
E=$TMP/errexit
"$BIN/c1sub" "$JOBS/errexit.job" --site "$E" >/dev/null
"$BIN/c1" --site "$E" --until-idle
edrop=$(ls "$E"/drop/OOPS.*.drop 2>/dev/null | head -1)
printf 'deposit F 0\ndeposit A1 0\ndeposit A2 1\ndeposit P LOOP\ngo\n' |
    "$BIN/switchp" "$edrop" > "$TMP/errexit.out" 2>&1
has "error dropfile" "$TMP/errexit.out" "^faulted (operand-range): the instruction before P:" \
    "^error: OPERAND RANGE ERROR; INSTRUCTION AT P=00001010 (LOOP): S2 *O'210,A1$" \
    "^   00001010 202a   LOOP     S2  " "^   source line [0-9]*: LOOP     S2        TABLE,A1" \
    "^F 040 is set: the next step exchanges" "^cpu.flags <- 0" "STEP SUMTAB ENDED NORMALLY" \
    "(after \$END"
grep -q "AB002" "$TMP/errexit.out" && bad "error dropfile: aborted again after deposit F 0" || ok
(cd "$TMP" && printf 'drop same.drop\nback 5\nwhere\nbreak GO\nrgo\nlist\n' |
    "$BIN_ABS/switchp" --rerun-limit 50000000 "$drop") > "$TMP/before.out" 2>&1
has "back before the drop" "$TMP/before.out" \
    "^the job was run again from its start: the drop is at step [0-9]* (.* per million steps)" \
    "^step [0-9]* since the job began (the drop: step [0-9]*)" "^back to breakpoint 1 at GO" \
    "^step 0 since the job began" "^=>  *[0-9]*  GO       S1        0"
"$BIN/dropfile" diff "$drop" "$TMP/same.drop" > "$TMP/same.diff" 2>&1
grep -v "^job_log: \|^history\[1\]: only in the second: edit\|^wall_clock.written: " "$TMP/same.diff" |
    grep -q . && bad "re-drop differs beyond provenance: $(cat "$TMP/same.diff")" || ok
"$BIN/switchp" --rerun-limit 10 "$drop" < /dev/null > /dev/null 2>&1; [ $? -eq 0 ] && ok || bad "--rerun-limit"
printf 'back\n' | "$BIN/switchp" --rerun-limit 10 "$drop" > "$TMP/limit.out" 2>&1
has "rerun limit" "$TMP/limit.out" "within 10 steps (the limit: switchp --rerun-limit)"

# 5. Nothing on the site changed; every sandbox was deleted.
site_after=$(cd "$S" && find . -type f | sort | xargs cksum)
[ "$site_before" = "$site_after" ] && ok || bad "the site changed under switchp"
ls -d "$TMP"/switchp.* >/dev/null 2>&1 && bad "a sandbox was left: $(ls -d "$TMP"/switchp.*)" || ok

# 5b. Permanent datasets: a dropfile holds only their references; --pds
#     SITE copies them into the sandbox, and the site's own stay as they were.
P=$TMP/pds
printf 'JOB,JN=MKPDS,T=1,MFL=4096,US=ALICE.\nCOPYF,I=$IN,O=DATA.\nSAVE,DN=DATA,PDN=DATA.\n/EOF\nKEPT IN A PERMANENT DATASET\n' \
    > "$TMP/mkpds.job"
{ printf 'JOB,JN=PSPIN,T=0.005,MFL=4096,US=ALICE.\nACCESS,DN=DATA,PDN=DATA.\nCAL.\nLDR.\nCOPYF,I=DATA,O=$OUT.\n'
  sed -n '/^\/EOF/,$p' "$JOBS/timeout.job"; } > "$TMP/pspin.job"
"$BIN/c1sub" "$TMP/mkpds.job" --site "$P" >/dev/null
"$BIN/c1" --site "$P" --until-idle
"$BIN/c1sub" "$TMP/pspin.job" --site "$P" >/dev/null
"$BIN/c1" --site "$P" --until-idle
pdrop=$(ls "$P"/drop/PSPIN.*.drop 2>/dev/null | head -1)
pds_before=$(cksum < "$P/pds/ALICE/DATA")
"$BIN/switchp" -x /dev/null "$pdrop" > "$TMP/nopds.out" 2>&1
has "permanent dataset without --pds" "$TMP/nopds.out" \
    "refused: .*the job uses permanent dataset DATA of ALICE, whose contents a dropfile does not hold"
printf 'job datasets\ngo\noutput\n' | "$BIN/switchp" --pds "$P" "$pdrop" > "$TMP/pds.out" 2>&1
has "permanent dataset with --pds" "$TMP/pds.out" "^  DATA     permanent -    .*permanent DATA of ALICE" \
    "^job log | .* CSP    COPYF,I=DATA,O=\$OUT\." "^  | KEPT IN A PERMANENT DATASET"
[ "$pds_before" = "$(cksum < "$P/pds/ALICE/DATA")" ] && ok || bad "the site's permanent dataset changed"

# 6. Bad input.
cp "$drop" "$TMP/damaged.drop"
printf '\125' | dd of="$TMP/damaged.drop" bs=1 seek=3000 conv=notrunc 2>/dev/null
"$BIN/switchp" -x /dev/null "$TMP/damaged.drop" > "$TMP/damaged.out" 2>&1
[ $? -eq 2 ] && ok || bad "a damaged dropfile was not refused with status 2"
has "damaged refused" "$TMP/damaged.out" "^switchp: refused: .*damaged.drop: checksum mismatch in section"
head -c 100 "$drop" > "$TMP/short.drop"
"$BIN/switchp" -x /dev/null "$TMP/short.drop" > "$TMP/short.out" 2>&1
has "truncated refused" "$TMP/short.out" "^switchp: refused: .*short.drop: truncated at offset 100"
"$BIN/dropfile" dump "$drop" --json | sed 's/"features_used": \[\]/"features_used": ["gather"]/' \
    > "$TMP/gather.json"
"$BIN/dropfile" pack "$TMP/gather.json" -o "$TMP/gather.drop"
"$BIN/switchp" -x /dev/null "$TMP/gather.drop" > "$TMP/gather.out" 2>&1
has "incompatible refused" "$TMP/gather.out" \
    "^switchp: refused: .*gather.drop: cannot run here: the job has used gather, which this cray1 lacks"
printf 'stpe\nde 1\nregisters Q\n' | "$BIN/switchp" "$drop" > "$TMP/unknown.out" 2>&1
[ $? -eq 1 ] && ok || bad "failed commands did not give status 1"
has "unknown command" "$TMP/unknown.out" "^error: unknown command \"stpe\": did you mean step?" \
    "^error: ambiguous command \"de\": deposit, delete"

# 7. Commands from a pipe are echoed after the prompt.
printf 'step 2\nquit\n' | "$BIN/switchp" "$drop" > "$TMP/pipe.out" 2>&1
has "piped input" "$TMP/pipe.out" "^switchp +0> step 2" "^stepped 2 steps" "^switchp +[0-9]*> quit"

# 9. One rule for a log's time of day: the site's epoch plus machine time.
#    A site whose first boot was long ago (epoch 86400: 1970-01-02
#    00:00:00) drops a job; switchp's line in the re-drop goes on from the
#    job's own lines (00:00:00.xxxx), not from today's real time.
OLD=$TMP/oldsite
"$BIN/c1" --site "$OLD" --until-idle >/dev/null 2>&1
sed -i 's/^epoch .*/epoch 86400/' "$OLD/state"
submit "$OLD" "$JOBS/timeout.job"
boot "$OLD"
old_drop=$(ls "$OLD"/drop/SPIN.*.drop 2>/dev/null | head -1)
printf 'step 100\ndrop %s\nquit\n' "$TMP/old-redrop.drop" | "$BIN/switchp" "$old_drop" >/dev/null 2>&1
"$BIN/dropfile" dump "$TMP/old-redrop.drop" > "$TMP/old-redrop.txt" 2>&1
has "time of day: the site's drop line is at the old epoch" "$TMP/old-redrop.txt" \
    '| 00:00:00\.[0-9]* .*DF000 - DROPFILE drop/SPIN'
has "time of day: switchp's line goes on from the job's" "$TMP/old-redrop.txt" \
    '| 00:00:00\.[0-9]* .*DF000 - DROPFILE WRITTEN BY SWITCHP'

# 8. The interactive prompt through tmux: readline, completion, output.
if tmux_start $SESSION "env HOME=$TMP TMPDIR=$TMP $BIN_ABS/switchp $drop"; then
    screen_has() {   # wait up to 5 s for a pattern on the screen
        for i in $(seq 1 50); do
            tmux capture-pane -t $SESSION -p > "$TMP/screen" 2>/dev/null
            grep -q -- "$1" "$TMP/screen" && return 0
            sleep 0.1
        done
        return 1
    }
    screen_has "^switchp +0>" && ok || bad "tmux: no prompt: $(cat "$TMP/screen")"
    tmux send-keys -t $SESSION 'step 3' Enter
    screen_has "^stepped 3 steps" && ok || bad "tmux: step 3 not shown: $(cat "$TMP/screen")"
    tmux send-keys -t $SESSION 'exa' Tab 'A2' Enter
    screen_has "^switchp +[0-9]*> examine A2" && screen_has "^A2 00[0-7]\{6\}  (" && ok ||
        bad "tmux: completion of exa or examine A2: $(cat "$TMP/screen")"
    tmux send-keys -t $SESSION 'brake LOOP' Enter
    screen_has 'unknown command "brake": did you mean break?' && ok ||
        bad "tmux: no suggestion: $(cat "$TMP/screen")"
    tmux send-keys -t $SESSION 'quit' Enter
    for i in $(seq 1 50); do
        tmux has-session -t $SESSION 2>/dev/null || break
        sleep 0.1
    done
    tmux has-session -t $SESSION 2>/dev/null && bad "tmux: switchp did not quit" || ok
    grep -q "^step 3" "$TMP/.switchp_history" 2>/dev/null && ok || bad "tmux: no readline history saved"
fi

finish
