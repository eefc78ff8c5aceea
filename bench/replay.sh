#!/bin/sh
# bench/replay.sh: the whole KTH SP2 trace (28,476 jobs) replayed through the
# batch OS on 2 PCs at the default time scale; the report ends with the
# host time it took.
set -e
KTH=../shared/traces/KTH-SP2-1996-2.1-cln.swf
[ -f "$KTH" ] || { echo "bench/replay.sh: no trace at $KTH"; exit 1; }
SITE=$(mktemp -d)
trap "rm -rf \"$SITE\"" EXIT
echo "== replay of the KTH trace on 2 PCs (c1 --replay)"
build/bin/c1 --site "$SITE/kth" --replay "$KTH" --pcs 2
