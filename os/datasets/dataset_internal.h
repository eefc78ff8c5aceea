/*
 * dataset_internal.h - what dataset.c and dataset_bytes.c share.  Not a
 * public header.
 */
#ifndef C1_OS_DATASET_INTERNAL_H
#define C1_OS_DATASET_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "dataset.h"

void dataset_free_files(struct dataset_file *files, size_t count);
bool dataset_file_closed(const struct dataset *ds, size_t file);

#endif
