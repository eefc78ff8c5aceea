/*
 * exchange.c - packing and unpacking the exchange package, Cray-1 layout
 * (cray1-isa.md 5.1) and X-MP layout (5.2), and the hardware swap (5.4).
 * Bit positions below are C shifts (2^n); the tables give both numberings.
 */
#include "exchange.h"

#define FIELD(value, shift, bits) (((uint64_t)(value) & ((UINT64_C(1) << (bits)) - 1)) << (shift))
#define GET(word, shift, bits) ((uint32_t)(((word) >> (shift)) & ((UINT64_C(1) << (bits)) - 1)))

static void pack_common(const struct cpu *cpu, uint64_t w[EXCHANGE_PACKAGE_WORDS])
{
    for (int r = 0; r < 8; r++)
        w[r] = cpu->a[r] & A_MASK;
    for (int r = 0; r < 8; r++)
        w[8 + r] = cpu->s[r];
    w[3] |= FIELD(cpu->xa, 40, 8) | FIELD(cpu->vl, 33, 7) | FIELD(cpu->flags, 24, 9);
}

static void pack_cray1(const struct cpu *cpu, uint64_t w[EXCHANGE_PACKAGE_WORDS])
{
    uint32_t m = cpu->modes;
    w[0] |= FIELD(cpu->p, 24, 22);
    w[1] |= FIELD(cpu->base >> 4, 28, 18) | FIELD((m & MODE_MONITOR_INT) != 0, 24, 1);
    w[2] |= FIELD(cpu->limit >> 4, 28, 18) | FIELD((m & MODE_CORRECTABLE_INT) != 0, 27, 1) |
            FIELD((m & MODE_FP_INTERRUPT) != 0, 26, 1) |
            FIELD((m & MODE_UNCORRECTABLE_INT) != 0, 25, 1) | FIELD((m & MODE_MONITOR) != 0, 24, 1);
}

static void pack_xmp(const struct cpu *cpu, uint64_t w[EXCHANGE_PACKAGE_WORDS])
{
    uint32_t m = cpu->modes;
    w[0] |= FIELD(cpu->processor, 62, 1) | FIELD(cpu->p, 24, 24);
    w[1] |= FIELD(cpu->ibase >> 5, 29, 19) | FIELD((m & MODE_FP_STATUS) != 0, 27, 1) |
            FIELD((m & MODE_BIDIRECTIONAL) != 0, 26, 1) | FIELD((m & MODE_MONITOR_INT) != 0, 24, 1);
    w[2] |= FIELD(cpu->ilimit >> 5, 29, 19) | FIELD((m & MODE_RANGE_INTERRUPT) != 0, 28, 1) |
            FIELD((m & MODE_CORRECTABLE_INT) != 0, 27, 1) |
            FIELD((m & MODE_FP_INTERRUPT) != 0, 26, 1) |
            FIELD((m & MODE_UNCORRECTABLE_INT) != 0, 25, 1) | FIELD((m & MODE_MONITOR) != 0, 24, 1);
    w[4] |= FIELD(cpu->base >> 5, 29, 19) | FIELD(cpu->cluster, 24, 3);
    w[5] |= FIELD(cpu->limit >> 5, 29, 19);
}

void exchange_pack(const struct cpu *cpu, uint64_t package[EXCHANGE_PACKAGE_WORDS])
{
    pack_common(cpu, package);
    if (cpu->model == MODEL_XMP)
        pack_xmp(cpu, package);
    else
        pack_cray1(cpu, package);
}

static uint32_t mode_bit(uint64_t word, int shift, uint32_t mode)
{
    return ((word >> shift) & 1) ? mode : 0;
}

void exchange_unpack(struct cpu *cpu, const uint64_t w[EXCHANGE_PACKAGE_WORDS])
{
    for (int r = 0; r < 8; r++)
        cpu->a[r] = (uint32_t)(w[r] & A_MASK);
    for (int r = 0; r < 8; r++)
        cpu->s[r] = w[8 + r];
    cpu->xa = GET(w[3], 40, 8);
    cpu->vl = GET(w[3], 33, 7);
    cpu->flags = GET(w[3], 24, 9);
    cpu->monitor_exit = false;
    /* Modes not carried by the package (ECI/DCI) are kept. */
    uint32_t kept = cpu->modes & MODE_CLOCK_ENABLED;
    if (cpu->model == MODEL_XMP) {
        cpu->p = GET(w[0], 24, 24);
        cpu->ibase = GET(w[1], 29, 19) << 5;
        cpu->ilimit = GET(w[2], 29, 19) << 5;
        cpu->base = GET(w[4], 29, 19) << 5;
        cpu->limit = GET(w[5], 29, 19) << 5;
        cpu->cluster = GET(w[4], 24, 3);
        cpu->modes = kept | mode_bit(w[1], 27, MODE_FP_STATUS) |
                     mode_bit(w[1], 26, MODE_BIDIRECTIONAL) | mode_bit(w[1], 24, MODE_MONITOR_INT) |
                     mode_bit(w[2], 28, MODE_RANGE_INTERRUPT) |
                     mode_bit(w[2], 27, MODE_CORRECTABLE_INT) |
                     mode_bit(w[2], 26, MODE_FP_INTERRUPT) |
                     mode_bit(w[2], 25, MODE_UNCORRECTABLE_INT) | mode_bit(w[2], 24, MODE_MONITOR);
    } else {
        cpu->p = GET(w[0], 24, 22);
        cpu->base = cpu->ibase = GET(w[1], 28, 18) << 4;
        cpu->limit = cpu->ilimit = GET(w[2], 28, 18) << 4;
        cpu->modes = kept | mode_bit(w[1], 24, MODE_MONITOR_INT) |
                     mode_bit(w[2], 27, MODE_CORRECTABLE_INT) |
                     mode_bit(w[2], 26, MODE_FP_INTERRUPT) |
                     mode_bit(w[2], 25, MODE_UNCORRECTABLE_INT) | mode_bit(w[2], 24, MODE_MONITOR);
    }
    cpu_invalidate_buffers(cpu);   /* an exchange empties the instruction buffers */
}

int exchange_swap(struct cpu *cpu)
{
    uint32_t at = cpu->xa * 16;
    if (at + EXCHANGE_PACKAGE_WORDS > cpu->memory->size)
        return -1;
    uint64_t outgoing[EXCHANGE_PACKAGE_WORDS], incoming[EXCHANGE_PACKAGE_WORDS];
    exchange_pack(cpu, outgoing);
    for (int w = 0; w < EXCHANGE_PACKAGE_WORDS; w++) {
        incoming[w] = cpu->memory->word[at + (uint32_t)w];
        cpu->memory->word[at + (uint32_t)w] = outgoing[w];
    }
    exchange_unpack(cpu, incoming);
    return 0;
}
