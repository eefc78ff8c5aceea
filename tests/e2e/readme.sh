#!/bin/sh
# tests/e2e/readme.sh: the README's samples are what the programs print.
# The sample after "c1 --bare jobs/bare/first.c1x" runs it: each of its
# lines, in order, is a line of c1's output ("..." stands for lines cut).
NAME=readme
. tests/e2e/lib.sh

"$BIN/c1cal" -o "$TMP/first.c1x" jobs/bare/first.cal >/dev/null || bad "c1cal first.cal"
"$BIN/c1" --bare "$TMP/first.c1x" >"$TMP/out" 2>&1 || bad "c1 --bare first.c1x failed"
# The first fenced block after the sentence that names the run.
awk '/`c1 --bare jobs\/bare\/first.c1x` runs it/ { seen = 1 }
     seen && /^```/ { if (inside) exit; inside = 1; next }
     inside { print }' README.md >"$TMP/sample"
[ -s "$TMP/sample" ] && ok || bad "no c1 --bare sample found in README.md"
# Every sample line, in order, among c1's lines.
missing=$(awk 'NR == FNR { if ($0 != "...") want[++n] = $0; next }
               i < n && $0 == want[i + 1] { i++ }
               END { if (i < n) print want[i + 1] }' "$TMP/sample" "$TMP/out")
[ -z "$missing" ] && ok || bad "README's c1 --bare sample line not printed (or out of order): '$missing'"
finish
