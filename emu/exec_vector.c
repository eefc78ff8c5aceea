/*
 * exec_vector.c - executors of the vector instructions (140-177): logical,
 * shift, integer and floating arithmetic, reciprocal, population count,
 * mask tests, compressed index, and vector memory with strides, gather and
 * scatter (cray1-isa.md 3.6-3.8).
 *
 * Each instruction is executed whole, element by element in order, which
 * gives the results of the streaming hardware.  One case needs more care:
 * on the Cray-1 a result register that is also an operand ("recursion")
 * supplies its OLD element 0 to the first T+2 elements and then the NEW
 * element e-(T+2) (3.8 rule 3); the X-MP reads the old values throughout.
 */
#include <string.h>

#include "cray_float.h"
#include "exec.h"

#define ALWAYS_INLINE static inline __attribute__((always_inline))

typedef uint64_t (*element_fn)(const struct cpu *cpu, uint64_t a, uint64_t b, unsigned e,
                               bool *range_error);

/* The recursion distance of the instruction: its unit time + 2. */
static unsigned recursion_lag(const struct cpu *cpu, unsigned p)
{
    return isa_rows[cpu->decoder->row[p]].time + 2u;
}

/* Operand element e of register r while register i receives results. */
ALWAYS_INLINE uint64_t recursive_operand(const struct cpu *cpu, unsigned r, unsigned i,
                                         unsigned e, unsigned lag, uint64_t old0)
{
    if (r != i)
        return cpu->v[r][e];
    return e < lag ? old0 : cpu->v[i][e - lag];
}

static void finish(struct cpu *cpu, unsigned n, bool floating, bool range_error)
{
    cpu->vector_elements += n;
    if (floating)
        cpu->flops += n;
    if (range_error)
        floating_error(cpu);
}

/* Vi <- f(Sj or Vj, Vk) for the opcodes whose even member takes Sj. */
ALWAYS_INLINE void vector_binary(struct cpu *cpu, unsigned p, element_fn f, bool floating)
{
    unsigned n = cpu_vector_length(cpu), i = isa_i(p), j = isa_j(p), k = isa_k(p);
    bool scalar = !(isa_opcode(p) & 1);
    uint64_t sj = op_sj(cpu, p);
    bool err = false;
    uint64_t *d = cpu->v[i];
    bool recursion = i == k || (!scalar && i == j);
    if (!recursion) {
        const uint64_t *y = cpu->v[k];
        if (scalar) {
            for (unsigned e = 0; e < n; e++)
                d[e] = f(cpu, sj, y[e], e, &err);
        } else {
            const uint64_t *x = cpu->v[j];
            for (unsigned e = 0; e < n; e++)
                d[e] = f(cpu, x[e], y[e], e, &err);
        }
    } else if (cpu->model == MODEL_CRAY1) {
        unsigned lag = recursion_lag(cpu, p);
        uint64_t old0 = d[0];
        for (unsigned e = 0; e < n; e++) {
            uint64_t a = scalar ? sj : recursive_operand(cpu, j, i, e, lag, old0);
            uint64_t b = recursive_operand(cpu, k, i, e, lag, old0);
            d[e] = f(cpu, a, b, e, &err);
        }
    } else {
        uint64_t x[64], y[64];
        memcpy(y, cpu->v[k], sizeof y);
        memcpy(x, cpu->v[j], sizeof x);
        for (unsigned e = 0; e < n; e++)
            d[e] = f(cpu, scalar ? sj : x[e], y[e], e, &err);
    }
    finish(cpu, n, floating, err);
}

/* Vi <- f(Vj[e], Vj[e+1] or Vj[e-1] as the op needs, Ak) for shifts and
 * the unary operations: f gets Vj[e] as a and the neighbour as b. */
enum neighbour { NONE, NEXT, PREVIOUS };

