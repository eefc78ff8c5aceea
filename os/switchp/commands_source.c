/*
 * commands_source.c - switchp's source view (see commands.h): the running
 * program's CAL source, found in the dropfile's $IN (the file the CAL
 * statement read), assembled again for its listing, which gives each
 * instruction's parcel address and its source line.  A file is taken only
 * when the labels its listing defines are the program's symbols at the
 * same addresses, moved by one origin (the program's load address: 0, or
 * 0200 above a Job Communication Block), so that a program loaded from
 * elsewhere gets no wrong source.  It calls only the debugger and the assembler (list, the
 * command, is in commands_state.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands_internal.h"
#include "os/cal/cal.h"
#include "os/datasets/dataset.h"

#define LOCATION_COLUMN 9
#define SOURCE_COLUMN 44

/* The parcel address in a listing line's location column, or -1. */
static long listing_parcel(const char *line, size_t length)
{
    if (length < LOCATION_COLUMN + 9)
        return -1;
    const char *p = line + LOCATION_COLUMN;
    size_t i = strspn(p, " ");
    size_t d = strspn(p + i, "01234567");
    if (d == 0 || i + d != 8 || p[8] < 'a' || p[8] > 'd')
        return -1;
    return strtol(p + i, NULL, 8) * 4 + (p[8] - 'a');
}

/* Entries of the listing of text (one file of $IN), checked against the
 * program's labels.  true when they fit. */
static bool try_file(struct switchp_session *s, const char *text, size_t length)
{
    struct cal_options options = {.models = switchp_model(s), .listing = true};
    struct cal_result result;
    memset(&result, 0, sizeof result);
    if (cal_assemble(text, length, "$IN", &options, &result) < 0 || !result.listing) {
        cal_result_free(&result);
        return false;
    }
    /* The source's lines. */
    size_t line_count = 0;
    for (size_t i = 0; i < length; i++)
        line_count += text[i] == '\n';
    const char **lines = calloc(line_count + 2, sizeof *lines);
    size_t *lengths = calloc(line_count + 2, sizeof *lengths);
    struct switchp_source_line *entries = NULL;
    size_t count = 0, capacity = 0, matched = 0, cursor = 0;
    uint64_t origin = 0;   /* parcels: the program's load address (0, or 01000 at 0200) */
    bool fits = lines && lengths;
    size_t n = 0;
    for (const char *p = text; fits && p < text + length && n <= line_count;) {
        const char *end = memchr(p, '\n', (size_t)(text + length - p));
        size_t len = end ? (size_t)(end - p) : (size_t)(text + length - p);
        lines[n] = p;
        lengths[n++] = len;
        p += len + 1;
    }
    for (const char *l = result.listing; fits && *l;) {
        size_t len = strcspn(l, "\n");
        long parcel = listing_parcel(l, len);
        if (parcel >= 0 && len > SOURCE_COLUMN) {
            const char *src = l + SOURCE_COLUMN;
            size_t src_len = len - SOURCE_COLUMN;
            /* The source line it lists: the next one with that text. */
            size_t at = cursor;
            while (at < n && (lengths[at] != src_len || memcmp(lines[at], src, src_len)))
                at++;
            if (at < n) {
                cursor = at + 1;
                if (count == capacity) {
                    capacity = capacity ? capacity * 2 : 64;
                    struct switchp_source_line *bigger =
                        realloc(entries, capacity * sizeof *entries);
                    if (!bigger) {
                        fits = false;
                        break;
                    }
                    entries = bigger;
                }
                entries[count++] = (struct switchp_source_line){(uint32_t)parcel, (int)at + 1,
                                                                lines[at], lengths[at]};
                /* A label here must be the program's, at this parcel. */
                if (src_len && isalpha((unsigned char)src[0])) {
                    char name[16];
                    size_t k = strcspn(src, " ");
                    if (k < sizeof name) {
                        memcpy(name, src, k);
                        name[k] = '\0';
                        const struct dropfile_symbol *sym = debugger_symbol(s->dbg, name);
                        if (sym && sym->attributes == 'P' && !matched &&
                            sym->value >= (uint64_t)parcel && (sym->value - parcel) % 4 == 0)
                            origin = sym->value - (uint64_t)parcel;   /* where it was loaded */
                        if (sym && sym->attributes == 'P' && sym->value == origin + (uint64_t)parcel)
                            matched++;
                        else if (sym && sym->attributes == 'P')
                            fits = false;
                    }
                }
            }
        }
        l += len + (l[len] == '\n');
    }
    free(lines);
    free(lengths);
    cal_result_free(&result);
    if (!fits || matched == 0) {
        free(entries);
        return false;
    }
    for (size_t i = 0; i < count; i++)
        entries[i].parcel += (uint32_t)origin;
    s->source_lines = entries;
    s->source_line_count = count;
    return true;
}

void switchp_source_free(struct switchp_session *s)
{
    free(s->source_lines);
    free(s->source);
    s->source_lines = NULL;
    s->source = NULL;
    s->source_line_count = 0;
}

void switchp_source_load(struct switchp_session *s)
{
    const struct dropfile *df = debugger_loaded(s->dbg);
    for (size_t i = 0; i < df->dataset_count; i++) {
        const struct dropfile_dataset *ds = &df->datasets[i];
        if (!ds->name || strcmp(ds->name, "$IN") || !ds->has_contents)
            continue;
        struct dataset in;
        struct dataset_error e;
        char *text = NULL;
        size_t length = 0;
        dataset_init(&in);
        int status = dataset_parse(&in, ds->contents, ds->contents_size, &e) ||
                     dataset_to_text(&in, 0, &text, &length, &e);
        dataset_free(&in);
        if (status) {
            free(text);
            return;
        }
        /* Each file in turn (they are separated by /EOF lines). */
        for (char *file = text; file && file < text + length;) {
            char *mark = strstr(file, "/EOF\n");
            while (mark && mark != text && mark[-1] != '\n')
                mark = strstr(mark + 1, "/EOF\n");
            size_t file_length = mark ? (size_t)(mark - file) : strlen(file);
            if (try_file(s, file, file_length)) {
                /* Keep that file alone: the lines count from its start. */
                s->source = malloc(file_length + 1);
                if (!s->source) {
                    switchp_source_free(s);
                    break;
                }
                memcpy(s->source, file, file_length);
                s->source[file_length] = '\0';
                for (size_t k = 0; k < s->source_line_count; k++)
                    s->source_lines[k].text = s->source + (s->source_lines[k].text - file);
                break;
            }
            file = mark ? mark + 5 : NULL;
        }
        free(text);
        return;
    }
}

const struct switchp_source_line *switchp_source_at(const struct switchp_session *s, uint32_t p)
{
    for (size_t i = 0; i < s->source_line_count; i++)
        if (s->source_lines[i].parcel == p)
            return &s->source_lines[i];
    return NULL;
}

const char *switchp_source_line(const struct switchp_session *s, int n, size_t *length)
{
    const char *p = s->source;
    for (int i = 1; p && *p && i < n; i++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    if (!p || !*p || n < 1)
        return NULL;
    *length = strcspn(p, "\n");
    return p;
}
