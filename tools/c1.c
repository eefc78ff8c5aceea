/*
 * c1.c - the C-1 machine front end.  This stage runs the bare machine:
 *
 *   c1 --bare IMAGE [--model cray1|xmp] [--memory WORDS] [--max-cycles N] [--json]
 *
 * loads a raw image (big-endian 64-bit words) at address 0, runs one processor in user mode from the entry point until
 * its first exchange (normal exit, error exit, range or floating-point
 * error) or the cycle limit, and prints the exit reason, the exchange
 * package and every register (or one JSON object with --json: the
 * interface end-to-end tests use).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "exchange.h"
#include "isa.h"
#include "memory.h"

struct options {
    const char *image;
    unsigned model;
    uint32_t memory_words;
    uint64_t max_cycles;
    int json;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: c1 --bare IMAGE [--model cray1|xmp] [--memory WORDS] [--max-cycles N] [--json]\n"
            "  Runs IMAGE (a raw image of big-endian 64-bit words) from address 0\n"
            "  until its first exit or N clocks.\n"
            "  Exit status: 0 after a normal exit, 1 otherwise, 2 on bad usage or input.\n");
}

static int parse_number(const char *text, uint64_t *value)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 0);
    if (errno || end == text || *end)
        return -1;
    *value = v;
    return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
    int bare = 0;
    o->model = MODEL_CRAY1;
    o->memory_words = MEMORY_DEFAULT_WORDS;
    o->max_cycles = 100000000;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        uint64_t v;
        if (!strcmp(a, "--bare") && i + 1 < argc) {
            bare = 1;
            o->image = argv[++i];
        } else if (!strcmp(a, "--model") && i + 1 < argc) {
            o->model = isa_model_from_name(argv[++i]);
            if (!o->model) {
                fprintf(stderr, "c1: unknown model '%s' (cray1 or xmp)\n", argv[i]);
                return -1;
            }
        } else if (!strcmp(a, "--memory") && i + 1 < argc) {
            if (parse_number(argv[++i], &v) || v < 16 || v > MEMORY_MAX_WORDS) {
                fprintf(stderr, "c1: --memory wants 16..%u words\n", MEMORY_MAX_WORDS);
                return -1;
            }
            o->memory_words = (uint32_t)v;
        } else if (!strcmp(a, "--max-cycles") && i + 1 < argc) {
            if (parse_number(argv[++i], &v)) {
                fprintf(stderr, "c1: bad --max-cycles '%s'\n", argv[i]);
                return -1;
            }
            o->max_cycles = v;
        } else if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        } else {
            fprintf(stderr, "c1: unexpected argument '%s'\n", a);
            return -1;
        }
    }
    if (!bare) {
        usage(stderr);
        return -1;
    }
    if (o->model == MODEL_CRAY1 && o->memory_words > (1u << 22)) {
        fprintf(stderr, "c1: a Cray-1 addresses at most 4 M words\n");
        return -1;
    }
    return 0;
}

static const char *exit_reason(const struct cpu *cpu, enum cpu_stop stop)
{
    if (stop == CPU_STOP_CLOCKS)
        return "cycles";
    if (cpu->flags & (FLAG_PROGRAM_RANGE | FLAG_OPERAND_RANGE))
        return "range";
    if (cpu->flags & FLAG_FLOATING_ERROR)
        return "floating";
    if (cpu->flags & FLAG_ERROR_EXIT)
        return "error";
    if (cpu->flags & FLAG_NORMAL_EXIT)
        return "normal";
    return "interrupt";
}

static void print_json(const struct cpu *cpu, const char *reason)
{
    char features[128];
    printf("{\"exit\":\"%s\",\"p\":\"%" PRIo32 "\",\"flags\":\"%" PRIo32 "\",\"a\":[", reason,
           cpu->p, cpu->flags);
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
           ",\"instructions\":%" PRIu64 ",\"features\":\"%s\"}\n",
           cpu->vl, cpu->vm, cpu->clock, cpu->instructions,
           isa_feature_names(cpu->features_used, features, sizeof features));
}

static void print_text(const struct cpu *cpu, const char *reason)
{
    uint64_t package[EXCHANGE_PACKAGE_WORDS];
    char features[128];
    exchange_pack(cpu, package);
    printf("exit: %s   P=%" PRIo32 "   clocks=%" PRIu64 "   instructions=%" PRIu64 "\n", reason,
           cpu->p, cpu->clock, cpu->instructions);
    printf("features used: %s\n", isa_feature_names(cpu->features_used, features, sizeof features));
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
        printf("V%d:", r);
        for (int e = 0; e < 64; e++)
            printf("%s%" PRIo64, e % 4 ? " " : "\n  ", cpu->v[r][e]);
        printf("\n");
    }
}

static unsigned char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t capacity = 65536, used = 0;
    unsigned char *data = malloc(capacity);
    while (data) {
        size_t n = fread(data + used, 1, capacity - used, f);
        used += n;
        if (n == 0)
            break;
        if (used == capacity) {
            unsigned char *bigger = capacity < ((size_t)1 << 30) ? realloc(data, capacity * 2) : NULL;
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            capacity *= 2;
        }
    }
    fclose(f);
    *length = used;
    return data;
}

int main(int argc, char **argv)
{
    struct options o = {0};
    if (parse_options(argc, argv, &o))
        return 2;
    size_t length;
    unsigned char *bytes = read_file(o.image, &length);
    if (!bytes) {
        fprintf(stderr, "c1: cannot read %s: %s\n", o.image, strerror(errno));
        return 2;
    }
    struct memory memory;
    if (memory_init(&memory, o.memory_words)) {
        fprintf(stderr, "c1: cannot allocate %" PRIu32 " words\n", o.memory_words);
        free(bytes);
        return 2;
    }
    long words = memory_load_image(&memory, 0, bytes, length);
    free(bytes);
    if (words < 0) {
        fprintf(stderr, "c1: %s: not a whole number of 64-bit words, or larger than %" PRIu32
                " words of memory\n", o.image, memory.size);
        memory_free(&memory);
        return 2;
    }
    struct isa_decoder *decoder = malloc(sizeof *decoder);
    if (!decoder) {
        memory_free(&memory);
        return 2;
    }
    isa_decoder_init(decoder, o.model);
    struct cpu cpu;
    cpu_init(&cpu, o.model, &memory, decoder);
    enum cpu_stop stop = cpu_run(&cpu, o.max_cycles);
    const char *reason = exit_reason(&cpu, stop);
    if (o.json)
        print_json(&cpu, reason);
    else
        print_text(&cpu, reason);
    free(decoder);
    memory_free(&memory);
    return strcmp(reason, "normal") ? 1 : 0;
}
