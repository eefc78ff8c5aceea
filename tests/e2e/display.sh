#!/bin/sh
# tests/e2e/display.sh: the status display, rendered without a screen.  A
# known site (2 PCs: HELLO and SPIN running, another HELLO queued) is shot
# at a known clock with --screenshot-at, headless and through the window
# (--display, SDL's dummy and offscreen video drivers, the SCREENSHOT
# command from a script); a checker (tests/e2e/display_check.c, built here
# with libpng) reads each picture: its size, each panel's colours at its
# place (tools/display/display.h's layout), and the jobs' names and other
# text dot for dot against the character ROM (roms/charrom.txt).
NAME=display
. tests/e2e/lib.sh
CC=${CC:-cc}

# shellcheck disable=SC2046
$CC -std=c11 -O1 $(pkg-config --cflags libpng) -o "$TMP/check" tests/e2e/display_check.c \
    $(pkg-config --libs libpng) || { bad "cannot build the checker"; give_up; }

# check NAME FILE.png < CHECKS: every check of the list must hold
check() {
    "$TMP/check" "$2" roms/charrom.txt > "$TMP/check.out" 2>&1
    n=$(grep -c '^ok: ' "$TMP/check.out")
    passed=$((passed + n))
    if grep -q '^FAIL: ' "$TMP/check.out" || [ "$n" -eq 0 ]; then
        grep '^FAIL: ' "$TMP/check.out" | sed "s/^/display e2e: $1: /"
        [ "$n" -eq 0 ] && cat "$TMP/check.out"
        failed=$((failed + 1))
    fi
}

# The site: job 1 HELLO on PC 0, job 2 SPIN on PC 1 (dropped at its time
# limit, clock 400001), job 3 HELLO queued until HELLO ends.
site() {
    "$BIN/c1sub" jobs/hello.job --site "$1" >/dev/null
    "$BIN/c1sub" jobs/timeout.job --site "$1" >/dev/null
    "$BIN/c1sub" jobs/hello.job --site "$1" >/dev/null
}

# The layout of 2 PCs (display.h): panels 501 wide; PC 0 at x 8, PC 1 at
# x 515, both at y 28, 96 high; the memory map at y 130; the queue at
# (8, 228), the dropfiles at (8, 428), the dayfile at (344, 228).  A
# panel's first body line is 22 below its top, 6 right of its left edge.
running_checks() {
    cat <<'CHECKS'
size 1024 630
# title bar
pixel 2 2 1c2833
text 8 5 ffb347 C-1
# PC panels: border, header, body; a busy PC's header is blue
pixel 8 60 2f7fa8
pixel 258 29 2f7fa8
pixel 505 120 121a22
pixel 515 60 2f7fa8
pixel 765 29 2f7fa8
pixel 1012 120 121a22
text 14 31 ffffff PC 0
text 521 31 ffffff PC 1
# the jobs' names, in the name colour, where each panel's text starts
text 14 50 7dffa0 HELLO
text 521 50 7dffa0 SPIN
notext 14 50 7dffa0 SPIN
# memory map: header, legend (each field in its job's colour)
pixel 508 131 7a5fa8
text 14 133 ffffff memory map
text 14 191 e0a04e HELLO 0-7777
# input queue with the second HELLO waiting
pixel 170 229 2f8f5f
text 14 231 ffffff input queue
text 14 264 c8d2dc BATCH    1 job
text 26 278 c8d2dc job 3     HELLO
# dropfiles: none yet
pixel 170 429 a8742f
text 14 431 ffffff dropfiles
text 14 450 6c7a88 none
# dayfile: the boot line first
pixel 600 229 5f6f7f
text 350 231 ffffff dayfile
text 350 250 ffffff 000000000000 BOOT
CHECKS
}

# 1. Headless: --screenshot-at without a window (no SDL video at all).
A=$TMP/a
site "$A"
SDL_VIDEODRIVER=offscreen "$BIN/c1" --site "$A" --until-idle --screenshot-at 20000 "$TMP/a.png" \
    > "$TMP/out" 2>&1 && ok || bad "--screenshot-at: $(cat "$TMP/out")"
[ ! -s "$TMP/out" ] && ok || bad "--screenshot-at printed: $(head -3 "$TMP/out")"
running_checks | check "headless" "$TMP/a.png"

