#!/bin/sh
# tests/e2e/crash_file.sh: the crash test (tests/e2e/crash.sh) again with
# one fsync per file (C1_FSYNC=file, the way without group commit, which
# docs/durability.md describes), at every 5th durable step.
C1_FSYNC=file CRASH_STEP=${CRASH_STEP:-5} CRASH_NAME=crash_file exec sh tests/e2e/crash.sh
