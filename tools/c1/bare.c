/*
 * bare.c - c1 --bare: the bare machine, without an OS (see bare.h).
 *
 * The bare machine loads an executable (c1cal's format, at its entry point)
 * or a raw image (big-endian 64-bit words) into the field of each of the
 * N processors (each PC gets memory/N words, rounded down to 16, with the
 * image at the field's word 0), runs them in user mode until each one's
 * first exchange (normal exit, error exit, range or floating-point error)
 * or the cycle limit, and prints each one's exit reason, exchange package
 * and registers, with clocks, seconds at the machine's clock period and
 * MFLOPS; or one JSON object per PC with --json, the interface end-to-end
 * tests use.  --trace prints the issue of every instruction: its clock,
 * what held it and for how long, and when its result arrived.
 */
#include "bare.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/exchange.h"
#include "emu/isa.h"
#include "emu/machine.h"
#include "emu/memory.h"
#include "monitor.h"
#include "os/cal/executable.h"
#include "os/disk/disk.h"

static const char *exit_reason(const struct cpu *cpu)
{
    if (cpu->flags & (FLAG_PROGRAM_RANGE | FLAG_OPERAND_RANGE))
        return "range";
    if (cpu->flags & FLAG_FLOATING_ERROR)
        return "floating";
    if (cpu->flags & FLAG_ERROR_EXIT)
        return "error";
    if (cpu->flags & FLAG_NORMAL_EXIT)
        return "normal";
    if (cpu->flags)
        return "interrupt";
    return "cycles";
}

/* Clock period in nanoseconds: 12.5 on the Cray-1, 9.5 on the early X-MP. */
static double clock_period_ns(unsigned model) { return model == MODEL_XMP ? 9.5 : 12.5; }

static double seconds_of(const struct cpu *cpu)
{
    return (double)cpu->clock * clock_period_ns(cpu->model) * 1e-9;
}

static double mflops(const struct cpu *cpu)
{
    double seconds = seconds_of(cpu);
    return seconds > 0 ? (double)cpu->flops / seconds / 1e6 : 0.0;
}

static void print_json(const struct cpu *cpu)
{
    char features[128];
    printf("{\"pc\":%u,\"exit\":\"%s\",\"p\":\"%" PRIo32 "\",\"flags\":\"%" PRIo32 "\",\"a\":[",
           cpu->processor, exit_reason(cpu), cpu->p, cpu->flags);
    for (int r = 0; r < 8; r++)
        printf("%s\"%" PRIo32 "\"", r ? "," : "", cpu->a[r]);
    printf("],\"s\":[");
    for (int r = 0; r < 8; r++)
        printf("%s\"%" PRIo64 "\"", r ? "," : "", cpu->s[r]);
    printf("],\"b\":[");
    for (int r = 0; r < 64; r++)
        printf("%s\"%" PRIo32 "\"", r ? "," : "", cpu->b[r]);
    printf("],\"t\":[");
    for (int r = 0; r < 64; r++)
        printf("%s\"%" PRIo64 "\"", r ? "," : "", cpu->t[r]);
    printf("],\"v\":[");
    for (int r = 0; r < 8; r++) {
        printf("%s[", r ? "," : "");
        for (int e = 0; e < 64; e++)
            printf("%s\"%" PRIo64 "\"", e ? "," : "", cpu->v[r][e]);
        printf("]");
    }
    printf("],\"vl\":\"%" PRIo32 "\",\"vm\":\"%" PRIo64 "\",\"clocks\":%" PRIu64
           ",\"seconds\":%.9f,\"instructions\":%" PRIu64 ",\"flops\":%" PRIu64
           ",\"mflops\":%.3f,\"features\":\"%s\"}",
           cpu->vl, cpu->vm, cpu->clock, seconds_of(cpu), cpu->instructions, cpu->flops,
           mflops(cpu), isa_feature_names(cpu->features_used, features, sizeof features));
}

static void print_text(const struct cpu *cpu)
{
    uint64_t package[EXCHANGE_PACKAGE_WORDS];
    char features[128];
    exchange_pack(cpu, package);
    printf("PC %u exit: %s   P=%" PRIo32 "   clocks=%" PRIu64 "   instructions=%" PRIu64 "\n",
           cpu->processor, exit_reason(cpu), cpu->p, cpu->clock, cpu->instructions);
    printf("time: %.9f s at %.1f ns   floating-point results: %" PRIu64 "   %.2f MFLOPS\n",
           seconds_of(cpu), clock_period_ns(cpu->model), cpu->flops, mflops(cpu));
    const char *used = isa_feature_names(cpu->features_used, features, sizeof features);
    printf("features used: %s\n", used[0] ? used : "none beyond the Cray-1's basic set");
    printf("exchange package (%s):\n", isa_model_name(cpu->model));
    for (int w = 0; w < EXCHANGE_PACKAGE_WORDS; w++)
        printf("  %02o  %022" PRIo64 "\n", w, package[w]);
    for (int r = 0; r < 8; r++)
        printf("A%d %08" PRIo32 "   S%d %022" PRIo64 "\n", r, cpu->a[r], r, cpu->s[r]);
    printf("VL %03" PRIo32 "   VM %022" PRIo64 "\n", cpu->vl, cpu->vm);
    for (int r = 0; r < 64; r += 4)
        printf("B%02o %08" PRIo32 "  B%02o %08" PRIo32 "  B%02o %08" PRIo32 "  B%02o %08" PRIo32 "\n",
               r, cpu->b[r], r + 1, cpu->b[r + 1], r + 2, cpu->b[r + 2], r + 3, cpu->b[r + 3]);
    for (int r = 0; r < 64; r += 2)
        printf("T%02o %022" PRIo64 "  T%02o %022" PRIo64 "\n", r, cpu->t[r], r + 1, cpu->t[r + 1]);
    for (int r = 0; r < 8; r++) {
        bool zero = true;
        for (int e = 0; e < 64; e++)
            zero = zero && cpu->v[r][e] == 0;
        if (zero) {   /* one line, not sixteen */
            printf("V%d: all 64 elements 0\n", r);
            continue;
        }
        printf("V%d:", r);
        for (int e = 0; e < 64; e++)
            printf("%s%" PRIo64, e % 4 ? " " : "\n  ", cpu->v[r][e]);
        printf("\n");
    }
}

