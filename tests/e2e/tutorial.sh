#!/bin/sh
# tests/e2e/tutorial.sh: docs/tutorial.md cannot rot.  Every command of its
# ```console blocks (the lines starting with "$ ") is run, in order, in one
# shell, in a fresh folder where jobs/ and data/ are the repository's and
# build/bin is on the path; after each, every output line the page shows
# under it must be among the lines the command printed, in the same order.
# In a shown line "..." stands for any text; a line that is only "..."
# stands for any number of lines.
NAME=tutorial
. tests/e2e/lib.sh

TOP=$(pwd)
WORK=$TMP/class
mkdir -p "$WORK"
ln -s "$TOP/jobs" "$WORK/jobs"
ln -s "$TOP/data" "$WORK/data"

# The commands, each behind a marker line, as one script; the expected
# lines of each command in a file of their own.
awk -v dir="$TMP" '
    /^```console/ { inside = 1; next }
    /^```/        { inside = 0; next }
    !inside       { next }
    /^\$ / {
        n++
        printf "printf \"\\n@@@ %d\\n\"\n%s 2>&1\n", n, substr($0, 3) > (dir "/script")
        printf "" > (dir "/expect." n)
        print substr($0, 3) > (dir "/command." n)
        next
    }
    n { print > (dir "/expect." n) }
    END { print n > (dir "/count") }
' docs/tutorial.md
count=$(cat "$TMP/count")
[ "$count" -gt 20 ] && ok || bad "only ${count:-no} commands found in docs/tutorial.md"

(cd "$WORK" && PATH="$TOP/$BIN:$PATH" timeout 300 sh "$TMP/script") >"$TMP/output" 2>&1
# Split the output at the markers: one file per command.
awk -v dir="$TMP" '/^@@@ [0-9]+$/ { n = $2; printf "" > (dir "/got." n); next }
                   n { print > (dir "/got." n) }' "$TMP/output"

# Each command's shown lines against what it printed (trailing blanks do
# not count: the page cannot show them).
i=1
while [ "$i" -le "$count" ]; do
    command=$(cat "$TMP/command.$i")
    if [ ! -f "$TMP/got.$i" ]; then
        bad "command $i ($command) did not run"
        i=$((i + 1))
        continue
    fi
    missing=$(awk '
        function matches(shown, actual,    parts, k, at, p, pos) {
            if (index(shown, "...") == 0) return shown == actual
            k = split(shown, parts, /\.\.\./)
            at = 1
            for (p = 1; p <= k; p++) {
                if (parts[p] == "") continue
                pos = index(substr(actual, at), parts[p])
                if (pos == 0) return 0
                if (p == 1 && pos != 1) return 0
                at += pos - 1 + length(parts[p])
            }
            if (parts[k] != "" && substr(actual, length(actual) - length(parts[k]) + 1) != parts[k])
                return 0
            return 1
        }
        { sub(/[ \t]+$/, "") }
        NR == FNR { if ($0 != "..." && $0 != "") want[++n] = $0; next }
        i < n && matches(want[i + 1], $0) { i++ }
        END { if (i < n) print want[i + 1] }' "$TMP/expect.$i" "$TMP/got.$i")
    if [ -z "$missing" ]; then
        ok
    else
        bad "command $i ($command): the page shows '$missing', not printed (in this order)"
        sed 's/^/    | /' "$TMP/got.$i" | head -20
    fi
    i=$((i + 1))
done
finish
