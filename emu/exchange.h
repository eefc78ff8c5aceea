/*
 * exchange.h - the exchange package: the 16 words in which the hardware
 * swaps a processor's P, A0-A7, S0-S7, base, limit, modes, XA, VL and F
 * (cray1-isa.md 5.1 for the Cray-1, 5.2 for the X-MP), and the exchange
 * itself (5.4), which a host can use as the real machine did.
 */
#ifndef C1_EMU_EXCHANGE_H
#define C1_EMU_EXCHANGE_H

#include <stdint.h>

#include "cpu.h"

#define EXCHANGE_PACKAGE_WORDS 16

/* Write the cpu's package (Cray-1 or X-MP layout, by cpu->model). */
void exchange_pack(const struct cpu *cpu, uint64_t package[EXCHANGE_PACKAGE_WORDS]);

/* Load a package into the cpu: P, base, limit, modes, XA, VL, F, A, S.
 * The memory-error fields are outputs only and are not loaded. */
void exchange_unpack(struct cpu *cpu, const uint64_t package[EXCHANGE_PACKAGE_WORDS]);

/* The hardware exchange: swap the cpu's package with the 16 words at
 * absolute address XA*16 (cray1-isa.md 5.4).  Returns 0, or -1 if the
 * package address is outside memory. */
int exchange_swap(struct cpu *cpu);

#endif