/* The trace: one line per issued instruction. */
static void print_trace(void *context, const struct cpu *cpu, const struct timing_event *event)
{
    const struct isa_forms *forms = context;
    uint16_t parcels[2] = {(uint16_t)event->parcel, (uint16_t)event->m};
    char text[96], held[40] = "";
    isa_disassemble(forms, cpu->model, parcels, 2, text, sizeof text);
    if (event->issue > event->ready) {
        if (event->hold_register >= 0)
            snprintf(held, sizeof held, "%s %d +%" PRIu64, timing_hold_name(event->hold),
                     event->hold_register, event->issue - event->ready);
        else
            snprintf(held, sizeof held, "%s +%" PRIu64, timing_hold_name(event->hold),
                     event->issue - event->ready);
    }
    printf("%2u %10" PRIu64 "  %08" PRIo32 "  %-34s %-16s %10" PRIu64 "\n", cpu->processor,
           event->issue, event->p, text, held, event->result);
}

int run_bare(const struct bare_options *options)
{
    struct bare_options o = *options;
    size_t length;
    /* No image is larger than the largest memory and its header. */
    unsigned char *bytes = (unsigned char *)disk_read_all(o.image,
                                                          (uint64_t)MEMORY_MAX_WORDS * 8 + 65536,
                                                          &length);
    if (!bytes) {
        fprintf(stderr, "c1: cannot read %s: %s\n", o.image,
                errno == EFBIG ? "larger than the largest memory" : strerror(errno));
        return 2;
    }
    struct executable exe;
    char why[256];
    int parsed = executable_parse(bytes, length, EXE_KIND_ANY, &exe, why, sizeof why);
    free(bytes);
    if (parsed) {
        fprintf(stderr, "c1: %s: %s\n", o.image, why);
        return 2;
    }
    struct machine *machine = malloc(sizeof *machine);
    if (!machine || machine_init(machine, o.model, o.pcs, o.memory_words, o.timing)) {
        fprintf(stderr, "c1: cannot build a machine of %" PRIu32 " words\n", o.memory_words);
        executable_free(&exe);
        free(machine);
        return 2;
    }
    uint32_t field = (o.memory_words / o.pcs) & ~UINT32_C(15);
    int status = 0;
    for (unsigned n = 0; n < o.pcs && status == 0; n++) {
        if ((uint64_t)exe.origin + exe.word_count > field ||
            executable_load(&exe, &machine->memory, n * field)) {
            fprintf(stderr, "c1: %s: %" PRIu64 " words are larger than a field of %" PRIu32
                    " words\n", o.image, (uint64_t)exe.origin + exe.word_count, field);
            status = 2;
        }
        cpu_set_field(&machine->cpu[n], n * field, (n + 1) * field);
        machine->cpu[n].p = exe.entry == EXECUTABLE_NO_ENTRY ? 0 : (uint32_t)exe.entry;
    }
    executable_free(&exe);
    if (status == 0 && o.interactive) {
        status = bare_monitor(machine, o.max_cycles, stdin, stdout);
        machine_free(machine);
        free(machine);
        return status;
    }
    struct isa_forms *forms = o.trace ? isa_forms_create() : NULL;
    if (status == 0) {
        for (unsigned n = 0; n < o.pcs; n++) {
            machine->cpu[n].trace = forms ? print_trace : NULL;
            machine->cpu[n].trace_context = forms;
        }
        if (o.threads > 1 && machine_set_threads(machine, o.threads))
            fprintf(stderr, "c1: cannot start %u host threads; running on one\n", o.threads);
        if (forms)
            printf("PC      clock  P         instruction                        held by          "
                   "    result\n");
        /* Each PC stops at its first exit: the machine returns it, and it is
         * set aside until all have stopped or reached the limit. */
        while (machine_run(machine, o.max_cycles) >= 0) {
            for (unsigned n = 0; n < o.pcs; n++)
                if (machine->cpu[n].flags || machine->cpu[n].monitor_exit)
                    machine->idle[n] = true;
        }
        if (o.json && o.pcs > 1)
            printf("{\"pcs\":[");
        for (unsigned n = 0; n < o.pcs; n++) {
            const struct cpu *cpu = &machine->cpu[n];
            if (o.json) {
                printf("%s", n ? "," : "");
                print_json(cpu);
            } else {
                print_text(cpu);
            }
            if (strcmp(exit_reason(cpu), "normal"))
                status = 1;
        }
        if (o.json)
            printf("%s\n", o.pcs > 1 ? "]}" : "");
    }
    isa_forms_destroy(forms);
    machine_free(machine);
    free(machine);
    return status;
}
