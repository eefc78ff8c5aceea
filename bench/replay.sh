#!/bin/sh
# bench/replay.sh [JOBS|all]: the KTH SP2 trace replayed through the batch
# OS on 2 PCs at the default time scale, on a disk (a folder under
# /var/tmp, not /dev/shm: fsyncs must cost what they cost), twice in one
# run: with group commit (the default: one commit per scheduling slice) and
# with one fsync per file (C1_FSYNC=file, as before group commit).  Prints
# each run's jobs/s and fsyncs/job, and the ratio of the two.
#   sh bench/replay.sh            the first 3000 jobs (make bench)
#   sh bench/replay.sh all        the whole trace (28,476 jobs), group commit
#                                 only; aim: <= 3 minutes of host time
# The trace is kept gzip-compressed (data/traces/); it is decompressed into
# the temporary folder first.
set -e
KTH_GZ=data/traces/KTH-SP2-1996-2.1-cln.swf.gz
[ -f "$KTH_GZ" ] || { echo "bench/replay.sh: no trace at $KTH_GZ"; exit 1; }
JOBS=${1:-3000}
DISK=$(mktemp -d -p "${BENCH_DISK:-/var/tmp}")
trap "rm -rf \"$DISK\"" EXIT
KTH=$DISK/KTH-SP2-1996-2.1-cln.swf
gzip -dc "$KTH_GZ" > "$KTH"

# run NAME ENV...: one replay on a fresh site; its last two lines kept
run() {
    name=$1
    shift
    if [ "$JOBS" = all ]; then
        env "$@" build/bin/c1 --site "$DISK/$name" --replay "$KTH" --pcs 2 >"$DISK/$name.out"
    else
        env "$@" build/bin/c1 --site "$DISK/$name" --replay "$KTH" --pcs 2 --jobs "$JOBS" >"$DISK/$name.out"
    fi
    rm -rf "${DISK:?}/$name"
}

if [ "$JOBS" = all ]; then
    echo "== replay of the whole KTH trace on 2 PCs, group commit (c1 --replay, on $(df -P "$DISK" | awk 'NR == 2 { print $1 }'))"
    run group C1_FSYNC=group
    cat "$DISK/group.out"
    exit 0
fi

echo "== replay of the first $JOBS jobs of the KTH trace on 2 PCs: group commit vs a fsync per file"
run group C1_FSYNC=group
run file C1_FSYNC=file
for name in group file; do
    awk -v name="$name" '
        /^host time/ { rate = $5; sub(/\(/, "", rate); secs = $3 }
        /^fsyncs/ { per = $3; sub(/\(/, "", per); fs = $2; commits = $(NF - 1) }
        END { printf "%-6s %8s s %8s jobs/s %8s fsyncs %6s fsyncs/job %7s commits\n", name, secs, rate, fs, per, commits }' \
        "$DISK/$name.out"
done
awk '/^host time/ { t[FILENAME] = $3 } END { for (f in t) if (f ~ /group/) g = t[f]; else p = t[f];
     if (g > 0) printf "group commit: %.2fx the jobs/s of a fsync per file\n", p / g }' \
    "$DISK/group.out" "$DISK/file.out"
# The replays' reports (everything but the host time and fsyncs) must agree.
grep -v -e '^host time' -e '^fsyncs' "$DISK/group.out" >"$DISK/group.report"
grep -v -e '^host time' -e '^fsyncs' "$DISK/file.out" >"$DISK/file.report"
cmp -s "$DISK/group.report" "$DISK/file.report" && echo "the two replays' reports are identical" ||
    { echo "bench/replay.sh: the two replays' reports differ"; exit 1; }
