/*
 * submit.c - a deck checked and queued (see submit.h).
 */
#include "submit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deck.h"
#include "os/disk/disk.h"
#include "site.h"

int64_t submit_deck(const char *root, const char *text, size_t length, char *error, size_t size)
{
    if (length > SUBMIT_DECK_MAX) {
        snprintf(error, size, "JB002 DECK LONGER THAN %u BYTES", SUBMIT_DECK_MAX);
        return -1;
    }
    struct deck parsed;
    struct deck_error deck_error;
    if (deck_parse(text, length, &parsed, &deck_error)) {
        snprintf(error, size, "line %d: %s %s", deck_error.line, deck_error.code,
                 deck_error.message);
        return -1;
    }
    int first_is_job = parsed.statement_count > 0 && !strcmp(parsed.statements[0].verb, "JOB");
    deck_free(&parsed);
    if (!first_is_job) {
        snprintf(error, size, "JB001 JOB STATEMENT MISSING");
        return -1;
    }
    return site_queue_deck(root, text, length, error, size);
}

int64_t submit_deck_file(const char *root, const char *path, char *error, size_t size)
{
    size_t length;
    char *text = disk_read_all(path, SUBMIT_DECK_MAX, &length);
    if (!text) {
        snprintf(error, size, "cannot read %s: %s", path,
                 errno == EFBIG ? "longer than a deck may be" : strerror(errno));
        return -1;
    }
    int64_t sequence = submit_deck(root, text, length, error, size);
    free(text);
    return sequence;
}
