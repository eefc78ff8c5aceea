/*
 * job_hold.c - a queued job held by its AFTER= and WAIT= (see job_hold.h).
 */
#include "job_hold.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "os/datasets/pds.h"
#include "job.h"

/* A job of the same user, of that name, submitted before this one, still
 * at the site (queued or running), or NULL. */
static const struct job *earlier_job(const struct os *os, const struct job *job, const char *name)
{
    for (int i = 0; i < os->job_count; i++) {
        const struct job *other = os->jobs[i];
        if (other == job || other->number >= job->number ||
            (other->state != JOB_QUEUED && other->state != JOB_RUNNING))
            continue;
        if (!strcmp(other->name, name) && !strcmp(other->user, job->user))
            return other;
    }
    return NULL;
}

/* Whether the job's user would find owner's dataset pdn: their own if it
 * exists, another user's only if it is public (PAM=R).  Another user's
 * private dataset reads as missing, as at ACCESS: a job that started once
 * it was saved would tell its existence. */
static bool dataset_there(const struct pds *pds, const struct job *job, const char *owner,
                          const char *pdn)
{
    if (!strcasecmp(owner, job->user))
        return pds_exists(pds, owner, pdn);
    return pds_public(pds, owner, pdn);   /* its header only: a held job looks often */
}

/* The first WAIT= dataset (of OWN=, else of the job's user) the job's user
 * would not find, into job->hold.missing ("" when all are there). */
static void look_for_datasets(struct os *os, struct job *job)
{
    job->hold.missing[0] = '\0';
    struct pds pds;
    struct dataset_error e;
    if (pds_open(&pds, os->site.root, &e)) {
        snprintf(job->hold.missing, sizeof job->hold.missing, "%s", job->hold.wait[0]);
        return;
    }
    const char *owner = job->hold.wait_owner[0] ? job->hold.wait_owner : job->user;
    for (int k = 0; k < job->hold.wait_count; k++)
        if (!dataset_there(&pds, job, owner, job->hold.wait[k])) {
            snprintf(job->hold.missing, sizeof job->hold.missing, "%s", job->hold.wait[k]);
            break;
        }
    pds_close(&pds);
}

bool job_held(struct os *os, struct job *job, char *why, size_t size)
{
    for (int k = 0; k < job->hold.after_count; k++) {
        const struct job *other = earlier_job(os, job, job->hold.after[k]);
        if (other) {
            snprintf(why, size, "job %s (%d)", other->name, other->number);
            return true;
        }
    }
    if (job->hold.wait_count == 0 || job->hold.datasets_found)
        return false;
    if (!job->hold.looked || job->hold.looked_at != os->pds_changes) {
        look_for_datasets(os, job);
        job->hold.looked = true;
        job->hold.looked_at = os->pds_changes;
    }
    if (!job->hold.missing[0]) {
        job->hold.datasets_found = true;
        return false;
    }
    snprintf(why, size, "permanent dataset %s/%s",
             job->hold.wait_owner[0] ? job->hold.wait_owner : job->user, job->hold.missing);
    return true;
}

void job_note_hold(struct os *os, struct job *job, const char *why)
{
    if (!strcmp(job->hold.noted, why))
        return;
    snprintf(job->hold.noted, sizeof job->hold.noted, "%s", why);
    dayfile_write(&os->dayfile, os->now, "HOLD", "job %d %s user %s waits for %s", job->number,
                  job->name, job->user, why);
}
