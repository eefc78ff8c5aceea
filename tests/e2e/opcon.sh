#!/bin/sh
# tests/e2e/opcon.sh: operating a running site over its socket.  A c1 runs
# a site in the background (--keep-running, no terminal); opcon -c runs
# commands there and its exit status says how they went; two operators at
# once; a raw client (tests/e2e/opcon_client.c) sends what opcon never
# would (an overlong line, control characters, half a command, garbage);
# the interactive opcon is driven through tmux; SHUTDOWN ends c1; a stale
# socket left by a killed c1 is replaced, and a live one is respected.
NAME=opcon
. tests/e2e/lib.sh
CC=${CC:-cc}
C1PID=
at_exit '[ -n "$C1PID" ] && kill -9 "$C1PID" 2>/dev/null'
# status NAME EXPECTED COMMAND...: the command's exit status
status() {
    name=$1 expected=$2
    shift 2
    "$@" > "$TMP/last" 2>&1
    got=$?
    [ "$got" -eq "$expected" ] && ok || bad "$name: exit $got, wanted $expected: $(head -3 "$TMP/last")"
}
# start_c1 SITE: c1 in the background, until its socket answers
start_c1() {
    "$BIN/c1" --site "$1" --pcs 1 --keep-running </dev/null >>"$TMP/c1.out" 2>&1 &
    C1PID=$!
    for _ in $(seq 100); do
        "$BIN/opcon" --site "$1" -c HELP >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    bad "c1 did not answer on $1/opcon.sock: $(cat "$TMP/c1.out")"
    return 1
}
# stopped PID: wait up to 5 s for the process to end
stopped() {
    for _ in $(seq 50); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}

$CC -std=c11 -O1 -o "$TMP/raw" tests/e2e/opcon_client.c || { bad "cannot build the raw client"; give_up; }
RAW=$TMP/raw

# A job that runs until its time limit (3600 s of machine time: long past
# the end of this script, however fast the host) unless the
# operator acts.
cat > "$TMP/forever.job" <<'DECK'
JOB,JN=FOREVER,T=3600,MFL=4096,US=ALICE.
CAL.
LDR.
/EOF
         IDENT     FOREVER
         START     GO
GO       J         GO
         END
DECK
S=$TMP/s
"$BIN/c1sub" "$TMP/forever.job" --site "$S" >/dev/null   # job 1: runs
"$BIN/c1sub" jobs/hello.job --site "$S" >/dev/null       # job 2: queued
"$BIN/c1sub" "$TMP/forever.job" --site "$S" >/dev/null   # job 3: queued
SOCK=$S/opcon.sock
start_c1 "$S" || give_up

# The socket: the site owner's alone.
[ -S "$SOCK" ] && ok || bad "no socket at $SOCK"
[ "$(stat -c %a "$SOCK")" = 600 ] && ok || bad "socket mode $(stat -c %a "$SOCK"), wanted 600"

# One command at a time, with exit statuses for scripts.
status "STATUS" 0 "$BIN/opcon" --site "$S" -c STATUS
has "STATUS" "$TMP/last" "PC 0  job 1 FOREVER" "memory map:"
status "QUEUE" 0 "$BIN/opcon" --site "$S" -c QUEUE
has "QUEUE" "$TMP/last" "job 2 HELLO" "job 3 FOREVER"
status "prefix" 0 "$BIN/opcon" --site "$S" -c "que"
has "prefix" "$TMP/last" "job 2 HELLO"
status "unknown command" 1 "$BIN/opcon" --site "$S" -c "BOGUS 1"
has "unknown command" "$TMP/last" "BOGUS: unknown command"
status "DROP of no job" 1 "$BIN/opcon" --site "$S" -c "DROP 99"
status "DROP without a number" 1 "$BIN/opcon" --site "$S" -c "DROP"
status "HELP" 0 "$BIN/opcon" --site "$S" -c "HELP"
has "HELP" "$TMP/last" "SCREENSHOT file.png" "SHUTDOWN"
status "empty command" 0 "$BIN/opcon" --site "$S" -c ""
status "bad usage" 2 "$BIN/opcon" --site "$S" --bogus
status "no site" 2 "$BIN/opcon" --site "$TMP/nowhere" -c STATUS
has "no site" "$TMP/last" "no c1 answers"
# Commands from standard input, one a line.
printf 'QUEUE\nSTATUS\n' | "$BIN/opcon" --site "$S" > "$TMP/piped" 2>&1 && ok || bad "piped commands failed"
has "piped" "$TMP/piped" "job 2 HELLO" "memory map:"