ALWAYS_INLINE void vector_unary(struct cpu *cpu, unsigned p, element_fn f, enum neighbour nb,
                                bool floating)
{
    unsigned n = cpu_vector_length(cpu), i = isa_i(p), j = isa_j(p);
    bool err = false;
    uint64_t *d = cpu->v[i];
    if (i != j) {
        const uint64_t *x = cpu->v[j];
        for (unsigned e = 0; e < n; e++) {
            uint64_t b = nb == NEXT ? (e + 1 < n ? x[e + 1] : 0) : nb == PREVIOUS ? (e ? x[e - 1] : 0) : 0;
            d[e] = f(cpu, x[e], b, e, &err);
        }
    } else if (cpu->model == MODEL_CRAY1) {
        unsigned lag = recursion_lag(cpu, p);
        uint64_t old0 = d[0];
        for (unsigned e = 0; e < n; e++) {
            uint64_t a = recursive_operand(cpu, j, i, e, lag, old0);
            uint64_t b = 0;
            if (nb == NEXT && e + 1 < n)
                b = recursive_operand(cpu, j, i, e + 1, lag, old0);
            else if (nb == PREVIOUS && e > 0)
                b = recursive_operand(cpu, j, i, e - 1, lag, old0);
            d[e] = f(cpu, a, b, e, &err);
        }
    } else {
        uint64_t x[64];
        memcpy(x, cpu->v[j], sizeof x);
        for (unsigned e = 0; e < n; e++) {
            uint64_t b = nb == NEXT ? (e + 1 < n ? x[e + 1] : 0) : nb == PREVIOUS ? (e ? x[e - 1] : 0) : 0;
            d[e] = f(cpu, x[e], b, e, &err);
        }
    }
    finish(cpu, n, floating, err);
}

/* ---- element operations ---------------------------------------------------- */

#define ELEMENT(name, expression)                                                          \
    static inline uint64_t element_##name(const struct cpu *cpu, uint64_t a, uint64_t b,   \
                                          unsigned e, bool *range_error)                   \
    {                                                                                      \
        (void)cpu;                                                                         \
        (void)a;                                                                           \
        (void)b;                                                                           \
        (void)e;                                                                           \
        (void)range_error;                                                                 \
        return (expression);                                                               \
    }

ELEMENT(and, a & b)
ELEMENT(or, a | b)
ELEMENT(xor, a ^ b)
ELEMENT(merge, (cpu->vm >> (63 - e)) & 1 ? a : b)
ELEMENT(add, a + b)
ELEMENT(subtract, a - b)
ELEMENT(population, (uint64_t)__builtin_popcountll(a))
ELEMENT(parity, (uint64_t)__builtin_parityll(a))

static inline uint64_t float_flag(uint64_t result, bool err, bool *range_error)
{
    *range_error |= err;
    return result;
}

#define FLOAT_ELEMENT(name, call)                                                          \
    static inline uint64_t element_##name(const struct cpu *cpu, uint64_t a, uint64_t b,   \
                                          unsigned e, bool *range_error)                   \
    {                                                                                      \
        (void)cpu;                                                                         \
        (void)b;                                                                           \
        (void)e;                                                                           \
        bool err;                                                                          \
        uint64_t r = (call);                                                               \
        return float_flag(r, err, range_error);                                            \
    }

FLOAT_ELEMENT(float_add, cray_float_add(a, b, &err))
FLOAT_ELEMENT(float_subtract, cray_float_subtract(a, b, &err))
FLOAT_ELEMENT(float_multiply, cray_float_multiply(a, b, CRAY_MUL_FULL, &err))
FLOAT_ELEMENT(half_multiply, cray_float_multiply(a, b, CRAY_MUL_HALF, &err))
FLOAT_ELEMENT(rounded_multiply, cray_float_multiply(a, b, CRAY_MUL_ROUNDED, &err))
FLOAT_ELEMENT(reciprocal_iteration,
              cray_float_multiply(a, b, CRAY_MUL_RECIPROCAL_ITERATION, &err))
FLOAT_ELEMENT(reciprocal, cray_float_reciprocal(a, &err))

/* Shifts take their count from Ak; the executor stores it in the cpu's
 * scratch before the loop (a per-instruction copy, 3.8 rule 2). */
static inline unsigned shift_count(const struct cpu *cpu, unsigned p) { return op_ak(cpu, p); }