# The same site at the same clock gives the same picture, to the bit.
rm -rf "$A"
site "$A"
"$BIN/c1" --site "$A" --until-idle --screenshot-at 20000 "$TMP/a2.png" >/dev/null 2>&1
cmp -s "$TMP/a.png" "$TMP/a2.png" && ok || bad "two runs of one site at one clock differ"

# 2. The window, with SDL's dummy driver: SCREENSHOT from a script while
#    both jobs run, and at the end (SPIN dropped, every PC idle).
D=$TMP/a
rm -rf "$D"
site "$D"
printf '@20000 SCREENSHOT %s\n@2000000 SCREENSHOT %s\n' "$TMP/d.png" "$TMP/end.png" > "$TMP/script"
SDL_VIDEODRIVER=dummy "$BIN/c1" --site "$D" --display --script "$TMP/script" > "$TMP/out" 2>&1 \
    && ok || bad "--display (dummy): $(cat "$TMP/out")"
grep -q "screenshot of clock .* written to $TMP/d.png" "$TMP/out" && ok || bad "SCREENSHOT reply: $(cat "$TMP/out")"
running_checks | check "dummy driver" "$TMP/d.png"
check "at the end" "$TMP/end.png" <<'CHECKS'
size 1024 630
# both PCs idle: grey headers, "idle"
pixel 258 29 3a4650
pixel 765 29 3a4650
text 14 50 6c7a88 idle
text 521 50 6c7a88 idle
notext 14 50 7dffa0 HELLO
# the dropfile of SPIN, newest first
text 14 450 ffb347 SPIN.000002.1.drop
# no field: all memory free
text 14 191 6c7a88 free 0-3777777
CHECKS

# 3. The offscreen driver, with --screenshot-at and the window open.
O=$TMP/o
site "$O"
SDL_VIDEODRIVER=offscreen "$BIN/c1" --site "$O" --display --until-idle --screenshot-at 20000 \
    "$TMP/o.png" > "$TMP/out" 2>&1 && ok || bad "--display (offscreen): $(cat "$TMP/out")"
check "offscreen driver" "$TMP/o.png" <<'CHECKS'
size 1024 630
text 14 50 7dffa0 HELLO
text 521 50 7dffa0 SPIN
CHECKS

# 4. Other machines: 1 PC is one panel the whole width; 6 PCs are two rows
#    of four columns (panels 247 wide).
P=$TMP/p
"$BIN/c1sub" jobs/hello.job --site "$P" >/dev/null
"$BIN/c1" --site "$P" --pcs 1 --until-idle --screenshot-at 20000 "$TMP/p1.png" >/dev/null 2>&1
check "1 PC" "$TMP/p1.png" <<'CHECKS'
size 1024 630
pixel 1015 60 2f7fa8
text 14 50 7dffa0 HELLO
CHECKS
Q=$TMP/q
"$BIN/c1sub" jobs/hello.job --site "$Q" >/dev/null
"$BIN/c1" --site "$Q" --pcs 6 --until-idle --screenshot-at 20000 "$TMP/p6.png" >/dev/null 2>&1
check "6 PCs" "$TMP/p6.png" <<'CHECKS'
size 1024 732
text 14 50 7dffa0 HELLO
pixel 261 60 3a4650
text 267 31 ffffff PC 1
text 14 133 ffffff PC 4
text 14 235 ffffff memory map
CHECKS

# 5. Failures say so.
"$BIN/c1" --site "$TMP/f" --until-idle --screenshot-at 0 "$TMP/no/such/folder/x.png" > "$TMP/out" 2>&1
[ $? -eq 1 ] && grep -q "cannot write" "$TMP/out" && ok || bad "unwritable screenshot: $(cat "$TMP/out")"
SDL_VIDEODRIVER=no-such-driver "$BIN/c1" --site "$TMP/f" --display --until-idle > "$TMP/out" 2>&1
[ $? -eq 2 ] && grep -q "cannot open the display" "$TMP/out" && ok || bad "no video driver: $(cat "$TMP/out")"
"$BIN/c1" --bare jobs/bare/first.cal --display > "$TMP/out" 2>&1
[ $? -eq 2 ] && ok || bad "--display accepted for the bare machine"

finish
