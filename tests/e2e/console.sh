#!/bin/sh
# tests/e2e/console.sh: the operator console.  A script drives a site
# through every command at given machine clocks; then the interactive
# console is driven through tmux (readline prompt, completion) and its
# screen checked.
NAME=console
. tests/e2e/lib.sh

S=$TMP/s
sed 's/T=0.005/T=60/; s/200000/4000000/' jobs/timeout.job > "$TMP/spin.job"
"$BIN/c1sub" "$TMP/spin.job" --site "$S" >/dev/null        # job 1
"$BIN/c1sub" jobs/hello.job --site "$S" >/dev/null         # job 2
"$BIN/c1sub" jobs/hello.job --site "$S" >/dev/null         # job 3
cat > "$TMP/script" <<SCRIPT
QUEUE
@50000 STA
@60000 S
@70000 BOGUS 1
@100000 PRIORITY 3 9
@150000 CLASS BATCH OFF
@200000 DROP 1
@250000 QUEUE
@300000 KILL 2
@350000 CLASS BATCH ON
@400000 LIMIT 1
@500000 RESTART $S/drop/SPIN.000001.1.drop US=BOB T=1
@600000 HELP
@700000 STATUS
SCRIPT
"$BIN/c1" --site "$S" --pcs 1 --script "$TMP/script" > "$TMP/out" 2>&1
has "queue listing" "$TMP/out" "BATCH   job 2 HELLO" "BATCH   job 3 HELLO"
has "status" "$TMP/out" "PC 0  job 1 SPIN" "memory map:"
has "prefixes" "$TMP/out" "S: ambiguous command" "BOGUS: unknown command"
has "priority" "$TMP/out" "job 3 priority 9"
has "drop" "$TMP/out" "job 1 dropped"
has "kill" "$TMP/out" "job 2 killed"
has "class" "$TMP/out" "class BATCH OFF" "class BATCH ON"
has "restart" "$TMP/out" "restart of $S/drop/SPIN.000001.1.drop queued"
has "help" "$TMP/out" "SHUTDOWN" "a unique prefix of a command is enough"
has "dayfile" "$S/dayfile" "OPERATOR script: DROP 1" "OPERATOR script: KILL 2" \
    "DROP     job 1 SPIN reason operator" "ABORTED  job 2 HELLO" \
    "RESTART  job 4 SPIN (was 1 at S) user BOB (handed over from ALICE)" "END      job 4 SPIN user BOB"
# The dropped queue: job 3 (priority 9) ran before the restarted SPIN.
grep -n "START    job" "$S/dayfile" | sed -n 2p | grep -q "job 3 HELLO" && ok || bad "priority 9 job did not run next"
has "killed job log" "$S/out/000002.HELLO.log" "OP001 - JOB KILLED BY THE OPERATOR"

# SHUTDOWN from a script drops the running job and queues it again.
Z=$TMP/z
"$BIN/c1sub" "$TMP/spin.job" --site "$Z" >/dev/null
printf '@300000 SHUTDOWN\n' > "$TMP/shut"
"$BIN/c1" --site "$Z" --script "$TMP/shut" >/dev/null
has "shutdown" "$Z/dayfile" "DROP     job 1 SPIN reason shutdown" "SHUTDOWN site Z"
ls "$Z"/queue/*.drop >/dev/null 2>&1 && ok || bad "shutdown did not queue the job again"
"$BIN/c1" --site "$Z" --until-idle
has "after shutdown" "$Z/dayfile" "RESTART  job" "END      job"

# The interactive console: readline's prompt, completion, a command.
I=$TMP/i
"$BIN/c1sub" "$TMP/spin.job" --site "$I" >/dev/null
if tmux_start c1console "$BIN/c1 --site $I --pcs 1"; then
    sleep 1
    tmux send-keys -t c1console 'STAT' Tab Enter
    sleep 1
    screen=$(tmux capture-pane -t c1console -p)
    printf '%s\n' "$screen" | grep -q "c1> STATUS" && ok || bad "completion: $(printf '%s' "$screen" | head -5)"
    printf "%s\n" "$screen" | grep -q "memory map:" && ok || bad "interactive STATUS not shown"
    tmux send-keys -t c1console 'SHUTDOWN' Enter
    sleep 1
    tmux has-session -t c1console 2>/dev/null && bad "c1 still running after SHUTDOWN" || ok
    grep -q "OPERATOR console: SHUTDOWN" "$I/dayfile" && ok || bad "SHUTDOWN not in the dayfile"
fi

finish
