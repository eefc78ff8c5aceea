/*
 * replay_command.h - the `c1 --site DIR --replay TRACE.swf` front end
 * (replay_command.c).  c1 parses the command line (its options for a site
 * and the replay's) and hands the result over here.
 */
#ifndef C1_TOOLS_REPLAY_COMMAND_H
#define C1_TOOLS_REPLAY_COMMAND_H

#include "os/os.h"
#include "os/replay/replay.h"

struct replay_command {
    const char *site;
    const char *trace;           /* --replay */
    const char *report;          /* --report FILE.csv, or NULL */
    const char *jobs_csv;        /* --jobs-csv FILE.csv, or NULL */
    struct os_config config;     /* the site's machine */
    struct replay_options replay;
    /* The live display (c1 --display), or all NULL: open it on the booted
     * site, show each stretch of the replay, close it. */
    void *(*watch_open)(struct os *os, char *error, size_t size);
    void (*watch)(void *watcher);
    void (*watch_close)(void *watcher);
};

/* Read the trace, boot the site, run the replay, print the report.  The
 * exit status: 0, 1 when a job did not end, 2 on bad input. */
int replay_command(const struct replay_command *command);

#endif
