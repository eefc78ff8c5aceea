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
#include "os/datasets/dataset.h"

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

/* Handles are 1 to JOB_MAX_HANDLES - 1. */
#define JOB_MAX_HANDLES 64

/* The job's dataset of that name (any case), or NULL. */
struct dataset *job_dataset_find(const struct job *job, const char *name);
/* The open dataset a program names by its handle (1 $IN, 2 $OUT, 3-63
 * given by F$OPN), or NULL; a dataset's handle, or 0. */
struct dataset *job_dataset_by_handle(const struct job *job, uint64_t handle);
unsigned job_dataset_handle(const struct dataset *ds);
/* Open dataset name for mode (DATASET_READ and/or DATASET_WRITE), created
 * empty if it is written and not there, with a handle: 0 (*opened set),
 * -1 no such dataset, -2 a bad name or mode, -3 not allowed (written but
 * read-only, $IN written or $OUT read, or no handle left).  A dataset
 * open already keeps its handle and its direction, and gains mode's. */
int job_dataset_open(struct job *job, const char *name, unsigned mode, struct dataset **opened);
/* RELEASE of one dataset ($IN, $OUT, $CS refused).  0 or -1. */
int job_dataset_release(struct job *job, const char *name, struct dataset_error *error);
/* Record I/O costs the job OS_IO_CLOCKS_PER_WORD clocks a word it moves. */
void job_charge_io(struct os *os, struct job *job, uint64_t bytes);
/* The OL001 message in error; returns JOB_OUTPUT_BOUND_REACHED. */
int job_output_bound_reached(const struct os *os, const struct job *job, char *error, size_t size);
/* The job's datasets into a dropfile, and back. */
int job_datasets_to_dropfile(const struct job *job, struct dropfile *df);
int job_datasets_from_dropfile(struct os *os, struct job *job, const struct dropfile *df);

/* Current hash of a permanent dataset (for restart checks): 0, or -1. */
int job_permanent_hash(void *os, const char *owner, const char *name, const char *id,
                       uint64_t *hash);

#endif
