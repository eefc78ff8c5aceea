/*
 * isa.h - the one description of the Cray-1 / X-MP instruction set.
 *
 * Every instruction form is one row of emu/isa_table.def.  A row says which
 * first-parcel bit patterns it covers (match/mask), how many parcels it has,
 * the functional unit and its time, the models that have it, the model
 * feature it counts as, the executor routine, and its CAL syntax (result and
 * operand field patterns).  The decoder, the executor's dispatch, the
 * disassembler, the assembler (os/cal) and the timing model all read it.
 *
 * CAL patterns.  A pattern is CAL text in which these placeholders stand for
 * instruction fields:
 *   Ai Aj Ak Ah  Si Sj Sk  Vi Vj Vk   register whose number fills field i/j/k/h
 *   Bjk Tjk SMjk                      B / T register or semaphore numbered by jk
 *   SBj STj                           X-MP shared B / T register numbered by j
 *   PSj QSj ZSj PVj QVj               population / parity / leading-zero forms
 *   {jk}      expression 0..63 into jk
 *   {64-jk}   expression n in 1..64 encoded jk = (64 - n) & 077
 *   {jkm}     expression 0..2^22-1 into jkm (zero-extended constant)
 *   {~jkm}    expression -2^22..-1, encoded jkm = ~value (complemented constant)
 *   {disp}    signed 22-bit memory displacement (may be empty: 0)
 *   {ijkm}    24-bit branch target, a parcel address (word addresses x4)
 *   {exp24}   X-MP 24-bit constant: low 2 bits of i, then jkm
 *   {j}       expression 0..7 into j (e.g. CLN)
 * Any other text is literal.  A literal number (e.g. the 1 of `Ai Aj+1`) is an
 * expression that must have exactly that absolute value; a literal float
 * (`1.`, `0.6`) must be spelled exactly so.  A placeholder that occurs twice
 * (`Si Si<{jk}`) must name the same register both times.  Where a pattern
 * says `Ah`, the register may be written A0, 0 or left empty (h = 0).
 *
 * Row order matters twice: the decoder takes the first row that matches a
 * parcel (so special forms such as `Si Sk` stand before `Si Sj!Sk`, and the
 * disassembler prints the most specific spelling), and the encoder, among
 * rows of the same shape that accept the operands, takes the one with the
 * fewest parcels, then the first in table order.
 */
#ifndef C1_EMU_ISA_H
#define C1_EMU_ISA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Machine models.  Bits, so that a row can belong to several. */
enum isa_model {
    MODEL_CRAY1 = 1u << 0,
    MODEL_XMP = 1u << 1,
};
#define MODEL_ALL (MODEL_CRAY1 | MODEL_XMP)

/* Model-specific features a program can use; the CPU records each one it
 * executes, and a dropfile keeps the set so that a restart can be refused on
 * a machine that lacks one. */
enum isa_feature {
    FEAT_NONE = 0,
    FEAT_VPOP = 1u << 0,      /* 174ij1/2 vector pop / parity (rev E/F option, X-MP) */
    FEAT_SPARITY = 1u << 1,   /* 026ij1 scalar parity (rev F option, X-MP) */
    FEAT_PCLOCK = 1u << 2,    /* 0014j4-7 programmable clock */
    FEAT_CONST24 = 1u << 3,   /* X-MP 01h 24-bit constant form */
    FEAT_GATHER = 1u << 4,    /* X-MP 176i1k / 1771jk gather / scatter */
    FEAT_COMPRESS = 1u << 5,  /* X-MP 175 compressed index */
    FEAT_STATUS = 1u << 6,    /* X-MP 073i01 status register, 023i01 Ai VL */
    FEAT_SHARED = 1u << 7,    /* X-MP shared registers and semaphores */
    FEAT_XMPMODE = 1u << 8,   /* X-MP 0023-0027 mode instructions, CLN, SIPI */
};
#define FEAT_XMP_ONLY                                                                      \
    (FEAT_CONST24 | FEAT_GATHER | FEAT_COMPRESS | FEAT_STATUS | FEAT_SHARED | FEAT_XMPMODE)

