/*
 * bare.h - c1 --bare: an image run on the bare machine, without an OS, each
 * PC to its first exit, and its registers printed (as text or JSON), with
 * every instruction's issue traced on request.  Part of c1 only.
 */
#ifndef C1_TOOLS_C1_BARE_H
#define C1_TOOLS_C1_BARE_H

#include <stdint.h>

struct bare_options {
    const char *image;        /* an executable (c1cal's) or a raw image */
    unsigned model;           /* MODEL_CRAY1 or MODEL_XMP */
    uint32_t memory_words;
    unsigned pcs;             /* each gets memory/pcs words, rounded down to 16 */
    uint64_t max_cycles;
    int json;                 /* one JSON object per PC instead of text */
    int trace;                /* every instruction's issue, held by, result */
    int timing;               /* the timing model (else one clock a parcel) */
    int interactive;          /* -i: the monitor (monitor.h) instead of a run */
    unsigned threads;         /* --threads: host threads running the PCs */
};

/* Run it and print the outcome.  The exit status: 0 when every PC made a
 * normal exit, 1 otherwise, 2 when the image or machine could not be had. */
int run_bare(const struct bare_options *o);

#endif
