/*
 * isa_internal.h - what isa.c (scanning, encoding) and disasm.c share
 * about the scanned patterns of the instruction table.  Not a public header.
 */
#ifndef C1_EMU_ISA_INTERNAL_H
#define C1_EMU_ISA_INTERNAL_H

#include "isa.h"

/* The table's patterns, scanned once. */
struct isa_forms {
    struct isa_field result[256];
    struct isa_field operand[256];
};

/* Instruction fields a pattern register names. */
enum { F_I, F_J, F_K, F_H, F_JK };

int isa_field_index(const char *field);   /* "i" -> F_I ... "jk" -> F_JK */
int isa_register_limit(const char *cls);  /* highest number of a register class, 0 if none */

#endif
