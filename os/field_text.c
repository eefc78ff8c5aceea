/*
 * field_text.c - text in a job's memory field (see field_text.h): the
 * strings and buffers of system requests, bounded by the field's base and
 * limit.  Uses only emu/cpu.h.
 */
#include "field_text.h"

bool field_contains(const struct cpu *cpu, uint64_t address, uint64_t words)
{
    if (address > 0xFFFFFF || words > 0xFFFFFF)
        return false;
    uint64_t start = (uint64_t)cpu->base + address;
    return start + words <= cpu->limit && start + words <= cpu->memory->size;
}

int field_string(const struct cpu *cpu, uint64_t address, char *buf, size_t max)
{
    size_t n = 0;
    for (uint64_t w = 0; n < max; w++) {
        if (!field_contains(cpu, address + w, 1))
            return -1;
        uint64_t word = cpu->memory->word[cpu->base + address + w];
        for (int b = 7; b >= 0 && n < max; b--) {
            char c = (char)(word >> (8 * b));
            if (!c) {
                buf[n] = '\0';
                return 0;
            }
            buf[n++] = (c >= 32 && c < 127) ? c : '?';
        }
    }
    buf[max] = '\0';
    return 0;
}

int field_get_text(const struct cpu *cpu, uint64_t address, uint64_t words, char *text)
{
    if (!field_contains(cpu, address, words))
        return -1;
    for (uint64_t w = 0; w < words; w++) {
        uint64_t word = cpu->memory->word[cpu->base + address + w];
        for (int b = 0; b < 8; b++)
            text[w * 8 + (uint64_t)b] = (char)(word >> (56 - 8 * b));
    }
    return 0;
}

int field_put_text(struct cpu *cpu, uint64_t address, uint64_t words, const char *text,
                   size_t length)
{
    if (!field_contains(cpu, address, words))
        return -1;
    for (uint64_t w = 0; w < words; w++) {
        uint64_t word = 0;
        for (int b = 0; b < 8; b++) {
            size_t i = (size_t)w * 8 + (size_t)b;
            word = (word << 8) | (i < length ? (unsigned char)text[i] : 0);
        }
        cpu->memory->word[cpu->base + address + w] = word;
    }
    return 0;
}
