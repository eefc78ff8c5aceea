/*
 * include.c - INCLUDE: another source's lines read into pass 1 where the
 * statement stands.  The assembler reads no file itself: the caller's
 * options.include reads the named source for the one that includes it (on
 * the host c1cal reads a file from the including file's folder; in a job it
 * would be a dataset), and its lines go back to pass 1 through a->feed_line,
 * as a macro call's do.  Bounded: CAL_MAX_INCLUDE_DEPTH sources open at
 * once (so a file that includes itself stops), CAL_MAX_SOURCE_BYTES read in
 * all, and each source is checked for NUL bytes like the main one.
 *
 * May use: diag.c, lex.c.
 */
#include "cal_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The name in INCLUDE's operand: 'name' (quotes doubled inside) or the
 * operand as written.  Returns a malloc'd string, or NULL. */
static char *include_name(struct cal_asm *a, const char *operand)
{
    size_t n = strlen(operand);
    if (n == 0 || operand[0] != '\'')
        return cal_strndup(operand, n);
    struct cal_buf name = {0};
    buf_add(&name, "", 0);
    size_t at = 1;
    bool closed = false;
    while (at < n) {
        if (operand[at] == '\'') {
            if (at + 1 < n && operand[at + 1] == '\'') {
                buf_add(&name, "'", 1);
                at += 2;
                continue;
            }
            closed = at + 1 == n;
            break;
        }
        buf_add(&name, &operand[at++], 1);
    }
    if (name.failed) {
        a->out_of_memory = true;
        free(name.data);
        return NULL;
    }
    if (!closed) {
        cal_error_now(a, "O", "INCLUDE needs a name or one quoted string");
        free(name.data);
        return NULL;
    }
    return name.data;
}

void cal_source_lines(struct cal_asm *a, const char *source, size_t length, int first_line,
                      bool one_line)
{
    int line = first_line;
    for (size_t at = 0; at < length && !a->out_of_memory && !a->too_many; ) {
        const char *end = memchr(source + at, '\n', length - at);
        size_t n = end ? (size_t)(end - (source + at)) : length - at;
        const char *nul = memchr(source + at, '\0', n);
        if (nul) {
            /* Report it, and read the line as if the NUL were a blank. */
            char *copy = malloc(n + 1);
            if (!copy) {
                a->out_of_memory = true;
                return;
            }
            memcpy(copy, source + at, n);
            copy[n] = '\0';
            for (size_t i = 0; i < n; i++)
                if (copy[i] == '\0')
                    copy[i] = ' ';
            a->feed_line(a, copy, n, line);
            free(copy);
            cal_error_at(a, a->record, line, "S", "NUL byte in column %zu%s",
                         (size_t)(nul - (source + at)) + 1,
                         a->include_depth ? " of an INCLUDEd source" : "");
        } else {
            a->feed_line(a, source + at, n, line);
        }
        at += n + 1;
        if (!one_line)
            line++;
    }
}

void cal_include(struct cal_asm *a, const char *operand, int line)
{
    if (!a->extra.include) {
        cal_error_now(a, "R", "INCLUDE is not available here (%s)",
                      "this assembly was given no way to read other sources");
        return;
    }
    if (a->include_depth >= CAL_MAX_INCLUDE_DEPTH) {
        cal_error_now(a, "F", "INCLUDE nested more than %d deep (does a source include itself?)",
                      CAL_MAX_INCLUDE_DEPTH);
        return;
    }
    char *name = include_name(a, operand);
    if (!name)
        return;
    if (!name[0]) {
        cal_error_now(a, "O", "INCLUDE needs the name of a source");
        free(name);
        return;
    }
    const char *from = a->include_depth ? a->include_path[a->include_depth - 1] : a->file_name;
    char *text = NULL, *path = NULL;
    size_t length = 0;
    char error[256] = "";
    int status = a->extra.include(a->extra.include_context, from ? from : "", name, &text,
                                    &length, &path, error, sizeof error);
    if (status != 0) {
        cal_error_now(a, "O", "INCLUDE %s: %s", name, error[0] ? error : "cannot be read");
        free(text);
        free(path);
        free(name);
        return;
    }
    free(name);
    if (length > CAL_MAX_SOURCE_BYTES - a->source_bytes) {
        cal_error_now(a, "F", "INCLUDE %s: more than %d bytes of source in all", path ? path : "",
                      CAL_MAX_SOURCE_BYTES);
        free(text);
        free(path);
        return;
    }
    a->source_bytes += length;
    a->include_path[a->include_depth++] = path;
    /* Its lines are reported at the INCLUDE statement's line. */
    cal_source_lines(a, text, length, line, true);
    a->include_path[--a->include_depth] = NULL;
    free(path);
    free(text);
}