# Two operators at once: one attached and silent for 2 s does not hold up
# another.
printf 'STATUS\n' | "$RAW" "$SOCK" hold 2 > "$TMP/held" 2>&1 &
HELD=$!
sleep 0.3
start=$(date +%s%N)
status "second operator" 0 "$BIN/opcon" --site "$S" -c QUEUE
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$elapsed" -lt 1500 ] && ok || bad "the second operator waited ${elapsed} ms for the first"
wait "$HELD" && ok || bad "the held client got no reply"
has "held client" "$TMP/held" "^OK$" "memory map:" "^\.$"
"$BIN/opcon" --site "$S" -c STATUS > "$TMP/p1" 2>&1 &
P1=$!
"$BIN/opcon" --site "$S" -c QUEUE > "$TMP/p2" 2>&1 &
P2=$!
wait $P1 && wait $P2 && ok || bad "two opcons at once"
has "parallel STATUS" "$TMP/p1" "memory map:"
has "parallel QUEUE" "$TMP/p2" "job 2 HELLO"

# What opcon never sends.  An overlong line: refused, and the line after
# it runs.
{ head -c 5000 /dev/zero | tr '\0' A; printf '\nQUEUE\n'; } | "$RAW" "$SOCK" send 2 > "$TMP/long" 2>&1 \
    && ok || bad "overlong request: no replies"
has "overlong request" "$TMP/long" "^ERROR$" "longer than 500 bytes" "^OK$" "job 2 HELLO"
printf 'STA\001TUS\n' | "$RAW" "$SOCK" send > "$TMP/ctl" 2>&1
has "control character" "$TMP/ctl" "^ERROR$" "control character"
printf 'KILL 2\000\n' | "$RAW" "$SOCK" send > "$TMP/nul" 2>&1
has "NUL" "$TMP/nul" "^ERROR$" "control character"
printf 'QUEUE\r\n' | "$RAW" "$SOCK" send > "$TMP/crlf" 2>&1
has "CR LF" "$TMP/crlf" "^OK$" "job 2 HELLO"
printf '.x\n' | "$RAW" "$SOCK" send > "$TMP/dot" 2>&1
has "dot-stuffed reply" "$TMP/dot" "^ERROR$" "^\.\.X: unknown command"
# Garbage (every byte value, over and over) from a client that hangs up.
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "%c", (i * 37) % 256 }' \
    | "$RAW" "$SOCK" send 0 >/dev/null 2>&1
# Half a command, then hang up: nothing is done.
printf 'KILL 2' | "$RAW" "$SOCK" partial
# A whole command, then hang up without reading the reply: it is done.
printf 'PRIORITY 3 7\n' | "$RAW" "$SOCK" partial
sleep 0.3
status "after the bad clients" 0 "$BIN/opcon" --site "$S" -c QUEUE
has "half a command did nothing" "$TMP/last" "job 2 HELLO"
has "a whole command was done" "$TMP/last" "job 3 FOREVER user ALICE    P7"
lacks "half a command in the dayfile" "$S/dayfile" "OPERATOR opcon: KILL"
has "dayfile" "$S/dayfile" "OPERATOR opcon: PRIORITY 3 7"
kill -0 "$C1PID" 2>/dev/null && ok || bad "c1 died: $(cat "$TMP/c1.out")"

# At most 16 operators: the 17th is told so.
MANY=
for i in $(seq 16); do
    printf 'QUEUE\n' | "$RAW" "$SOCK" hold 3 > "$TMP/many.$i" 2> "$TMP/many.$i.err" &
    MANY="$MANY $!"
done
for _ in $(seq 50); do
    [ "$(cat "$TMP"/many.*.err 2>/dev/null | grep -c connected)" -eq 16 ] && break
    sleep 0.1
