/*
 * names.h - the rules for COS values, in one place: what a job name, a user,
 * an account, a job class, a device, a dataset name, a permanent dataset
 * name, an output name, a site name, a job id, a line of text may be, and the
 * bounds of the counts a job may ask for.  A deck (os/deck.c), the permanent
 * dataset store (os/datasets/pds.c) and the dropfile reader (the rule column
 * of os/dropfile/dropfile_fields.def) check with the same functions, so that
 * a value refused in a deck is refused in a dropfile too.
 *
 * The lowest layer beside emu/: it uses nothing of C-1.  No value that passes
 * a name rule holds a '/', a "..", a blank, a control character or a NUL, so
 * a name may be used in a path or a log line as it is.
 */
#ifndef C1_OS_RULES_NAMES_H
#define C1_OS_RULES_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds a site holds every job to (deck and dropfile alike). */
#define RULES_JOB_NAME_MAX 7          /* JN */
#define RULES_USER_MAX 15             /* US */
#define RULES_ACCOUNT_MAX 15          /* AC */
#define RULES_CLASS_MAX 7             /* CL */
#define RULES_DEVICE_MAX 7            /* *NAME= */
#define RULES_DATASET_MAX 15          /* DN */
#define RULES_PDS_NAME_MAX 64         /* owner, PDN, ID of a permanent dataset */
#define RULES_OUTPUT_NAME_MAX 31      /* NNNNNN.NAME, clones NAME-k */
#define RULES_SITE_MAX 15
#define RULES_JOB_ID_MAX 31
#define RULES_SYMBOL_MAX 63           /* a job symbol's or a program symbol's name */
#define RULES_PRIORITY_MAX 15         /* P */
#define RULES_DEVICE_UNITS_MAX 64     /* *TAPE=n */
#define RULES_DEVICES_MAX 8           /* reservations per job */
#define RULES_FIELD_WORDS_MAX (UINT32_C(1) << 24)   /* the largest memory, 16 M words */
#define RULES_NESTING_MAX 64          /* the job stack's saved IF/LOOP state, in values */
#define RULES_STATEMENTS_MAX 65536    /* control statements of one job */
#define RULES_SECONDS_MAX 1000000     /* T=: at most this many seconds (about 11.6 days) */
#define RULES_SECONDS_DIGITS 16       /* T=: at most this many characters */

enum rules_rule {
    RULE_ANY = 0,        /* nothing beyond the format's own checks */
    /* names */
    RULE_JOB_NAME,       /* 1-7 letters and digits, the first a letter */
    RULE_USER,           /* 1-15 letters and digits, the first a letter */
    RULE_ACCOUNT,        /* 1-15 letters, digits and $ @ % * # + - */
    RULE_CLASS,          /* 1-7 letters and digits, the first a letter */
    RULE_DEVICE,         /* 1-7 letters and digits, the first a letter */
    RULE_DATASET,        /* 1-15 letters, digits and $ @ %, the first a letter or $ */
    RULE_PDS_NAME,       /* 1-64 letters, digits and $ @ % _ -, not first - */
    RULE_OUTPUT_NAME,    /* [digits.]JOBNAME[-digits]..., at most 31 characters */
    RULE_SITE,           /* 1-15 letters, digits and - _ ., the first a letter or digit, no .. */
    RULE_JOB_ID,         /* 1-31 letters, digits and -, the first a letter or digit */
    RULE_SYMBOL,         /* 1-63 printable characters, no blank, no / */
    /* text */
    RULE_LINE,           /* one line: no control character but tab */
    RULE_TEXT,           /* lines: no control character but newline and tab */
    /* numbers */
    RULE_PRIORITY,       /* 0-15 */
    RULE_DEVICE_UNITS,   /* 0-64 */
    RULE_WORD24,         /* a 24-bit register: 0-077777777 */
    RULE_MODES,          /* the 9 mode bits: 0-0777 */
    RULE_FIELD_WORDS,    /* 0-16777216 */
    RULE_COUNT           /* sentinel */
};

/* Does s keep the name or text rule?  true, or false with why filled
 * ("1-7 letters and digits, the first a letter", "holds a control
 * character (0x0A at 5)", ...).  NULL reads as "". */
bool rules_check_text(enum rules_rule rule, const char *s, char *why, size_t size);
/* Does v keep the number rule?  true, or false with why ("more than 64"). */
bool rules_check_number(enum rules_rule rule, uint64_t v, char *why, size_t size);
/* The rule in words ("1-7 letters and digits, the first a letter"). */
const char *rules_describe(enum rules_rule rule);
/* Is the rule one of the text rules (else a number rule, or RULE_ANY)? */
bool rules_is_text(enum rules_rule rule);

/* Numbers a deck writes, read by these rules alone (never strtol, which
 * takes "0x10", "-1", " 7" and wraps).  A count is decimal digits only
 * (no sign, no blank, no base prefix), at most max, never overflowing:
 * true with *value, or false.  A time is decimal seconds, digits with at
 * most one '.', at least one digit, more than 0 and at most
 * RULES_SECONDS_MAX: true with *seconds, or false. */
bool rules_decimal_count(const char *s, uint64_t max, uint64_t *value);
bool rules_seconds(const char *s, double *seconds);
/* A field length of a deck (MFL=, MEMORY,FL=): a decimal count 1 to
 * RULES_FIELD_WORDS_MAX words. */
bool rules_field_length(const char *s, uint64_t *words);

/* The single checks, for callers that know what they hold. */
bool rules_job_name(const char *s);
bool rules_user(const char *s);
/* A character a deck allows in a name (the name rules' alphabet). */
bool rules_deck_name_char(int c);
/* pds.c's rule for owners, permanent names and ids; empty_ok for an id.
 * 0, or a code: 1 missing, 2 too long, 3 starts with a dot, 4 starts with -,
 * 5 holds .., 6 a path separator, 7 a control or non-ASCII character,
 * 8 another character not allowed; *at is the 0-based offending index. */
int rules_pds_name(const char *s, bool empty_ok, size_t *at);

#endif
