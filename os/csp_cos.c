/*
 * csp_cos.c - COS control statements that C-1 does not run as COS did:
 * the ones real decks of COS 1.17's time use that C-1 lacks (each fails
 * with a COS-style message saying what C-1 lacks), the ones it takes but
 * ignores (each says so in the job log), and the names of COS utilities
 * C-1 does not have (CS001 says which).  The real decks they come from are
 * named in docs/cos-features.md.
 *
 * Uses job.c (the log).  csp.c calls it.
 */
#include "csp_cos.h"

#include <stdio.h>
#include <string.h>

#include "job.h"

/* Statements COS's CSP had (or its station decks used) and C-1 lacks. */
static const struct {
    const char *verbs;   /* blank-separated */
    const char *lacks;   /* what C-1 lacks, said in the message */
} lacking[] = {
    {"FETCH ACQUIRE", "A FRONT-END STATION TO FETCH FROM: PUT THE DATA IN THE DECK AND "
                      "COPY IT (COPYF,O=NAME), OR ACCESS A PERMANENT DATASET"},
    {"LIBRARY", "A LIBRARY SEARCHLIST: A PROGRAM RUNS FROM A LOCAL DATASET OF ITS NAME"},
    {"ELSEIF EXITIF", "ELSEIF AND EXITIF: IF, ELSE AND ENDIF ARE THERE"},
    {"PROC ENDPROC CALL RETURN", "PROCEDURES (PROC, ENDPROC, CALL, RETURN)"},
    {"PERMIT MODIFY ADJUST", "PERMITS AND PERMANENT DATASET CHANGES IN PLACE: SAVE AGAIN, "
                             "WITH PAM=R FOR OTHERS TO READ"},
    {"SWITCH", "SENSE SWITCHES"},
    {"MODE", "THE MODE STATEMENT (THE FLOATING-POINT INTERRUPT IS ALWAYS ENABLED)"},
    {"IOAREA HOLD NOHOLD", "I/O AREA LOCKING AND HELD DATASETS"},
    {"PASSWORD", "PASSWORDS TO CHANGE (ACCOUNT'S ARE NOT CHECKED)"},
    {"PRINT", "THE PRINT STATEMENT: TEST A JOB SYMBOL WITH IF"},
    {"SHUTDOWN SIMABORT", "THIS STATEMENT FOR JOBS: THE OPERATOR'S CONSOLE SHUTS THE SITE "
                          "DOWN"},
};

/* COS utilities (programs of COS's system directory) C-1 does not have. */
static const char cos_utilities[] =
    " AUDIT DUMP DELAY NOTE CHARGES CFT CFT77 UPDATE PDSDUMP PDSLOAD QUERY "
    "SKIPD COPYU TEDI GENCAT LOADCAT RELOAD JCSDEF ACCTDEF PRVDEF DMP ";

static bool in_list(const char *list, const char *verb)
{
    size_t n = strlen(verb);
    for (const char *at = list; n && (at = strstr(at, verb)); at += n)
        if ((at == list || at[-1] == ' ') && (at[n] == ' ' || at[n] == '\0'))
            return true;
    return false;
}

int csp_cos_statement(struct os *os, struct job *job, const struct deck_statement *st,
                      bool *handled)
{
    *handled = false;
    for (size_t i = 0; i < sizeof lacking / sizeof lacking[0]; i++) {
        if (!in_list(lacking[i].verbs, st->verb))
            continue;
        *handled = true;
        job_log(os, job, "ABORT", "CS011 - %s: C-1 LACKS %s", st->verb, lacking[i].lacks);
        return -1;
    }
    if (!strcmp(st->verb, "DISPOSE")) {
        *handled = true;
        const char *dn = deck_value(st, "DN", NULL);
        if (!dn || strcmp(dn, "$OUT")) {
            job_log(os, job, "ABORT", "CS011 - DISPOSE: C-1 HAS NO FRONT-END STATION TO "
                    "DISPOSE %.16s TO: SAVE IT AS A PERMANENT DATASET", dn ? dn : "");
            return -1;
        }
        job_log(os, job, "CSP", "CS012 - DISPOSE IGNORED: $OUT GOES TO THE SITE'S out/ WITH "
                "THE LOG AT THE END OF THE JOB (C-1 HAS NO STATION)");
        return 0;
    }
    return 0;
}

bool csp_cos_utility(const char *verb) { return in_list(cos_utilities, verb); }
