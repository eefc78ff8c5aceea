# tests/e2e/lib.sh: what every end-to-end script shares.  A script sets
# NAME and sources this file from the top of the repository:
#
#   NAME=site
#   . tests/e2e/lib.sh
#
# and gets: BIN (the programs, build/bin unless set) and JOBS (the example
# decks, jobs/ unless set); TMP, a fresh temporary folder removed at exit
# (at_exit adds a command of its own to run before that); the counters
# passed and failed with ok, bad and the checks below; submit and boot for a
# site in a folder; tmux_start for the scripts that drive a terminal; and
# finish, which prints the closing line "NAME e2e: N passed, N failed" and
# returns 1 on any failure (a script ends with it).
BIN=${BIN:-build/bin}
JOBS=${JOBS:-jobs}
TMP=$(mktemp -d)
passed=0
failed=0

# ---- the temporary folder and clean-up --------------------------------------
E2E_AT_EXIT=
# at_exit COMMAND: run COMMAND (a line of shell) at exit, before TMP goes.
at_exit() { E2E_AT_EXIT="$E2E_AT_EXIT
$1"; }
e2e_cleanup() {
    eval "$E2E_AT_EXIT"
    rm -rf "$TMP"
}
trap e2e_cleanup EXIT

# ---- counting ---------------------------------------------------------------
ok() { passed=$((passed + 1)); }
bad() { echo "$NAME e2e: FAIL $*"; failed=$((failed + 1)); }

# finish: the closing line; the status is 1 when anything failed.
finish() {
    echo "$NAME e2e: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
# give_up: the closing line and exit 1, when the rest cannot run.
give_up() {
    finish
    exit 1
}

# ---- checks: each is one ok, or one bad -------------------------------------
# e2e_show FILE: the start of a file, indented, after a failed check.
e2e_show() { sed 's/^/    | /' "$1" 2>/dev/null | head -40; }

# has NAME FILE PATTERN...: every basic regular expression matches in FILE.
has() {
    name=$1 file=$2
    shift 2
    for p in "$@"; do
        if ! grep -q -- "$p" "$file" 2>/dev/null; then
            bad "$name: $file lacks '$p'"
            e2e_show "$file"
            return
        fi
    done
    ok
}
# hasf NAME FILE TEXT...: every fixed string is in FILE.
hasf() {
    name=$1 file=$2
    shift 2
    for p in "$@"; do
        if ! grep -qF -- "$p" "$file" 2>/dev/null; then
            bad "$name: $file lacks '$p'"
            e2e_show "$file"
            return
        fi
    done
    ok
}
# lacks NAME FILE PATTERN: the basic regular expression does not match.
lacks() {
    if grep -q -- "$3" "$2" 2>/dev/null; then bad "$1: $2 has '$3'"; else ok; fi
}
# lacksf NAME FILE TEXT: the fixed string is not in FILE.
lacksf() {
    if grep -qF -- "$3" "$2" 2>/dev/null; then bad "$1: $2 has '$3'"; else ok; fi
}

# ---- a site in a folder -----------------------------------------------------
# submit SITE DECK...: queue each deck with c1sub (a refusal is a failure).
submit() {
    site=$1
    shift
    for d in "$@"; do
        "$BIN/c1sub" "$d" --site "$site" >/dev/null || bad "c1sub $d refused"
    done
}
# boot SITE [c1 options]: run the site's queue until it is idle; c1's own
# output goes to SITE.console.  A c1 that does not stop cleanly is a failure.
boot() {
    site=$1
    shift
    "$BIN/c1" --site "$site" --until-idle "$@" >"$site.console" 2>&1 ||
        bad "c1 --site $site $* did not stop cleanly"
}

# ---- a terminal through tmux ------------------------------------------------
# tmux_start SESSION COMMAND: a detached 120x40 tmux session running
# COMMAND, killed at exit.  When tmux is missing or cannot start its server
# (a broken /dev/null, no writable socket folder, ...) this is a failure
# that says so, and the status is 1: the caller skips its screen checks.
tmux_start() {
    if ! command -v tmux >/dev/null 2>&1; then
        bad "tmux is not installed (tools/deps.sh installs it)"
        return 1
    fi
    at_exit "tmux kill-session -t '$1' 2>/dev/null"
    if ! tmux new-session -d -s "$1" -x 120 -y 40 "$2" 2>"$TMP/tmux.err"; then
        bad "tmux cannot start a server: $(cat "$TMP/tmux.err")"
        return 1
    fi
}
