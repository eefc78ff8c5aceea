/*
 * commands_job.c - switchp's commands about the job as the OS knows it
 * (see commands.h): job (who, why and when it was dropped, limits and
 * time, datasets, its control statements, its log, its restart history),
 * output, drop (the state written back as a new dropfile) and digest.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "commands_internal.h"
#include "emu/isa.h"
#include "os/job.h"
#include "os/job_datasets.h"
#include "os/log.h"

static double period_of(const struct switchp_session *s)
{
    return switchp_model(s) == MODEL_XMP ? 9.5 : 12.5;
}

static void wall_text(int64_t t, char *buf, size_t size)
{
    time_t w = (time_t)t;
    struct tm utc;
    if (t && gmtime_r(&w, &utc))
        strftime(buf, size, "%Y-%m-%d %H:%M:%SZ", &utc);
    else
        snprintf(buf, size, "(unknown)");
}

static void job_identity(const struct switchp_session *s)
{
    const struct dropfile *df = debugger_loaded(s->dbg);
    const struct job *job = debugger_job(s->dbg);
    char wall[40];
    int64_t when = df->written_wall;
    for (size_t h = 0; h < df->history_count; h++)
        if (df->history[h].event == DROP_EVENT_DROP)
            when = df->history[h].wall_time;
    wall_text(when, wall, sizeof wall);
    fprintf(s->out, "job       %s  id %s  user %s  account %s  class %s  priority %" PRIu32 "\n",
            switchp_or_dash(df->identity.job_name), switchp_or_dash(df->identity.job_id),
            switchp_or_dash(df->identity.user), switchp_or_dash(df->identity.account),
            switchp_or_dash(df->identity.job_class), df->identity.priority);
    fprintf(s->out, "dropped   %s at clock %" PRIu64 " (%.6f s) on site %s, %s: %s\n",
            dropfile_reason_name(df->drop.reason), df->drop.clock,
            clocks_to_seconds(df->drop.clock, period_of(s)), switchp_or_dash(df->identity.site),
            wall, switchp_or_dash(df->drop.note));
    char features[128];
    isa_feature_names(df->machine.features_used, features, sizeof features);
    fprintf(s->out, "machine   %s, features used: %s; field %" PRIu32 " words; file %s\n",
            isa_model_name(df->machine.model), features[0] ? features : "none",
            df->machine.field_words, debugger_path(s->dbg));
    fprintf(s->out, "program   %s, %s\n", job->program_name[0] ? job->program_name : "-",
            debugger_running(s->dbg) ? "running" : "the job has ended");
}

static void job_limits(const struct switchp_session *s)
{
    const struct dropfile *df = debugger_loaded(s->dbg);
    struct os *os = debugger_os(s->dbg);
    const struct job *job = debugger_job(s->dbg);
    uint64_t used = job_clocks_used(os, job);
    double p = period_of(s);
    fprintf(s->out,
            "cpu time  limit %" PRIu64 " clocks (%.4f s); used %" PRIu64
            " at the drop (%.4f s), %" PRIu64 " now (+%" PRIu64
            " in switchp, where the limit is lifted)\n",
            df->limits.cpu_limit, clocks_to_seconds(df->limits.cpu_limit, p), df->limits.cpu_used,
            clocks_to_seconds(df->limits.cpu_used, p), used,
            used > df->limits.cpu_used ? used - df->limits.cpu_used : 0);
    fprintf(s->out,
            "output    limit %" PRIu64 " records of $OUT (OLM; 0: none), %" PRIu64
            " written at the drop; I/O %" PRIu64 " words now\n",
            df->limits.output_limit, df->limits.output_used, job->io_words);
}

static void job_datasets(const struct switchp_session *s)
{
    struct dropfile now;
    dropfile_init(&now);
    if (job_datasets_to_dropfile(debugger_job(s->dbg), &now)) {
        fprintf(s->out, "datasets  (cannot be listed)\n");
        dropfile_free(&now);
        return;
    }
    fprintf(s->out, "datasets  %zu (now, in the sandbox):\n", now.dataset_count);
    fprintf(s->out, "  %-8s %-8s %-4s %-26s %s\n", "name", "kind", "mode", "position", "size");
    for (size_t i = 0; i < now.dataset_count; i++) {
        const struct dropfile_dataset *d = &now.datasets[i];
        char position[64], size[64];
        snprintf(position, sizeof position, "file %" PRIu64 " record %" PRIu64 " byte %" PRIu64,
                 d->file, d->record, d->word);
        if (d->permanent)
            snprintf(size, sizeof size, "permanent %s of %s", switchp_or_dash(d->permanent_name),
                     switchp_or_dash(d->owner));
        else
            snprintf(size, sizeof size, "%" PRIu64 " bytes", d->contents_size);
        fprintf(s->out, "  %-8s %-8s %-4s %-26s %s\n", d->name, dropfile_kind_name(d->kind),
                dropfile_mode_name(d->mode), position, size);
    }
    dropfile_free(&now);
}

static void job_stack(const struct switchp_session *s)
{
    const struct job *job = debugger_job(s->dbg);
    int current = job->step_running ? job->next_statement - 1 : job->next_statement;
    fprintf(s->out, "job stack %d statements%s:\n", job->deck.statement_count,
            debugger_running(s->dbg) ? "" : " (the job has ended)");
    for (int i = 0; i < job->deck.statement_count; i++)
        fprintf(s->out, "%s %3d  %s%s\n", i == current && debugger_running(s->dbg) ? "=>" : "  ", i,
                job->deck.statements[i].text,
                i == current && job->step_running ? "      <- running this step" : "");
    if (current >= job->deck.statement_count && debugger_running(s->dbg))
        fprintf(s->out, "=>      (after the last statement)\n");
}

static void job_log_view(const struct switchp_session *s)
{
    const struct job *job = debugger_job(s->dbg);
    fprintf(s->out, "job log:\n");
    const char *text = job->log.data ? job->log.data : "";
    while (*text) {
        size_t n = strcspn(text, "\n");
        fprintf(s->out, "  | %.*s\n", (int)n, text);
        text += n + (text[n] ? 1 : 0);
    }
}

static void job_history(const struct switchp_session *s)
{
    const struct dropfile *df = debugger_loaded(s->dbg);
    fprintf(s->out, "history   %zu event%s:\n", df->history_count,
            df->history_count == 1 ? "" : "s");
    for (size_t i = 0; i < df->history_count; i++) {
        const struct dropfile_history *h = &df->history[i];
        char wall[40];
        wall_text(h->wall_time, wall, sizeof wall);
        fprintf(s->out, "  %zu %-7s site %s user %s clock %" PRIu64 " at %s: %s%s%s\n", i,
                dropfile_event_name(h->event), switchp_or_dash(h->site), switchp_or_dash(h->user),
                h->clock, wall, switchp_or_dash(h->reason), h->note && *h->note ? " - " : "",
                h->note ? h->note : "");
    }
}

int switchp_cmd_job(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    static const char *const sections[] = {"identity", "limits", "datasets", "stack", "log",
                                           "history"};
    int which = -1;
    if (argc > 1) {
        size_t n = strlen(argv[1]);
        for (int i = 0; i < 6; i++)
            if (!strncasecmp(sections[i], argv[1], n))
                which = which == -1 ? i : -2;
        if (which < 0)
            return switchp_fail(s, "job shows identity, limits, datasets, stack, log or history");
    }
    if (which < 0 || which == 0)
        job_identity(s);
    if (which < 0 || which == 1)
        job_limits(s);
    if (which < 0 || which == 2)
        job_datasets(s);
    if (which < 0 || which == 3)
        job_stack(s);
    if (which < 0 || which == 5)
        job_history(s);
    if (which < 0 || which == 4)
        job_log_view(s);
    return 0;
}

int switchp_cmd_output(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    struct text out = {0};
    if (job_output_text(debugger_job(s->dbg), &out)) {
        text_free(&out);
        return switchp_fail(s, "the job has no $OUT");
    }
    fprintf(s->out, "$OUT (%zu bytes):\n", out.length);
    const char *text = out.data ? out.data : "";
    while (*text) {
        size_t n = strcspn(text, "\n");
        fprintf(s->out, "  | %.*s\n", (int)n, text);
        text += n + (text[n] ? 1 : 0);
    }
    text_free(&out);
    return 0;
}

int switchp_cmd_drop(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc != 2)
        return switchp_fail(s, "drop wants the name of the new dropfile");
    char error[600];
    if (debugger_drop(s->dbg, argv[1], error, sizeof error))
        return switchp_fail(s, "%s", error);
    fprintf(s->out,
            "dropfile %s written: step %" PRIu64 ", clock +%" PRIu64
            ", %zu edit%s (history: edit)\n",
            argv[1], debugger_position(s->dbg), debugger_clocks(s->dbg),
            debugger_edit_count(s->dbg), debugger_edit_count(s->dbg) == 1 ? "" : "s");
    return 0;
}

int switchp_cmd_digest(struct switchp_session *s, int argc, char **argv, const char *rest)
{
    (void)argc;
    (void)argv;
    (void)rest;
    size_t bytes;
    size_t count = debugger_checkpoints(s->dbg, &bytes);
    fprintf(s->out,
            "digest %016" PRIx64 " at step %" PRIu64 " clock +%" PRIu64
            "  (%zu checkpoints, %zu KB;"
            " %" PRIu64 " sandbox builds)\n",
            debugger_digest(s->dbg), debugger_position(s->dbg), debugger_clocks(s->dbg), count,
            bytes / 1024, debugger_rebuilds(s->dbg));
    return 0;
}