#define SHIFT_EXECUTOR(name, neighbour, body)                                              \
    void exec_##name(struct cpu *cpu, unsigned p, unsigned m)                              \
    {                                                                                      \
        (void)m;                                                                           \
        unsigned c = shift_count(cpu, p);                                                  \
        unsigned n = cpu_vector_length(cpu), i = isa_i(p), j = isa_j(p);                   \
        uint64_t x[66];                                                                    \
        uint64_t *d = cpu->v[i];                                                           \
        if (i == j && cpu->model == MODEL_CRAY1) {                                         \
            unsigned lag = recursion_lag(cpu, p);                                          \
            uint64_t old0 = d[0];                                                          \
            for (unsigned e = 0; e < n; e++) {                                             \
                uint64_t cur = recursive_operand(cpu, j, i, e, lag, old0);                 \
                uint64_t next = e + 1 < n ? recursive_operand(cpu, j, i, e + 1, lag, old0) : 0; \
                uint64_t prev = e > 0 ? recursive_operand(cpu, j, i, e - 1, lag, old0) : 0;    \
                (void)next;                                                                \
                (void)prev;                                                                \
                d[e] = (body);                                                             \
            }                                                                              \
        } else {                                                                           \
            x[0] = 0;                                                                      \
            memcpy(x + 1, cpu->v[j], n * sizeof x[0]);                                     \
            x[n + 1] = 0;                                                                  \
            for (unsigned e = 0; e < n; e++) {                                             \
                uint64_t cur = x[e + 1], next = x[e + 2], prev = x[e];                     \
                (void)next;                                                                \
                (void)prev;                                                                \
                d[e] = (body);                                                             \
            }                                                                              \
        }                                                                                  \
        cpu->vector_elements += n;                                                         \
    }

SHIFT_EXECUTOR(v_shift_left, NONE, c > 63 ? 0 : cur << c)
SHIFT_EXECUTOR(v_shift_right, NONE, c > 63 ? 0 : cur >> c)
SHIFT_EXECUTOR(v_double_shift_left, NEXT,
               c > 127 ? 0 : c >= 64 ? next << (c - 64) : c == 0 ? cur : (cur << c) | (next >> (64 - c)))
SHIFT_EXECUTOR(v_double_shift_right, PREVIOUS,
               c > 127 ? 0 : c >= 64 ? prev >> (c - 64) : c == 0 ? cur : (cur >> c) | (prev << (64 - c)))

/* ---- executors --------------------------------------------------------------- */

