/*
 * deck.h - job decks: the text a user submits, cut into its control
 * statements (the first file, which becomes the job's $CS) and its data
 * files (the rest of $IN), with every statement parsed into its verb and
 * parameters by the COS rules (docs/job-control.md, docs/job-interface.md):
 *
 *   VERB,KEYWORD=value,KEYWORD=v1:v2,FLAG.  comment
 *   IF(J1.GT.0).    SET(J1=J1-1).        * a comment line
 *
 * Files are separated by a line holding only `/EOF`.  A statement may run
 * over several lines, each but the last ending in `^`.  Blanks are ignored
 * outside quoted literals ('...', with '' for a quote); lower case means the
 * same as upper case (literals keep theirs).  Text after the terminating
 * period is a comment.  Lines are at most 80 characters.
 *
 * The parser knows no verbs: the control-statement processor (os/csp.c)
 * decides what a statement means; a deck error here (unterminated
 * statement, bad character, ...) carries its COS-style message code.
 */
#ifndef C1_OS_DECK_H
#define C1_OS_DECK_H

#include <stddef.h>

#define DECK_LINE_MAX 80

struct deck_parameter {
    char *keyword;      /* upper case; for a positional parameter, its text */
    char **values;      /* values after '=', split at ':' (upper case unless quoted) */
    int value_count;    /* 0: a bare keyword such as UQ or T */
};

struct deck_statement {
    int line;                        /* first source line in the deck (1-based) */
    char *text;                      /* the statement as written (joined continuation lines) */
    char *verb;                      /* upper case */
    char *argument;                  /* the text inside VERB(...), blanks removed; or NULL */
    struct deck_parameter *parameters;
    int parameter_count;
    char *comment;                   /* text after the terminator, or "" */
};

struct deck_file {
    char **lines;       /* the records of a data file, as written */
    size_t count;
    int first_line;     /* the deck line of its first record (1-based) */
};

struct deck {
    struct deck_statement *statements;
    int statement_count;
    struct deck_file *files;         /* data files after the control statements */
    int file_count;
};

struct deck_error {
    int line;
    char code[6];       /* e.g. "CC001" */
    char message[160];
};

/* Parse a deck.  Returns 0, or -1 with *error filled (the first error:
 * a deck with an error is rejected whole, as COS rejected it). */
int deck_parse(const char *text, size_t length, struct deck *deck, struct deck_error *error);

/* Parse one statement (no continuation handling); used for statements
 * built by the OS (e.g. SUBMIT) and by tests. */
int deck_parse_statement(const char *text, int line, struct deck_statement *statement,
                         struct deck_error *error);

void deck_statement_free(struct deck_statement *statement);
void deck_free(struct deck *deck);

/* The first value of a keyword parameter, NULL if absent; *present tells a
 * bare keyword (present, no value) from an absent one. */
const char *deck_value(const struct deck_statement *statement, const char *keyword, int *present);

#endif
