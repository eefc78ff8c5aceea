/*
 * deck.c - job deck parsing (see deck.h).
 *
 * Message codes C-1 uses (COS's own text where it is known, cos-interface.md):
 *   CC001 control statement terminator missing (COS)
 *   CC002 statement longer than 80 characters
 *   CC003 invalid character in a control statement
 *   CC004 literal not terminated
 *   CC005 verb missing or invalid
 *   CC006 unbalanced parentheses
 *   CC007 continuation at the end of the control statements
 */
#include "deck.h"
#include "os/rules/names.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_error(struct deck_error *error, int line, const char *code, const char *format, ...)
{
    if (!error)
        return;
    error->line = line;
    snprintf(error->code, sizeof error->code, "%s", code);
    va_list args;
    va_start(args, format);
    vsnprintf(error->message, sizeof error->message, format, args);
    va_end(args);
}

static char *copy_range(const char *text, size_t length)
{
    char *s = malloc(length + 1);
    if (s) {
        memcpy(s, text, length);
        s[length] = '\0';
    }
    return s;
}

/* The alphabet of names: os/rules, the same the dropfile reader holds names to. */
static bool name_char(int c) { return rules_deck_name_char(c); }

static bool value_char(int c) { return name_char(c) || c == '+' || c == '-' || c == '/'; }

/* ---- a statement ---------------------------------------------------------------- */

struct scanner {
    const char *text;
    size_t at, length;
};

static int peek(struct scanner *s)
{
    while (s->at < s->length && (s->text[s->at] == ' ' || s->text[s->at] == '\t'))
        s->at++;
    return s->at < s->length ? (unsigned char)s->text[s->at] : -1;
}

/* A run of characters accepted by ok, blanks skipped and upper-cased, or a
 * quoted literal (kept as written, quotes removed, '' made '). */
static char *scan_item(struct scanner *s, bool (*ok)(int), int line, struct deck_error *error,
                       bool *failed)
{
    char buf[DECK_LINE_MAX * 8];
    size_t n = 0;
    *failed = false;
    int c = peek(s);
    if (c == '\'') {
        s->at++;
        for (;;) {
            if (s->at >= s->length) {
                set_error(error, line, "CC004", "LITERAL NOT TERMINATED");
                *failed = true;
                return NULL;
            }
            char ch = s->text[s->at++];
            if (ch == '\'') {
                if (s->at < s->length && s->text[s->at] == '\'') {
                    s->at++;
                } else {
                    break;
                }
            }
            if (n < sizeof buf - 1)
                buf[n++] = ch;
        }
        return copy_range(buf, n);
    }
    bool number = true;   /* so far only digits: a '.' before a digit is a decimal point */
    while ((c = peek(s)) >= 0) {
        bool point = c == '.' && ok == value_char && number && n > 0 && s->at + 1 < s->length &&
                     isdigit((unsigned char)s->text[s->at + 1]);
        if (!ok(c) && !point)
            break;
        if (!isdigit(c))
            number = false;
        if (n < sizeof buf - 1)
            buf[n++] = (char)toupper(c);
        s->at++;
    }
    return copy_range(buf, n);
}

static int add_value(struct deck_parameter *p, char *value)
{
    char **values = realloc(p->values, sizeof *values * (size_t)(p->value_count + 1));
    if (!values) {
        free(value);
        return -1;
    }
    p->values = values;
    p->values[p->value_count++] = value;
    return 0;
}

/* A character for a message: itself if printable, else '?' (a control
 * character of a hostile deck must not reach a terminal or a log). */
static int shown(int c)
{
    return c >= 32 && c < 127 ? c : '?';
}

static int parse_parameter(struct scanner *s, int line, struct deck_parameter *p,
                           struct deck_error *error)
{
    bool failed;
    memset(p, 0, sizeof *p);
    p->keyword = scan_item(s, name_char, line, error, &failed);
    if (failed || !p->keyword)
        return -1;
    if (!p->keyword[0]) {
        int c = peek(s);
        set_error(error, line, "CC003", "INVALID CHARACTER '%c' IN CONTROL STATEMENT", shown(c));
        return -1;
    }
    if (peek(s) != '=')
        return 0;
    s->at++;
    for (;;) {
        char *value = scan_item(s, value_char, line, error, &failed);
        if (failed || !value || add_value(p, value))
            return -1;
        if (peek(s) != ':')
            return 0;
        s->at++;
    }
}

static void parameter_free(struct deck_parameter *p)
{
    free(p->keyword);
    for (int v = 0; v < p->value_count; v++)
        free(p->values[v]);
    free(p->values);
}