/* Functional units (timing model and reservations). */
enum isa_unit {
    UNIT_NONE,       /* transmit, no unit */
    UNIT_BRANCH,     /* jumps and branches */
    UNIT_EXCHANGE,   /* 000 / 004 */
    UNIT_MONITOR,    /* 001x channel / clock / XA instructions */
    UNIT_A_ADD,
    UNIT_A_MUL,
    UNIT_S_ADD,
    UNIT_S_LOGICAL,
    UNIT_S_SHIFT,
    UNIT_POP_LZ,
    UNIT_F_ADD,
    UNIT_F_MUL,
    UNIT_F_RECIP,
    UNIT_V_LOGICAL,
    UNIT_V_SHIFT,
    UNIT_V_ADD,
    UNIT_V_POP,
    UNIT_MEMORY,     /* scalar, block and vector memory references */
    UNIT_COUNT
};

/* Row flags. */
enum isa_flag {
    ISA_VECTOR = 1u << 0,   /* a vector instruction (VL elements) */
    ISA_FLOAT = 1u << 1,    /* counts floating-point operations (MFLOPS) */
    ISA_BRANCH = 1u << 2,   /* may change P */
    ISA_LOAD = 1u << 3,     /* reads memory */
    ISA_STORE = 1u << 4,    /* writes memory */
    ISA_MONITOR = 1u << 5,  /* privileged: a no-op outside monitor mode */
    ISA_BLOCK = 1u << 6,    /* 034-037 block transfer */
};

struct cpu;
/* Executor routine: parcel is the first parcel, m the second (0 if none). */
typedef void (*isa_exec_fn)(struct cpu *cpu, unsigned parcel, unsigned m);

struct isa_row {
    uint16_t match;         /* first-parcel bits that must equal ... */
    uint16_t mask;          /* ... under this mask */
    uint8_t parcels;        /* 1 or 2 */
    uint8_t unit;           /* enum isa_unit */
    uint8_t time;           /* CP from issue to result (unit time for vectors) */
    uint8_t models;         /* enum isa_model bits */
    uint16_t feature;       /* enum isa_feature bit, or 0 */
    uint16_t flags;         /* enum isa_flag bits */
    const char *exec_name;  /* name of the executor routine (for traces) */
    const char *result;     /* CAL result field pattern */
    const char *operand;    /* CAL operand field pattern ("" for none) */
};

/* The table (emu/isa_table.def, in order). */
extern const struct isa_row isa_rows[];
extern const size_t isa_row_count;

/* Parcel fields. */
static inline unsigned isa_opcode(unsigned p) { return (p >> 9) & 0177; }
static inline unsigned isa_h(unsigned p) { return (p >> 9) & 07; }
static inline unsigned isa_i(unsigned p) { return (p >> 6) & 07; }
static inline unsigned isa_j(unsigned p) { return (p >> 3) & 07; }
static inline unsigned isa_k(unsigned p) { return p & 07; }
static inline unsigned isa_jk(unsigned p) { return p & 077; }
static inline uint32_t isa_jkm(unsigned p, unsigned m) { return ((uint32_t)(p & 077) << 16) | (m & 0xFFFF); }
static inline uint32_t isa_ijkm(unsigned p, unsigned m) { return ((uint32_t)(p & 0777) << 16) | (m & 0xFFFF); }

/* The row that executes parcel p on the given model (the table covers every
 * parcel: its last row catches what the machine does not define). */
int isa_decode(unsigned model, unsigned parcel);

/* A decoder: the row of every first parcel, for one model, for the CPU's
 * dispatch (64 K entries, built in well under a millisecond). */
struct isa_decoder {
    unsigned model;
    uint8_t row[65536];
};
void isa_decoder_init(struct isa_decoder *decoder, unsigned model);

/* Model names ("cray1", "xmp") <-> bits. */
unsigned isa_model_from_name(const char *name);
const char *isa_model_name(unsigned model);
const char *isa_unit_name(unsigned unit);
/* Comma-separated names of the features in a set, into buf. */
const char *isa_feature_names(unsigned features, char *buf, size_t size);

/*
 * Fields as tokens: the encoder's view of a CAL statement.  isa_scan() cuts
 * a result or operand field into register designators, operators, keywords
 * and expressions, the same way for source text and for the table's
 * patterns, so that the assembler and the disassembler agree on every form.
 * For source text the assembler then evaluates each expression token (and
 * each symbolic register number, `A.sym`) and calls isa_encode().
 */
#define ISA_MAX_TOKENS 12

