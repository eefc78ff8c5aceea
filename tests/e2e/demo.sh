#!/bin/sh
# tests/e2e/demo.sh: what `make demo` runs (tools/demo.sh, after the build)
# works, ending with the restart found transparent, so the README's first
# command cannot break unseen.
NAME=demo
. tests/e2e/lib.sh

DEMO_SITE=$TMP/demo-site sh tools/demo.sh >"$TMP/out" 2>&1
[ $? -eq 0 ] && ok || bad "tools/demo.sh failed: $(tail -3 "$TMP/out")"
hasf "demo" "$TMP/out" "DROP     job" "reason time-limit" "== the same: the drop and restart were transparent"
finish