void deck_statement_free(struct deck_statement *st)
{
    free(st->text);
    free(st->verb);
    free(st->argument);
    for (int i = 0; i < st->parameter_count; i++)
        parameter_free(&st->parameters[i]);
    free(st->parameters);
    free(st->comment);
    memset(st, 0, sizeof *st);
}

/* VERB(...) : the argument up to the matching parenthesis, blanks removed. */
static int parse_argument(struct scanner *s, int line, struct deck_statement *st,
                          struct deck_error *error)
{
    s->at++;   /* ( */
    char buf[DECK_LINE_MAX * 8];
    size_t n = 0;
    int depth = 1;
    bool quoted = false;
    while (s->at < s->length) {
        char c = s->text[s->at++];
        if (c == '\'')
            quoted = !quoted;
        if (!quoted) {
            if (c == ' ' || c == '\t')
                continue;
            if (c == '(')
                depth++;
            if (c == ')' && --depth == 0) {
                st->argument = copy_range(buf, n);
                return st->argument ? 0 : -1;
            }
            c = (char)toupper((unsigned char)c);
        }
        if (n < sizeof buf - 1)
            buf[n++] = c;
    }
    set_error(error, line, quoted ? "CC004" : "CC006",
              quoted ? "LITERAL NOT TERMINATED" : "UNBALANCED PARENTHESES");
    return -1;
}

int deck_parse_statement(const char *text, int line, struct deck_statement *st,
                         struct deck_error *error)
{
    memset(st, 0, sizeof *st);
    st->line = line;
    st->text = copy_range(text, strlen(text));
    struct scanner s = {text, 0, strlen(text)};
    bool failed;
    st->verb = scan_item(&s, name_char, line, error, &failed);
    /* A verb is a name; one beginning with '$' names a local dataset ($ABD.). */
    if (!st->text || failed || !st->verb || !st->verb[0] ||
        (!isalpha((unsigned char)st->verb[0]) && st->verb[0] != '$')) {
        if (!failed)
            set_error(error, line, "CC005", "VERB MISSING OR INVALID IN '%.60s'", text);
        deck_statement_free(st);
        return -1;
    }
    if (peek(&s) == '(') {
        if (parse_argument(&s, line, st, error)) {
            deck_statement_free(st);
            return -1;
        }
        /* VERB(...) ends at its ')' as well as at a '.' (COS: set(J1=144)). */
        if (peek(&s) < 0) {
            st->comment = copy_range("", 0);
            if (st->comment)
                return 0;
            deck_statement_free(st);
            return -1;
        }
    }
    for (;;) {
        int c = peek(&s);
        if (c == '.') {
            s.at++;
            const char *rest = text + s.at;
            while (*rest == ' ')
                rest++;
            st->comment = copy_range(rest, strlen(rest));
            return st->comment ? 0 : -1;
        }
        if (c < 0) {
            set_error(error, line, "CC001", "CONTROL STATEMENT TERMINATOR MISSING");
            break;
        }
        if (c != ',') {
            set_error(error, line, "CC003", "INVALID CHARACTER '%c' IN CONTROL STATEMENT", shown(c));
            break;
        }
        s.at++;
        struct deck_parameter *ps =
            realloc(st->parameters, sizeof *ps * (size_t)(st->parameter_count + 1));
        if (!ps)
            break;
        st->parameters = ps;
        if (parse_parameter(&s, line, &st->parameters[st->parameter_count], error)) {
            parameter_free(&st->parameters[st->parameter_count]);
            break;
        }
        st->parameter_count++;
    }
    deck_statement_free(st);
    return -1;
}

const char *deck_value(const struct deck_statement *st, const char *keyword, int *present)
{
    for (int i = 0; i < st->parameter_count; i++) {
        if (!strcmp(st->parameters[i].keyword, keyword)) {
            if (present)
                *present = 1;
            return st->parameters[i].value_count ? st->parameters[i].values[0] : NULL;
        }
    }
    if (present)
        *present = 0;
    return NULL;
}

/* ---- a deck -------------------------------------------------------------------------- */

struct line_reader {
    const char *text;
    size_t at, length;
    int number;
};

/* The next line without its end (\n or \r\n); NULL at the end. */
static const char *next_line(struct line_reader *r, size_t *length)
{
    if (r->at >= r->length)
        return NULL;
    const char *start = r->text + r->at;
    const char *end = memchr(start, '\n', r->length - r->at);
    size_t n = end ? (size_t)(end - start) : r->length - r->at;
    r->at += n + (end ? 1 : 0);
    if (n > 0 && start[n - 1] == '\r')
        n--;
    r->number++;
    *length = n;
    return start;
}