enum isa_token_kind {
    TOK_REG,    /* register designator: class "A","S","V","B","T","SB","ST","SM","SR",
                   "PS","QS","ZS","PV","QV", or a named one "VL","VM","RT","SB"... */
    TOK_EXPR,   /* expression (possibly empty) */
    TOK_OP,     /* operator: + - * / & ! \ # < > , and +F -F *F *H *R *I /H */
    TOK_WORD,   /* keyword after a comma (Z N P M TS), or an instruction name (J, EX) */
};

/* Placeholder kinds of a pattern's expression tokens (see the top of this file). */
enum isa_slot {
    SLOT_NONE,     /* source expression, or a pattern literal */
    SLOT_JK,
    SLOT_64_MINUS_JK,
    SLOT_JKM,
    SLOT_NOT_JKM,
    SLOT_DISP,
    SLOT_IJKM,
    SLOT_EXP24,
    SLOT_J,
};

enum isa_value_flags {
    ISA_VAL_KNOWN = 1u << 0,      /* value known (else undefined, e.g. pass 1 forward ref) */
    ISA_VAL_RELOC = 1u << 1,      /* relocatable or external */
    ISA_VAL_WORD = 1u << 2,       /* word-address attribute */
    ISA_VAL_PARCEL = 1u << 3,     /* parcel-address attribute */
    ISA_VAL_FLOAT = 1u << 4,      /* a floating constant */
    ISA_VAL_MODULO = 1u << 5,     /* relocatable in an object module: the loader adds the
                                     address modulo the field's width, so a negative offset
                                     (EXT-1, a common's symbol minus a constant) is kept */
};

struct isa_token {
    uint8_t kind;        /* enum isa_token_kind */
    uint8_t slot;        /* pattern expressions: enum isa_slot */
    char name[5];        /* REG class / named register, OP text, WORD text (upper case) */
    char field[3];       /* pattern REG: "i","j","k","h","jk"; "" if numbered */
    int16_t number;      /* REG number; -1 if a pattern field or symbolic (A.sym) */
    const char *text;    /* EXPR text, or the symbol of A.sym; not terminated */
    uint16_t length;
    /* Set by the caller for source EXPR tokens and symbolic registers: */
    int64_t value;
    unsigned value_flags; /* enum isa_value_flags */
};

struct isa_field {
    int count;
    struct isa_token token[ISA_MAX_TOKENS];
};

/* Cut text[0..length) into tokens.  pattern selects table-pattern syntax
 * (field letters, {slots}).  Returns 0, or -1 if the field has too many
 * tokens or a malformed register designator. */
int isa_scan(const char *text, size_t length, bool pattern, struct isa_field *out);

enum isa_encode_status {
    ISA_ENC_OK = 0,
    ISA_ENC_NO_RESULT,   /* no row has this result-field form (CAL error R) */
    ISA_ENC_NO_OPERAND,  /* result matched, operand did not (CAL error O) */
    ISA_ENC_RANGE,       /* the form matched but a value is out of range (O) */
    ISA_ENC_REGISTER,    /* a register number out of range (V) */
};

/* Encode: choose the row for these fields among the rows of the given models
 * and produce its parcels.  On success *row is the chosen row and
 * parcels[0..isa_rows[*row].parcels-1] the code. */
/* The table's patterns, scanned once, for encoding and disassembly. */
struct isa_forms;
struct isa_forms *isa_forms_create(void);
void isa_forms_destroy(struct isa_forms *forms);

int isa_encode(const struct isa_forms *forms, unsigned models, const struct isa_field *result,
               const struct isa_field *operand, uint16_t parcels[2], int *row);

/* Encode with a given row (the assembler keeps pass 1's choice of row, so
 * that an instruction's size is the same in both passes). */
int isa_encode_with_row(const struct isa_forms *forms, int row, const struct isa_field *result,
                        const struct isa_field *operand, uint16_t parcels[2]);

/* Disassemble the instruction at parcels[0..] on a model into CAL text
 * ("S1       S2+FS3"): result and operand fields, padded to column 10.
 * Returns the number of parcels consumed.  If the canonical spelling would
 * not re-encode to the same bits (bits in fields the hardware ignores, or a
 * value that the assembler would encode in a shorter form) the text is a
 * VWD statement that reproduces the bits, with the meaning in a comment. */
int isa_disassemble(const struct isa_forms *forms, unsigned model, const uint16_t *parcels,
                    int available, char *buf, size_t size);

#endif