done
sleep 0.5   # c1 accepts them between two slices
printf 'STATUS\n' | "$RAW" "$SOCK" send > "$TMP/seventeenth" 2>&1
has "17th operator" "$TMP/seventeenth" "^ERROR$" "operators are attached already"
for pid in $MANY; do wait "$pid"; done
n=0
for i in $(seq 16); do grep -q "job 2 HELLO" "$TMP/many.$i" && n=$((n + 1)); done
[ $n -eq 16 ] && ok || bad "only $n of 16 attached operators got their reply"

# DROP through opcon: the dropfile, and "opcon" in the dayfile.
status "DROP" 0 "$BIN/opcon" --site "$S" -c "DROP 1"
has "DROP" "$TMP/last" "job 1 dropped"
ls "$S"/drop/FOREVER.000001.*.drop >/dev/null 2>&1 && ok || bad "DROP wrote no dropfile"
has "DROP in the dayfile" "$S/dayfile" "OPERATOR opcon: DROP 1" "DROP     job 1 FOREVER reason operator"

# SCREENSHOT: a relative file is opcon's folder's, not c1's.
OPCON=$(cd "$BIN" && pwd)/opcon
(cd "$TMP" && "$OPCON" --site "$S" -c "SCREENSHOT shot.png") > "$TMP/last" 2>&1 \
    && ok || bad "SCREENSHOT: $(cat "$TMP/last")"
[ "$(head -c 8 "$TMP/shot.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] \
    && ok || bad "SCREENSHOT wrote no PNG at $TMP/shot.png"
status "SCREENSHOT without a file" 1 "$BIN/opcon" --site "$S" -c "SCREENSHOT"

# The interactive opcon: readline's prompt, completion, history.
if tmux_start c1opcon "$BIN/opcon --site $S"; then
    sleep 0.5
    tmux send-keys -t c1opcon 'QUE' Tab Enter
    sleep 0.5
    tmux send-keys -t c1opcon Up Enter
    sleep 0.5
    tmux capture-pane -t c1opcon -p > "$TMP/screen"
    [ "$(grep -c "opcon s> QUEUE" "$TMP/screen")" -eq 2 ] && ok || bad "completion and history: $(head -5 "$TMP/screen")"
    has "interactive QUEUE" "$TMP/screen" "attached to the site" "job 2 HELLO"
    tmux send-keys -t c1opcon C-d
    sleep 0.5
    tmux has-session -t c1opcon 2>/dev/null && bad "opcon still attached after Ctrl-D" || ok
fi

# SHUTDOWN ends c1 and removes the socket; then nobody answers.
status "SHUTDOWN" 0 "$BIN/opcon" --site "$S" -c SHUTDOWN
has "SHUTDOWN" "$TMP/last" "shutdown:"
stopped "$C1PID" && ok || bad "c1 still runs after SHUTDOWN"
C1PID=
[ -e "$SOCK" ] && bad "the socket is left after SHUTDOWN" || ok
has "SHUTDOWN in the dayfile" "$S/dayfile" "OPERATOR opcon: SHUTDOWN" "SHUTDOWN site S"
status "after SHUTDOWN" 2 "$BIN/opcon" --site "$S" -c STATUS

# A killed c1 leaves its socket; the next boot replaces it.  A second c1
# on a site that a live c1 runs is refused.
start_c1 "$S"
kill -9 "$C1PID"
stopped "$C1PID"
C1PID=
[ -S "$SOCK" ] && ok || bad "a killed c1 left no socket (the test needs one)"
status "stale socket" 2 "$BIN/opcon" --site "$S" -c STATUS
start_c1 "$S" && ok
status "after a stale socket" 0 "$BIN/opcon" --site "$S" -c STATUS
status "second c1" 2 "$BIN/c1" --site "$S" --until-idle
has "second c1" "$TMP/last" "another c1 is running"
status "final SHUTDOWN" 0 "$BIN/opcon" --site "$S" -c SHUTDOWN
stopped "$C1PID" && ok || bad "c1 still runs after the final SHUTDOWN"
C1PID=
# c1 printed nothing of its own (no progress line: not a terminal).
[ ! -s "$TMP/c1.out" ] && ok || bad "c1 printed: $(head -3 "$TMP/c1.out")"

finish
