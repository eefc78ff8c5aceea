#!/bin/sh
# bench/replay.sh: the whole KTH SP2 trace (28,476 jobs) replayed through the
# batch OS on 2 PCs at the default time scale; the report ends with the
# host time it took.
# The trace is kept gzip-compressed (data/traces/); it is decompressed into
# the temporary folder first.
set -e
KTH_GZ=data/traces/KTH-SP2-1996-2.1-cln.swf.gz
[ -f "$KTH_GZ" ] || { echo "bench/replay.sh: no trace at $KTH_GZ"; exit 1; }
SITE=$(mktemp -d)
trap "rm -rf \"$SITE\"" EXIT
KTH=$SITE/KTH-SP2-1996-2.1-cln.swf
gzip -dc "$KTH_GZ" > "$KTH"
echo "== replay of the KTH trace on 2 PCs (c1 --replay)"
build/bin/c1 --site "$SITE/kth" --replay "$KTH" --pcs 2