static bool is_blank(const char *line, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (line[i] != ' ' && line[i] != '\t')
            return false;
    return true;
}

static bool is_eof_line(const char *line, size_t n)
{
    while (n > 0 && line[n - 1] == ' ')
        n--;
    return n == 4 && !strncmp(line, "/EOF", 4);
}

static int add_statement(struct deck *deck, const struct deck_statement *st)
{
    struct deck_statement *all =
        realloc(deck->statements, sizeof *all * (size_t)(deck->statement_count + 1));
    if (!all)
        return -1;
    deck->statements = all;
    deck->statements[deck->statement_count++] = *st;
    return 0;
}

static int add_record(struct deck_file *file, const char *line, size_t n)
{
    char **lines = realloc(file->lines, sizeof *lines * (file->count + 1));
    if (!lines)
        return -1;
    file->lines = lines;
    if (!(file->lines[file->count] = copy_range(line, n)))
        return -1;
    file->count++;
    return 0;
}

int deck_parse(const char *text, size_t length, struct deck *deck, struct deck_error *error)
{
    memset(deck, 0, sizeof *deck);
    if (error)
        memset(error, 0, sizeof *error);
    struct line_reader r = {text, 0, length, 0};
    const char *line;
    size_t n;
    char joined[DECK_LINE_MAX * 8 + 1];
    size_t used = 0;
    int first_line = 0;
    bool in_data = false;

    while ((line = next_line(&r, &n))) {
        if (in_data) {
            if (is_eof_line(line, n)) {
                struct deck_file *files =
                    realloc(deck->files, sizeof *files * (size_t)(deck->file_count + 1));
                if (!files)
                    goto fail;
                deck->files = files;
                memset(&deck->files[deck->file_count], 0, sizeof *files);
                deck->files[deck->file_count++].first_line = r.number + 1;
                continue;
            }
            if (add_record(&deck->files[deck->file_count - 1], line, n))
                goto fail;
            continue;
        }
        if (is_eof_line(line, n)) {
            if (used) {
                set_error(error, first_line, "CC007",
                          "CONTINUATION AT THE END OF THE CONTROL STATEMENTS");
                goto fail;
            }
            in_data = true;
            deck->files = calloc(1, sizeof *deck->files);
            if (!deck->files)
                goto fail;
            deck->file_count = 1;
            deck->files[0].first_line = r.number + 1;
            continue;
        }
        if (n > DECK_LINE_MAX) {
            set_error(error, r.number, "CC002", "STATEMENT LONGER THAN %d CHARACTERS",
                      DECK_LINE_MAX);
            goto fail;
        }
        if (!used && (is_blank(line, n) || line[0] == '*'))
            continue;   /* comment or blank line */
        if (!used)
            first_line = r.number;
        size_t keep = n;
        while (keep > 0 && line[keep - 1] == ' ')
            keep--;
        bool continued = keep > 0 && line[keep - 1] == '^';
        if (continued)
            keep--;
        if (used + keep >= sizeof joined) {
            set_error(error, first_line, "CC002", "STATEMENT TOO LONG");
            goto fail;
        }
        memcpy(joined + used, line, keep);
        used += keep;
        joined[used] = '\0';
        if (continued)
            continue;
        struct deck_statement st;
        if (deck_parse_statement(joined, first_line, &st, error))
            goto fail;
        if (add_statement(deck, &st)) {
            deck_statement_free(&st);
            goto fail;
        }
        used = 0;
    }
    if (used) {
        set_error(error, first_line, "CC007", "CONTINUATION AT THE END OF THE CONTROL STATEMENTS");
        goto fail;
    }
    /* A trailing /EOF leaves an empty last file: it is the end, not a file. */
    if (deck->file_count > 0 && deck->files[deck->file_count - 1].count == 0) {
        free(deck->files[deck->file_count - 1].lines);
        deck->file_count--;
    }
    return 0;
fail:
    if (error && !error->code[0])
        set_error(error, r.number, "CC000", "OUT OF MEMORY");
    deck_free(deck);
    return -1;
}

void deck_free(struct deck *deck)
{
    for (int i = 0; i < deck->statement_count; i++)
        deck_statement_free(&deck->statements[i]);
    free(deck->statements);
    for (int f = 0; f < deck->file_count; f++) {
        for (size_t l = 0; l < deck->files[f].count; l++)
            free(deck->files[f].lines[l]);
        free(deck->files[f].lines);
    }
    free(deck->files);
    memset(deck, 0, sizeof *deck);
}
