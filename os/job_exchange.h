/*
 * job_exchange.h - a running job's PC stopped for the monitor: at an
 * exchange, or at its CPU-time limit.
 */
#ifndef C1_OS_JOB_EXCHANGE_H
#define C1_OS_JOB_EXCHANGE_H

#include "os.h"

/* Its PC stopped for the monitor: serve the request or end the step. */
void job_exchange(struct os *os, struct job *job);

/* Its time limit was reached at an instruction boundary. */
void job_time_limit(struct os *os, struct job *job);

#endif
