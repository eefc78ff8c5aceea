#!/bin/sh
# tests/e2e/usage.sh: a usage error says what is wrong, in one line, with
# exit status 2 (c1: 2 as well), instead of the whole usage text or nothing.
NAME=usage
. tests/e2e/lib.sh

# says EXPECTED-STATUS PATTERN COMMAND...: the command exits with the status
# and its standard error is one line holding the pattern.
says() {
    want=$1 pattern=$2
    shift 2
    err=$("$@" 2>&1 >/dev/null)
    status=$?
    lines=$(printf '%s\n' "$err" | grep -c .)
    if [ "$status" -ne "$want" ]; then
        bad "$*: exit $status, expected $want"
    elif ! printf '%s\n' "$err" | grep -q -- "$pattern"; then
        bad "$*: '$err' lacks '$pattern'"
    elif [ "$lines" -ne 1 ]; then
        bad "$*: $lines lines of error, expected one: $err"
    else
        ok
    fi
}

says 2 "c1: --replay wants --site DIR" "$BIN/c1" --replay trace.swf
says 2 "c1: --site wants a value" "$BIN/c1" --site
says 2 "c1: --site DIR (a site) or --bare IMAGE (the bare machine) is needed" "$BIN/c1"
says 2 "c1: --site and --bare are one or the other" "$BIN/c1" --site a --bare b
says 2 "c1: unexpected argument '--frob'" "$BIN/c1" --frob
says 2 "c1: --jobs-csv wants a value" "$BIN/c1" --site s --replay t --jobs-csv
says 2 "are for --replay" "$BIN/c1" --site s --jobs-csv x.csv

says 2 "c1ldr: unknown option --frob" "$BIN/c1ldr" --frob x.c1o
says 2 "c1ldr: no object file given" "$BIN/c1ldr" -o x.c1x
says 2 "c1ldr: --old goes with --library" "$BIN/c1ldr" --old lib.c1l x.c1o
says 2 "c1ldr: bad origin 0x1000000" "$BIN/c1ldr" --origin 0x1000000 x.c1o
says 2 "c1ldr: bad origin  (a word" "$BIN/c1ldr" --origin '' x.c1o
says 2 "c1ldr: bad origin  5 (a word" "$BIN/c1ldr" --origin ' 5' x.c1o
says 2 "c1ldr: $TMP/none.c1o: No such file" "$BIN/c1ldr" "$TMP/none.c1o"
says 2 "c1cal: -c and --raw do not go together" "$BIN/c1cal" -c --raw jobs/bare/first.cal

says 2 "c1sub: --time wants CPU seconds, decimals allowed" "$BIN/c1sub" --restart x.drop --site "$TMP/s" --time 0x10
says 2 "c1sub: --time wants CPU seconds, decimals allowed" "$BIN/c1sub" --restart x.drop --site "$TMP/s" --time 1e9
# decimals are taken, as T= takes them (the file itself is then refused)
says 1 "c1sub: cannot read" "$BIN/c1sub" --restart "$TMP/none.drop" --site "$TMP/s" --time 1.5

# --display with no screen fails and says why (it ran on headless, exit 0;
# SDL may add a line of its own about XDG_RUNTIME_DIR).
err=$(env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$BIN/c1" --site "$TMP/site" --display \
      --until-idle 2>&1 >/dev/null)
status=$?
[ $status -eq 2 ] && printf '%s\n' "$err" | grep -q "c1: cannot open the display: " && ok ||
    bad "--display with no screen: exit $status, '$err'"

# Only the site's owner (or root) submits to it: another user is refused
# before anything is read, with the owner's name (docs/trust-model.md).
# c1sub and a deck are copied where that user can reach them.
if command -v setpriv >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    O=$(mktemp -d)
    chmod 755 "$O"
    cp "$BIN/c1sub" "$JOBS/hello.job" "$O/"
    chmod 755 "$O/c1sub"
    chmod 644 "$O/hello.job"
    "$O/c1sub" "$O/hello.job" --site "$O/site" >/dev/null || bad "root could not submit"
    err=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$O/c1sub" "$O/hello.job" --site "$O/site" 2>&1)
    status=$?
    [ $status -eq 1 ] && printf '%s\n' "$err" | grep -q "belongs to root (uid 0): only its owner or root" &&
        ok || bad "another user submitted to root's site: exit $status, '$err'"
    rm -rf "$O"
else
    bad "this check needs root and setpriv (util-linux) to act as another user"
fi

# The usual syntax check writes into /dev/null and leaves it a device (as
# root it used to replace /dev/null with a regular file).
"$BIN/c1cal" -o /dev/null jobs/bare/first.cal >/dev/null 2>&1 && [ -c /dev/null ] && ok ||
    bad "c1cal -o /dev/null: /dev/null is no longer a character device"

finish
