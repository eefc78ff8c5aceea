/*
 * job_io.h - a job's dataset I/O requests: COS's F$OPN, F$CLS, F$RLS,
 * F$RCL and F$BIO on Open Dataset Name tables and Dataset Parameter Tables
 * (dsp.h), and C-1's handle forms of F$OPN and F$CLS with its record
 * requests C$RDR, C$WRR, C$WEF, C$REW, C$SKR (docs/system-requests.md).
 */
#ifndef C1_OS_JOB_IO_H
#define C1_OS_JOB_IO_H

#include <stddef.h>

#include "emu/cpu.h"
#include "os.h"

/* Request code (S0) with its registers in, results out.  Returns 0, -1
 * when the step must abort (message in error), or JOB_OUTPUT_BOUND_REACHED
 * (job_datasets.h).  Each word read or written is charged
 * OS_IO_CLOCKS_PER_WORD clocks. */
int job_io_request(struct os *os, struct job *job, struct cpu *cpu, unsigned code, char *error,
                   size_t size);

#endif
