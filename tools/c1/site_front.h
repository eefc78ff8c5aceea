/*
 * site_front.h - c1 --site: a site booted and run, with its operators (the
 * console on the terminal, standard input or a script, and opcon over the
 * site's socket), the status display and its screenshots, and a progress
 * line on a terminal.  Part of c1 only.
 */
#ifndef C1_TOOLS_C1_SITE_FRONT_H
#define C1_TOOLS_C1_SITE_FRONT_H

#include <stdint.h>

struct site_options {
    const char *site;            /* the site's folder (made on first boot) */
    const char *script;          /* --script FILE: the console's commands */
    unsigned model;
    unsigned pcs;
    uint32_t memory_words;
    uint32_t max_field;          /* 0: no limit */
    int timing;
    int until_idle;              /* stop when the queue is empty and every PC idle */
    int keep_running;            /* run on at the end of input, until SHUTDOWN */
    double max_time;             /* seconds of machine time (0: no limit) */
    int display;                 /* --display: the status display's window */
    const char *screenshot_file; /* --screenshot-at CLOCKS FILE */
    uint64_t screenshot_clock;
    unsigned threads;            /* --threads: host threads running the PCs */
};

/* Boot the site and run it until it is idle, its input ends or SHUTDOWN.
 * The exit status: 0, 1 when a screenshot failed, 2 when the site could
 * not be booted. */
int run_site(const struct site_options *o);

#endif
