/*
 * field_text.h - text in a job's memory field, as system requests pass it:
 * a zero-terminated string read from it, text packed into it, 8 characters
 * a word.  Uses only the CPU's view of the field (emu/cpu.h).
 */
#ifndef C1_OS_FIELD_TEXT_H
#define C1_OS_FIELD_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu/cpu.h"

/* Read a zero-terminated string of at most max characters from the field
 * (word address relative to the field, a register's whole value: one of
 * 2^32 + 0300 is outside, not at 0300).  0, or -1 if it leaves the field. */
int field_string(const struct cpu *cpu, uint64_t address, char *buf, size_t max);

/* Are words words from address (relative to the field, a register's
 * whole value) all inside the field? */
bool field_contains(const struct cpu *cpu, uint64_t address, uint64_t words);

/* words words from a field address as words * 8 characters (the first in
 * each word's leftmost byte) into text.  0, or -1 if they leave the field. */
int field_get_text(const struct cpu *cpu, uint64_t address, uint64_t words, char *text);

/* Pack text into words at a field address (8 characters a word, zero
 * filled), at most words words.  0, or -1 if it leaves the field. */
int field_put_text(struct cpu *cpu, uint64_t address, uint64_t words, const char *text,
                   size_t length);

#endif
