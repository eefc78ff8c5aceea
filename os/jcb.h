/*
 * jcb.h - the Job Communication Block: words 0-0177 of a job's field,
 * filled by the OS before a program that loads at 0200 (what the loader
 * links) starts, with COS's layout as far as the sources say
 * (docs/job-interface.md has the table): the control statement's image
 * (JCCCI, words 005-017), its parameters cracked (JCCPR, 020-077: two
 * words an item, the separator that followed it in the low 8 bits of the
 * second), the job name (JCJN, 0100), the high limit and field length
 * (JCHLM and JCFL, 0101), the maximum field length (JCMFL, 0103), the
 * CPU cycle time (JCCYCL, 0105), the account (JCACN, 0107-0110), the job
 * step count and failure flag (JCSTN, JCSTF, 0164-0165).
 */
#ifndef C1_OS_JCB_H
#define C1_OS_JCB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deck.h"

#define JCB_WORDS 0200u
#define JCB_JCCCI 005u
#define JCB_CCI_CHARS 88u      /* words 005-017; a zero byte ends the image */
#define JCB_JCCPR 020u
#define JCB_CPR_WORDS 060u     /* words 020-077: 24 items */
#define JCB_JCJN 0100u
#define JCB_JCHLM 0101u        /* JCHLM bits 16-39, JCFL bits 40-63 */
#define JCB_JCDSP 0102u
#define JCB_JCLFT 0103u        /* JCMFL bits 16-39, JCLFT bits 40-63 */
#define JCB_JCCYCL 0105u       /* bits 5-20, picoseconds */
#define JCB_JCACN 0107u
#define JCB_JCSTN 0164u
#define JCB_JCSTF 0165u

/* The separators of a cracked item (COS's codes). */
enum jcb_separator { JCB_SEP_COLON = 003, JCB_SEP_EQUALS = 007, JCB_SEP_COMMA = 017,
                     JCB_SEP_END = 037 };

struct jcb_facts {
    const struct deck_statement *statement;   /* the one that runs the program */
    const char *job_name;
    const char *account;
    uint32_t hlm;              /* the first word after the program */
    uint32_t field_length;
    uint32_t max_field;
    uint32_t cycle_ps;         /* the CPU's clock period, picoseconds */
    uint32_t step;             /* the job's statements run so far */
    bool step_failed;          /* a step of the job has aborted */
};

/* The JCB's words from the facts (jcb[0..JCB_WORDS), all set). */
void jcb_build(uint64_t jcb[JCB_WORDS], const struct jcb_facts *facts);

/* The statement cracked as JCCPR: two words an item (verb, keywords,
 * values, positional parameters, in order), at most max_words words
 * (items that do not fit are dropped); returns the words filled. */
size_t jcb_crack(const struct deck_statement *statement, uint64_t *words, size_t max_words);

#endif