#define BINARY_EXECUTOR(name, floating)                                                    \
    void exec_v_##name(struct cpu *cpu, unsigned p, unsigned m)                            \
    {                                                                                      \
        (void)m;                                                                           \
        vector_binary(cpu, p, element_##name, floating);                                   \
    }

BINARY_EXECUTOR(and, false)
BINARY_EXECUTOR(or, false)
BINARY_EXECUTOR(xor, false)
BINARY_EXECUTOR(merge, false)
BINARY_EXECUTOR(add, false)
BINARY_EXECUTOR(subtract, false)
/* Floating add and multiply, a whole register at a time on the host's SIMD
 * (cray_float_vector.c), unless the result register is also an operand
 * (recursion: element by element, above).  Returns false if it did not. */
#define WHOLE_ADD 4   /* beside the enum cray_multiply_kind values */
#define WHOLE_SUBTRACT 5

static bool float_whole(struct cpu *cpu, unsigned p, unsigned op)
{
    unsigned n = cpu_vector_length(cpu), i = isa_i(p), j = isa_j(p), k = isa_k(p);
    bool scalar = !(isa_opcode(p) & 1);
    if (i == k || (!scalar && i == j) || cpu->float_elementwise)
        return false;
    uint64_t broadcast[64];
    const uint64_t *x = cpu->v[j];
    if (scalar) {
        uint64_t sj = op_sj(cpu, p);
        for (unsigned e = 0; e < 64; e++)
            broadcast[e] = sj;
        x = broadcast;
    }
    bool err = op >= WHOLE_ADD
                   ? cray_float_add_vector(cpu->v[i], x, cpu->v[k], n, op == WHOLE_SUBTRACT)
                   : cray_float_multiply_vector(cpu->v[i], x, cpu->v[k], n,
                                                (enum cray_multiply_kind)op);
    finish(cpu, n, true, err);
    return true;
}

#define FLOAT_EXECUTOR(name, op)                                                           \
    void exec_v_##name(struct cpu *cpu, unsigned p, unsigned m)                            \
    {                                                                                      \
        (void)m;                                                                           \
        if (!float_whole(cpu, p, op))                                                      \
            vector_binary(cpu, p, element_##name, true);                                   \
    }

FLOAT_EXECUTOR(float_add, WHOLE_ADD)
FLOAT_EXECUTOR(float_subtract, WHOLE_SUBTRACT)
FLOAT_EXECUTOR(float_multiply, CRAY_MUL_FULL)
FLOAT_EXECUTOR(half_multiply, CRAY_MUL_HALF)
FLOAT_EXECUTOR(rounded_multiply, CRAY_MUL_ROUNDED)
FLOAT_EXECUTOR(reciprocal_iteration, CRAY_MUL_RECIPROCAL_ITERATION)

void exec_v_reciprocal(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    vector_unary(cpu, p, element_reciprocal, NONE, true);
}

void exec_v_population(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    vector_unary(cpu, p, element_population, NONE, false);
}

void exec_v_parity(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    vector_unary(cpu, p, element_parity, NONE, false);
}

/* 175: the test selected by the low 2 bits of k. */
static bool element_passes(uint64_t x, unsigned test)
{
    switch (test & 3) {
    case 0:
        return x == 0;
    case 1:
        return x != 0;
    case 2:
        return !(x >> 63);
    default:
        return (x >> 63) != 0;
    }
}

void exec_v_mask_test(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned n = cpu_vector_length(cpu);
    const uint64_t *x = cpu->v[isa_j(p)];
    uint64_t vm = 0;
    for (unsigned e = 0; e < n; e++)
        if (element_passes(x[e], isa_k(p)))
            vm |= UINT64_C(1) << (63 - e);
    cpu->vm = vm;
    cpu->vector_elements += n;
}

void exec_v_compress_index(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned n = cpu_vector_length(cpu), count = 0;
    uint64_t x[64];
    memcpy(x, cpu->v[isa_j(p)], sizeof x);
    uint64_t vm = 0;
    uint64_t *d = cpu->v[isa_i(p)];
    for (unsigned e = 0; e < n; e++) {
        if (element_passes(x[e], isa_k(p))) {
            vm |= UINT64_C(1) << (63 - e);
            d[count++] = e;
        }
    }
    cpu->vm = vm;
    cpu->vector_elements += n;
}

/* ---- vector memory --------------------------------------------------------------- */

void exec_v_load(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned n = cpu_vector_length(cpu);
    uint32_t address = cpu->a[0], stride = op_ak(cpu, p);
    uint64_t *d = cpu->v[isa_i(p)];
    uint32_t abs = cpu->base + address;
    if (stride == 1 && address + n <= A_MASK + 1u && abs + n <= cpu->limit &&
        abs + n <= cpu->memory->size) {
        memcpy(d, cpu->memory->word + abs, n * sizeof *d);
    } else {
        for (unsigned e = 0; e < n; e++)
            d[e] = read_data(cpu, address + e * stride);
    }
    cpu->vector_elements += n;
}

void exec_v_store(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned n = cpu_vector_length(cpu);
    uint32_t address = cpu->a[0], stride = op_ak(cpu, p);
    const uint64_t *x = cpu->v[isa_j(p)];
    uint32_t abs = cpu->base + address;
    if (stride == 1 && address + n <= A_MASK + 1u && abs + n <= cpu->limit &&
        abs + n <= cpu->memory->size) {
        memcpy(cpu->memory->word + abs, x, n * sizeof *x);
    } else {
        for (unsigned e = 0; e < n; e++)
            write_data(cpu, address + e * stride, x[e]);
    }
    cpu->vector_elements += n;
}

void exec_v_gather(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned n = cpu_vector_length(cpu);
    uint64_t index[64];
    memcpy(index, cpu->v[isa_k(p)], sizeof index);
    uint64_t *d = cpu->v[isa_i(p)];
    for (unsigned e = 0; e < n; e++)
        d[e] = read_data(cpu, cpu->a[0] + (uint32_t)index[e]);
    cpu->vector_elements += n;
}

void exec_v_scatter(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    unsigned n = cpu_vector_length(cpu);
    const uint64_t *index = cpu->v[isa_k(p)], *x = cpu->v[isa_j(p)];
    for (unsigned e = 0; e < n; e++)
        write_data(cpu, cpu->a[0] + (uint32_t)index[e], x[e]);
    cpu->vector_elements += n;
}
