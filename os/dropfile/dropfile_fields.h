/*
 * dropfile_fields.h - the table of a job's saved state (dropfile_fields.def)
 * and the field API built on it: find a field by the path people type
 * (identity.job_name, cpu.s[1], cpu.v[3][17], datasets.$OUT.record,
 * devices.TAPE.count, history[0].site, job_symbols.J1.value,
 * program_symbols.N.value), show it as text, set it from text with the
 * field's rule (`dropfile set`, switchp's examine and deposit), and check
 * every field of a state against its rule (the reader and `pack` do).
 *
 * Register and vector element indices are octal, as the machine names them
 * (cpu.b[10] is B10, the ninth); history and statement indices are decimal.
 */
#ifndef C1_OS_DROPFILE_FIELDS_H
#define C1_OS_DROPFILE_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dropfile.h"

enum dropfile_field_group { DFG_TOP, DFG_DEVICE, DFG_DATASET, DFG_JOBSYM, DFG_PROGSYM, DFG_HISTORY };
enum dropfile_field_type {
    DFT_STR, DFT_U32, DFT_U64, DFT_I64, DFT_BOOL, DFT_BLOB,
    DFT_XP_P, DFT_XP_A, DFT_XP_S, DFT_XP_VL, DFT_XP_F, DFT_XP_XA,
};
enum dropfile_field_format {
    DFM_STR, DFM_DEC, DFM_OCT, DFM_ADDR, DFM_HEX, DFM_BOOL, DFM_I64, DFM_WALL, DFM_BLOB,
    DFM_REASON, DFM_MODEL, DFM_FEATURES, DFM_KIND, DFM_MODE, DFM_EVENT,
};
enum dropfile_field_cond { DFC_ALWAYS, DFC_SHARED, DFC_CONTENTS, DFC_PERMANENT };
#define DFF_EMPTY_OK 0x01u   /* an empty string means "not set" */
#define DFF_NOJSON 0x02u     /* no JSON key: its cond's null-or-object says it */
#define DFF_RO 0x04u         /* not set by dropfile_field_set */
#define DFF_KEY 0x08u        /* names its entry */
#define DFF_PACKAGE 0x10u    /* explained by the exchange package */
#define DFF_VECTOR 0x20u     /* 8 registers of 64 elements */
#define DFF_FALLBACK 0x40u   /* diff shows it only if no DFF_PACKAGE field differs */

struct dropfile_field {
    const char *path, *json, *label;
    size_t offset;           /* in the group's struct */
    uint16_t section;        /* section type (dropfile_internal.h SEC_*) */
    uint16_t count;
    uint8_t group, type, format, rule, cond, flags;
};

extern const struct dropfile_field dropfile_fields[];
extern const size_t dropfile_field_count;

/* Is the field there in this entry (its cond)?  entry: the group's struct. */
bool dropfile_field_present(const struct dropfile_field *f, const void *entry);
/* Element i of a number field (not XP_*: see dropfile_field_number). */
uint64_t dropfile_field_raw(const struct dropfile_field *f, const void *entry, unsigned i);
/* Element i of any number field, XP_* decoded from df's package. */
uint64_t dropfile_field_number(const struct dropfile *df, const struct dropfile_field *f,
                               const void *entry, unsigned i);
/* A string field's value ("" for NULL). */
const char *dropfile_field_string(const struct dropfile_field *f, const void *entry);
/* Element i as people see it (octal, decimal, a name, a date ...). */
const char *dropfile_field_text(const struct dropfile *df, const struct dropfile_field *f,
                                const void *entry, unsigned i, char *buf, size_t size);
/* Seconds since 1970 as "2023-11-14 22:13:20Z" ("0" for 0). */
const char *dropfile_wall_text(int64_t t, char *buf, size_t size);

/* A field's place in a state. */
struct dropfile_place {
    const struct dropfile_field *field;
    void *entry;             /* the struct the field is in (df for TOP) */
    unsigned index;          /* element */
};

/* Find path in df.  0, or DROPFILE_E_INVALID with why. */
int dropfile_field_find(const struct dropfile *df, const char *path, struct dropfile_place *place,
                        char *why, size_t size);
/* The value at path as text (as dropfile_field_text).  0 or DROPFILE_E_INVALID. */
int dropfile_field_get(const struct dropfile *df, const char *path, char *text, size_t size,
                       char *why, size_t why_size);
/* Set the value at path from text (octal for octal fields, names for
 * enumerations), with the field's rule; a register of the exchange package
 * is set in the package (its other bits kept).  0, DROPFILE_E_INVALID with
 * why, or DROPFILE_E_NOMEM. */
int dropfile_field_set(struct dropfile *df, const char *path, const char *text, char *why,
                       size_t size);

/* Check every field of df against its rule, and the tables' bounds (devices,
 * job stack): 0, or DROPFILE_E_INVALID with the field and the rule named:
 * `invalid value: identity.job_name "../../X": must be 1-7 letters ...`. */
int dropfile_check_rules(const struct dropfile *df, struct dropfile_report *report);

#endif
