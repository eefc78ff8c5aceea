/*
 * dropfile_sample.h - a sample dropfile for the dropfile tests and the fuzz
 * seed: a processor with pseudo-random registers and a small field of
 * code-like and data-like words, captured, with every OS section filled in.
 */
#ifndef C1_TEST_DROPFILE_SAMPLE_H
#define C1_TEST_DROPFILE_SAMPLE_H

#include <stdint.h>
#include <string.h>

#include "emu/cpu.h"
#include "os/dropfile/dropfile.h"
#include "emu/isa.h"
#include "emu/memory.h"

static inline uint64_t sample_random(uint64_t *state)
{
    /* splitmix64 */
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Every register of cpu pseudo-random (within each register's width). */
static inline void sample_registers(struct cpu *cpu, uint64_t *seed)
{
    for (int i = 0; i < 8; i++) {
        cpu->a[i] = (uint32_t)sample_random(seed) & A_MASK;
        cpu->s[i] = sample_random(seed);
    }
    for (int i = 0; i < 64; i++) {
        cpu->b[i] = (uint32_t)sample_random(seed) & A_MASK;
        cpu->t[i] = sample_random(seed);
        for (int r = 0; r < 8; r++)
            cpu->v[r][i] = sample_random(seed);
    }
    cpu->vm = sample_random(seed);
    cpu->vl = 1 + (uint32_t)(sample_random(seed) % 64);
    cpu->p = (uint32_t)(sample_random(seed) % 256);
    cpu->xa = (uint32_t)(sample_random(seed) & 0xFF);
    cpu->flags = 0;
    cpu->modes = (uint32_t)(sample_random(seed) & (MODE_FP_INTERRUPT | MODE_CLOCK_ENABLED));
    cpu->clock = sample_random(seed) % 1000000000u;
    cpu->rt_offset = sample_random(seed);
    cpu->clock_interval = (uint32_t)(sample_random(seed) % 100000u);
    cpu->clock_countdown = (uint32_t)(sample_random(seed) % 100000u);
    cpu->instructions = cpu->clock / 2;
    cpu->flops = cpu->clock / 5;
    cpu->vector_elements = cpu->clock / 3;
}

/* A field of `words` words at `base`: code-like words, a zero stretch, data. */
static inline void sample_field(struct memory *m, uint32_t base, uint32_t words, uint64_t *seed)
{
    for (uint32_t i = 0; i < words; i++) {
        uint64_t w;
        if (i < words / 4)
            w = sample_random(seed) & UINT64_C(0x00FF00FF00FF00FF);   /* code-like */
        else if (i < words / 2)
            w = 0;
        else if (i % 7 == 0)
            w = sample_random(seed);
        else
            w = UINT64_C(0400014000000000000000) + i;                  /* floats */
        m->word[base + i] = w;
    }
}

/* A complete state.  memory/decoder/cpu are the caller's; the cpu is left
 * as captured. */
static inline void sample_dropfile(struct dropfile *df, struct cpu *cpu, struct memory *memory,
                                   const struct isa_decoder *decoder, unsigned model,
                                   uint32_t base, uint32_t field, uint64_t seed)
{
    cpu_init(cpu, model, memory, decoder);
    cpu_set_field(cpu, base, base + field);
    sample_registers(cpu, &seed);
    cpu->features_used = model == MODEL_XMP ? FEAT_GATHER | FEAT_VPOP : FEAT_VPOP;
    sample_field(memory, base, field, &seed);
    dropfile_init(df);
    if (dropfile_capture_cpu(df, cpu))
        abort();
    df->machine.pc_count = 2;
    dropfile_set_string(&df->identity.job_name, "LOOPS");
    dropfile_set_string(&df->identity.job_id, "J00042");
    dropfile_set_string(&df->identity.user, "alice");
    dropfile_set_string(&df->identity.account, "PHYS01");
    dropfile_set_string(&df->identity.job_class, "BATCH");
    df->identity.priority = 7;
    dropfile_set_string(&df->identity.site, "dev");
    dropfile_set_string(&df->identity.output_name, "LOOPS");
    df->drop.reason = DROP_REASON_TIME_LIMIT;
    df->drop.clock = cpu->clock + 12345;
    dropfile_set_string(&df->drop.note, "time limit of 10 s reached");
    df->limits.cpu_limit = 800000000;
    df->limits.cpu_used = 800000000;
    df->limits.output_limit = 5000;
    df->limits.output_used = 12;
    dropfile_add_device(df, "TAPE", 1);
    struct dropfile_dataset *d = dropfile_add_dataset(df, "$OUT");
    d->kind = DATASET_OUTPUT;
    d->mode = DATASET_WRITE;
    d->record = 3;
    dropfile_set_contents(d, "RESULT 1\nRESULT 2\nRESULT 3\n", 27);
    d = dropfile_add_dataset(df, "$IN");
    d->kind = DATASET_INPUT;
    d->mode = DATASET_READ;
    d->file = 2;
    d->record = 1;
    dropfile_set_contents(d, "JOB,JN=LOOPS,T=10.\nCAL.\nLDR.\n/EOF\n", 33);
    d = dropfile_add_dataset(df, "TABLES");
    d->kind = DATASET_PERMANENT;
    d->mode = DATASET_READ;
    d->word = 17;
    d->permanent = true;
    dropfile_set_string(&d->owner, "alice");
    dropfile_set_string(&d->permanent_name, "PHYSTAB");
    dropfile_set_string(&d->permanent_id, "V2");
    d->content_hash = dropfile_content_hash("tables", 6);
    d->content_size = 6;
    d = dropfile_add_dataset(df, "SCRATCH");
    d->kind = DATASET_LOCAL;
    d->mode = DATASET_READ | DATASET_WRITE;
    d->flags = 1;
    uint8_t bytes[64];
    for (int i = 0; i < 64; i++)
        bytes[i] = (uint8_t)sample_random(&seed);
    dropfile_set_contents(d, bytes, sizeof bytes);
    const char *statements[] = {"JOB,JN=LOOPS,T=10.", "ACCESS,DN=TABLES,PDN=PHYSTAB,ID=V2.",
                                "CAL.", "LDR.", "EXIT."};
    for (int i = 0; i < 5; i++)
        dropfile_add_statement(df, statements[i]);
    df->job_stack.current = 3;
    int64_t nesting[] = {1, 3, -1};
    dropfile_set_nesting(df, 1, nesting, 3);
    dropfile_add_job_symbol(df, "J1", "3");
    dropfile_add_job_symbol(df, "J0", "0");
    dropfile_add_job_symbol(df, "SYSID", "C-1 dev");
    dropfile_append_log(df, "11:02:03.0000 0.0000 CSP JOB,JN=LOOPS,T=10.\n");
    dropfile_append_log(df, "11:02:03.0001 0.0001 CSP CAL.\n");
    dropfile_add_symbol(df, "START", 0, 'P');
    dropfile_add_symbol(df, "TABLE", 0200, 'W');
    dropfile_add_symbol(df, "N", 100, 'V');
    dropfile_add_history(df, DROP_EVENT_DROP, "dev", "alice", df->drop.clock, "time limit", "",
                         1700000000);
    df->written_wall = 1700000001;
}

#endif
