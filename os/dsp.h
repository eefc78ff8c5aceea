/*
 * dsp.h - COS's Dataset Parameter Table (DSP): the 24 words in a job's
 * field through which a COS program does its dataset I/O, and the
 * buffered I/O request (F$BIO) done on a dataset.
 *
 * A program opens a dataset through an Open Dataset Name table (ODN,
 * F$OPN in COS's form); the OS then writes the dataset's DSP into the
 * field and its address into the ODN.  The library routines behind COS's
 * READ, READP, WRITE, WRITEP, WRITEF, WRITED and REWIND ($RWDR, $RWDP,
 * $WWDR, $WWDS, $WEOF, $WEOD, $REWD in roms/syslib.cal) put a request in
 * the DSP's word DPBIO and issue F$BIO; the OS does it at once, so the
 * busy bit is clear when F$BIO returns.  Words (docs/job-interface.md):
 *
 *   0  DPDN   the dataset name, ASCII, left-justified, zero-filled
 *   1-4       FIRST, IN, OUT, LIMIT: a user-managed DSP's buffer, kept;
 *             C-1 buffers in the OS, so a system-managed DSP has zeros
 *   5  DPCWF  bits 0-3: the control word the last request reached:
 *             010 end of record, 016 end of file, 017 end of data, 0 none
 *   7  DPBIO  bit 0 busy, bit 1 error, bits 2-9 function, bits 10-15
 *             unused bit count, bits 16-39 word count, bits 40-63 address
 *   010       C-1's own: "C1DSP" in bits 0-39 and the OS's handle of the
 *             dataset in bits 56-63 (the word COS's tables leave unnamed)
 *
 * Bits are numbered as Cray's manuals number them: bit 0 is the most
 * significant of the 64.  Uses emu/cpu.h (the field) and os/datasets/.
 */
#ifndef C1_OS_DSP_H
#define C1_OS_DSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu/cpu.h"
#include "os/datasets/dataset.h"

#define DSP_WORDS 24u
#define DSP_ADDRESS_MASK 0xFFFFFFu   /* a 24-bit field (bits 40-63): an address, a count */
#define DSP_DPDN 0u
#define DSP_FIRST 1u
#define DSP_LIMIT 4u
#define DSP_DPCWF 5u
#define DSP_DPBIO 7u
#define DSP_TAG_WORD 010u
#define DSP_TAG 0x4331445350000000ull   /* "C1DSP" in bits 0-39 */
#define DSP_TAG_MASK 0xFFFFFFFFFF000000ull

/* DPCWF's control words (bits 0-3). */
enum dsp_control_word { DSP_CW_NONE = 0, DSP_CW_EOR = 010, DSP_CW_EOF = 016, DSP_CW_EOD = 017 };

/* F$BIO's functions (DPBIO bits 2-9). */
enum dsp_function {
    DSP_READ_PARTIAL = 000, DSP_READ_RECORD = 010, DSP_WRITE_PARTIAL = 040,
    DSP_WRITE_RECORD = 050, DSP_WRITE_EOF = 052, DSP_WRITE_EOD = 056, DSP_REWIND = 0156,
};

/* DPBIO decoded. */
struct dsp_request {
    unsigned function;        /* bits 2-9 */
    unsigned unused_bits;     /* bits 10-15 */
    uint32_t words;           /* bits 16-39 */
    uint32_t address;         /* bits 40-63: the user's data area */
};

/* What a request did, for the job's accounting. */
struct dsp_result {
    bool error;               /* DPBIO's error bit was set */
    uint64_t bytes;           /* bytes read or written */
    bool record_written;      /* a write began a new record */
    char why[160];            /* with error: the reason, for the job log */
};

/* The DSP's words at a field address (relative to the field).  0, or -1
 * if they leave the field (the whole register counts: 2^32 + 0300 is
 * outside, not at 0300). */
int dsp_fetch(const struct cpu *cpu, uint64_t address, uint64_t dsp[DSP_WORDS]);
/* The words back; the address was fetched before, so it is inside. */
void dsp_store(struct cpu *cpu, uint64_t address, const uint64_t dsp[DSP_WORDS]);

/* A DSP the OS opened for handle: the name, the tag, DPCWF and DPBIO
 * cleared; FIRST..LIMIT kept if keep_buffer (a user-managed DSP's own),
 * else zero. */
void dsp_open(uint64_t dsp[DSP_WORDS], const char *name, unsigned handle, bool keep_buffer);
/* A request refused: DPBIO's busy bit clear, its error bit set, no words. */
void dsp_refuse(uint64_t dsp[DSP_WORDS]);
/* The handle a DSP carries, or 0 if it has no tag (never opened, closed,
 * or not a DSP). */
unsigned dsp_handle(const uint64_t dsp[DSP_WORDS]);
/* Closed: the tag gone, so a later F$BIO on it is an error. */
void dsp_close(uint64_t dsp[DSP_WORDS]);

struct dsp_request dsp_decode(uint64_t dpbio);
/* Bytes a write request adds to its record: words * 8, less the unused
 * bit count's whole bytes for a record write; 0 for the other functions. */
uint64_t dsp_write_bytes(const struct dsp_request *request);

/* Do the request in the DSP's DPBIO on ds, moving words between ds and
 * the user's data area in the field; DPBIO (busy clear, error, unused
 * bit count, words done) and DPCWF are set in dsp[], which the caller
 * stores back.  A request the dataset refuses (not open that way, read
 * only, an unknown function, out of memory) sets the error bit with the
 * reason in result->why.  -1 (nothing done, dsp[] unchanged) if the data
 * area leaves the field, with the reason in error. */
int dsp_serve(struct cpu *cpu, uint64_t dsp[DSP_WORDS], struct dataset *ds,
              struct dsp_result *result, char *error, size_t size);

#endif
