/*
 * job_datasets.h - a job's datasets as its control statements and system
 * requests use them: $IN (the deck's data files), $OUT, $CS, $BLD and the
 * local and permanent datasets, over os/datasets/dataset.h and os/datasets/pds.h.
 */
#ifndef C1_OS_JOB_DATASETS_H
#define C1_OS_JOB_DATASETS_H

#include <stddef.h>
#include <stdint.h>

#include "emu/cpu.h"
#include "deck.h"
#include "os.h"

struct dropfile;

/* $IN from the deck's data files, $OUT, $CS.  0 or -1. */
int job_datasets_create(struct os *os, struct job *job);
void job_datasets_free(struct job *job);

/* CAL's source: dataset dn, or (dn NULL) the next file of $IN, as text
 * (malloc'd).  0, or -1 with the reason. */
int job_source_text(struct job *job, const char *dn, char **text, size_t *length, char *error,
                    size_t size);

/* The deck line where the next file of $IN begins (the file CAL with no
 * I= reads), or 0 when it is not known: $IN not at the start of a file,
 * or a job restarted from a dropfile, which carries no deck. */
int job_in_deck_line(struct job *job);

/* A binary (an executable) into dataset dn, replacing it; from dataset dn. */
int job_store_binary(struct job *job, const char *dn, const uint8_t *bytes, size_t length);
int job_load_binary(struct job *job, const char *dn, uint8_t **bytes, size_t *length, char *error,
                    size_t size);
int job_has_dataset(const struct job *job, const char *dn);

/* Records the job has written to $OUT (what OLM limits). */
uint64_t job_output_records(const struct job *job);

/* The output bound of the job's class: bytes it may write to its datasets
 * ($OUT and the others, over its run), and bytes of its log. */
uint64_t job_output_bound(const struct os *os, const struct job *job);
uint64_t job_log_bound(const struct os *os, const struct job *job);
/* What job_dataset_statement and job_dataset_request return when the job
 * has reached its output bound (error holds the OL001 message): the caller
 * ends the job, its output so far kept. */
#define JOB_OUTPUT_BOUND_REACHED 2

/* ACCESS, SAVE, DELETE, RELEASE, ASSIGN, REWIND, COPYF, COPYR, COPYD, SKIPF,
 * SKIPR.  Returns 1 if the verb is one of them and succeeded, 0 if the verb
 * is not a dataset verb, -1 if it failed (message code and text in error),
 * or -JOB_OUTPUT_BOUND_REACHED.  Records copied are charged as I/O. */
int job_dataset_statement(struct os *os, struct job *job, const struct deck_statement *statement,
                          char *error, size_t size);

/* $OUT as text, for the job's output file. */
int job_output_text(const struct job *job, struct text *out);

/* F$OPN, F$CLS and C-1's record I/O (docs/system-requests.md): registers in,
 * results out.  Returns 0, -1 when the step must abort (message in error),
 * or JOB_OUTPUT_BOUND_REACHED.  Each record read or written is charged
 * OS_IO_CLOCKS_PER_WORD clocks a word moved. */
int job_dataset_request(struct os *os, struct job *job, struct cpu *cpu, unsigned code,
                        char *error, size_t size);

/* The job's datasets into a dropfile, and back. */
int job_datasets_to_dropfile(const struct job *job, struct dropfile *df);
int job_datasets_from_dropfile(struct os *os, struct job *job, const struct dropfile *df);

/* Current hash of a permanent dataset (for restart checks): 0, or -1. */
int job_permanent_hash(void *os, const char *owner, const char *name, const char *id,
                       uint64_t *hash);

#endif
