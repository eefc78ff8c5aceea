/*
 * monitor.h - c1 --bare IMAGE -i: an interactive monitor over the bare
 * machine, as SIMH's console is over its simulators: EXAMINE and DEPOSIT a
 * register or a word of the field, STEP, GO, BREAK at a parcel address,
 * PC to choose the processor.  Commands come from in (a terminal or a
 * script) and everything goes to out.  Part of c1 only.
 */
#ifndef C1_TOOLS_C1_MONITOR_H
#define C1_TOOLS_C1_MONITOR_H

#include <stdint.h>
#include <stdio.h>

#include "emu/machine.h"

/* Run commands until QUIT or the end of in.  0, or 2 when the monitor
 * cannot be made. */
int bare_monitor(struct machine *machine, uint64_t max_cycles, FILE *in, FILE *out);

#endif
