/*
 * dropfile_compress.c - zstd compression of dropfile sections, in pieces.
 *
 * A compressed payload is its uncompressed length (u64) followed by one
 * zstd frame per 1 MiB piece of the payload.  Pieces are independent, so
 * the writer compresses them on several threads and the bytes are the same
 * whatever the number of threads; every parameter that could change the
 * output is fixed (level, no checksum, no dictionary id, content size in
 * every frame).  The reader checks that each frame holds exactly its
 * piece and that the frames fill the section.
 *
 * Never compressed when it does not shrink: a piece whose samples do not
 * shrink by an eighth, or whose frame would be no smaller than the piece,
 * is stored as a zstd frame of raw blocks (the piece's bytes with a few
 * bytes of framing), which any zstd reader reads; what a piece becomes
 * depends on its bytes alone.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zstd.h>
#include <zstd_errors.h>

#include "dropfile_internal.h"

#define MAX_THREADS 8
#define SAMPLE_BYTES (16u << 10)        /* four samples of a piece decide whether to compress it */
#define RAW_BLOCK_BYTES (128u << 10)    /* zstd's largest block */
#define RAW_FRAME_HEADER_BYTES 9u       /* magic, descriptor, 4-byte content size */


struct piece {
    uint8_t *slot;          /* where its frame goes in the output: room for it raw */
    size_t size;            /* the frame's size */
    bool failed;
};

struct job {
    const uint8_t *src;
    uint64_t length;
    dropfile_fill_fn fill;
    const void *ctx;
    struct piece *pieces;
    size_t count;
    size_t next;            /* next piece to take (under lock) */
    pthread_mutex_t lock;
};

/* What one thread works with, reused for each piece it takes. */
struct worker_buffers {
    ZSTD_CCtx *cctx;
    uint8_t *piece;         /* a piece made by fill (NULL with src) */
    uint8_t *sample;        /* a sample made by fill (NULL with src) */
    uint8_t *sample_out;    /* a sample compressed */
};

static size_t piece_length(const struct job *j, size_t i)
{
    uint64_t start = (uint64_t)i * DROPFILE_PIECE_BYTES;
    uint64_t left = j->length - start;
    return left < DROPFILE_PIECE_BYTES ? (size_t)left : DROPFILE_PIECE_BYTES;
}

size_t dropfile_raw_frame_size(size_t n)
{
    size_t blocks = n ? (n - 1) / RAW_BLOCK_BYTES + 1 : 1;
    return RAW_FRAME_HEADER_BYTES + 3 * blocks + n;
}

/* A raw frame of n bytes into dst, its blocks' bytes from src or, if src
 * is NULL, made by j's fill at payload offset at (n > 0). */
static size_t raw_frame(uint8_t *dst, const uint8_t *src, size_t n, const struct job *j,
                        uint64_t at)
{
    /* Magic, then the frame header descriptor: a 4-byte content size, a
     * single segment (no window descriptor), no checksum, no dictionary. */
    static const uint8_t head[5] = {0x28, 0xB5, 0x2F, 0xFD, 0xA0};
    memcpy(dst, head, sizeof head);
    for (int b = 0; b < 4; b++)
        dst[5 + b] = (uint8_t)((uint32_t)n >> (8 * b));
    size_t put = RAW_FRAME_HEADER_BYTES, done = 0;
    do {
        size_t k = n - done < RAW_BLOCK_BYTES ? n - done : RAW_BLOCK_BYTES;
        /* Block header, little-endian: last block, type 0 (raw), size. */
        uint32_t header = (uint32_t)(done + k == n) | (uint32_t)k << 3;
        dst[put] = (uint8_t)header;
        dst[put + 1] = (uint8_t)(header >> 8);
        dst[put + 2] = (uint8_t)(header >> 16);
        if (src)
            memcpy(dst + put + 3, src + done, k);
        else
            j->fill(j->ctx, at + done, k, dst + put + 3);
        put += 3 + k;
        done += k;
    } while (done < n);
    return put;
}

size_t dropfile_raw_frame(uint8_t *dst, const uint8_t *src, size_t n)
{
    return raw_frame(dst, src, n, NULL, 0);
}

/* Do four samples of piece i shrink by at least an eighth?  Pieces under
 * four samples' worth are compressed whole. */
static bool samples_shrink(const struct job *j, size_t i, size_t n, struct worker_buffers *w)
{
    if (n < 4 * SAMPLE_BYTES)
        return true;
    size_t in = 0, got = 0;
    for (size_t k = 0; k < 4; k++) {
        size_t offset = k * ((n - SAMPLE_BYTES) / 3) / 8 * 8;
        const uint8_t *at;
        if (j->src) {
            at = j->src + (size_t)i * DROPFILE_PIECE_BYTES + offset;
        } else {
            j->fill(j->ctx, (uint64_t)i * DROPFILE_PIECE_BYTES + offset, SAMPLE_BYTES, w->sample);
            at = w->sample;
        }
        ZSTD_CCtx_reset(w->cctx, ZSTD_reset_session_only);
        size_t c = ZSTD_compress2(w->cctx, w->sample_out, ZSTD_compressBound(SAMPLE_BYTES), at,
                                  SAMPLE_BYTES);
        if (ZSTD_isError(c))
            return true;
        in += SAMPLE_BYTES;
        got += c;
    }
    return got * 8 <= in * 7;
}

/* Piece i into its slot: compressed if its samples shrink and its frame
 * comes out smaller than the piece raw, else raw. */
static void compress_piece(struct job *j, size_t i, struct worker_buffers *w)
{
    struct piece *p = &j->pieces[i];
    size_t n = piece_length(j, i);
    uint64_t at = (uint64_t)i * DROPFILE_PIECE_BYTES;
    const uint8_t *src = j->src ? j->src + at : NULL;
    if (!n) {   /* the one empty frame of an empty payload */
        ZSTD_CCtx_reset(w->cctx, ZSTD_reset_session_only);
        p->size = ZSTD_compress2(w->cctx, p->slot, ZSTD_compressBound(0), "", 0);
        p->failed = ZSTD_isError(p->size);
        return;
    }
    size_t raw = dropfile_raw_frame_size(n);
    if (samples_shrink(j, i, n, w)) {
        if (!src) {
            j->fill(j->ctx, at, n, w->piece);
            src = w->piece;
        }
        ZSTD_CCtx_reset(w->cctx, ZSTD_reset_session_only);
        size_t got = ZSTD_compress2(w->cctx, p->slot, raw - 1, src, n);
        if (!ZSTD_isError(got)) {
            p->size = got;
            return;
        }
        if (ZSTD_getErrorCode(got) != ZSTD_error_dstSize_tooSmall) {
            p->failed = true;
            return;
        }
    }
    p->size = raw_frame(p->slot, src, n, j, at);
}

static ZSTD_CCtx *new_cctx(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    if (cctx) {
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, DROPFILE_ZSTD_LEVEL);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 0);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_dictIDFlag, 0);
    }
    return cctx;
}

static void *worker(void *arg)
{
    struct job *j = arg;
    struct worker_buffers w = {new_cctx(), j->src ? NULL : malloc(DROPFILE_PIECE_BYTES),
                               j->src ? NULL : malloc(SAMPLE_BYTES),
                               malloc(ZSTD_compressBound(SAMPLE_BYTES))};
    bool ready = w.cctx && w.sample_out && (j->src || (w.piece && w.sample));
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t i = j->next++;
        pthread_mutex_unlock(&j->lock);
        if (i >= j->count)
            break;
        if (!ready)
            j->pieces[i].failed = true;
        else
            compress_piece(j, i, &w);
    }
    free(w.piece);
    free(w.sample);
    free(w.sample_out);
    ZSTD_freeCCtx(w.cctx);
    return NULL;
}

static unsigned thread_count(size_t pieces)
{
    /* One per processor (at most MAX_THREADS); the bytes do not depend on it. */
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus < 1)
        cpus = 1;
    if (cpus > MAX_THREADS)
        cpus = MAX_THREADS;
    return (unsigned)((size_t)cpus < pieces ? (size_t)cpus : pieces);
}

int dropfile_compress(const uint8_t *src, uint64_t length, dropfile_fill_fn fill,
                      const void *ctx, struct dfbuf *out)
{
    size_t count = length ? (size_t)((length - 1) / DROPFILE_PIECE_BYTES + 1) : 1;
    struct job j = {src, length, fill, ctx, calloc(count, sizeof(struct piece)), count, 0,
                    PTHREAD_MUTEX_INITIALIZER};
    if (!j.pieces)
        return DROPFILE_E_NOMEM;
    if (!src && !length)
        j.src = (const uint8_t *)"";
    /* Each piece has a slot in the output, as large as it is raw; the
     * frames are written there in parallel, then closed up. */
    size_t room = 8;
    for (size_t i = 0; i < count; i++) {
        size_t n = piece_length(&j, i);
        room += n ? dropfile_raw_frame_size(n) : ZSTD_compressBound(0);
    }
    if (!dfbuf_reserve(out, room)) {
        free(j.pieces);
        return DROPFILE_E_NOMEM;
    }
    dfbuf_u64(out, length);
    uint8_t *base = out->data + out->length, *slot = base;
    for (size_t i = 0; i < count; i++) {
        size_t n = piece_length(&j, i);
        j.pieces[i].slot = slot;
        slot += n ? dropfile_raw_frame_size(n) : ZSTD_compressBound(0);
    }
    /* The calling thread works too; helpers only when there is more than
     * one piece. */
    pthread_t helpers[MAX_THREADS];
    unsigned started = 0, want = thread_count(count);
    for (unsigned t = 1; t < want; t++)
        if (!pthread_create(&helpers[started], NULL, worker, &j))
            started++;
    worker(&j);
    for (unsigned t = 0; t < started; t++)
        pthread_join(helpers[t], NULL);
    int status = 0;
    uint8_t *put = base;
    for (size_t i = 0; i < count; i++) {
        if (j.pieces[i].failed) {
            status = DROPFILE_E_NOMEM;
            break;
        }
        if (put != j.pieces[i].slot)
            memmove(put, j.pieces[i].slot, j.pieces[i].size);
        put += j.pieces[i].size;
    }
    if (!status)
        out->length += (size_t)(put - base);
    free(j.pieces);
    return status;
}

int dropfile_compressed_length(const uint8_t *src, size_t n, uint64_t *length)
{
    if (n < 8)
        return -1;
    *length = get_be64(src);
    return 0;
}

/* A frame as the writer stores a piece that does not shrink (magic,
 * descriptor 0xA0, a 4-byte content size, raw blocks only), want bytes of
 * it copied to dst (as words: converted, each block a whole number of
 * words): its size, or 0 if it is not such a frame (zstd then reads it,
 * and says what is wrong if anything is). */
static size_t raw_frame_read(const uint8_t *src, size_t n, size_t want, uint8_t *dst,
                             bool words)
{
    static const uint8_t head[5] = {0x28, 0xB5, 0x2F, 0xFD, 0xA0};
    if (n < RAW_FRAME_HEADER_BYTES || memcmp(src, head, sizeof head) ||
        ((uint32_t)src[5] | (uint32_t)src[6] << 8 | (uint32_t)src[7] << 16 |
         (uint32_t)src[8] << 24) != want)
        return 0;
    size_t at = RAW_FRAME_HEADER_BYTES, done = 0;
    for (;;) {
        if (n - at < 3)
            return 0;
        uint32_t header = (uint32_t)src[at] | (uint32_t)src[at + 1] << 8 |
                          (uint32_t)src[at + 2] << 16;
        size_t k = header >> 3;
        bool last = header & 1;
        at += 3;
        if ((header >> 1 & 3) != 0 || k > RAW_BLOCK_BYTES || k > want - done || k > n - at ||
            (words && (k % 8 || done % 8)))
            return 0;
        if (words)
            dropfile_be_to_words((uint64_t *)(void *)(dst + done), src + at, k / 8);
        else
            memcpy(dst + done, src + at, k);
        at += k;
        done += k;
        if (last)
            return done == want ? at : 0;
    }
}

/* The frames of a compressed payload into dst (as words: converted). */
static int decompress_frames(const uint8_t *src, size_t n, uint8_t *dst, bool words,
                             char *why, size_t why_size)
{
    uint64_t length;
    if (dropfile_compressed_length(src, n, &length)) {
        snprintf(why, why_size, "compressed contents of %zu bytes: too short", n);
        return DROPFILE_E_MALFORMED;
    }
    src += 8;
    n -= 8;
    ZSTD_DCtx *dctx = NULL;
    int status = 0;
    uint64_t done = 0;
    size_t piece = 0;
    do {
        uint64_t left = length - done;
        size_t want = left < DROPFILE_PIECE_BYTES ? (size_t)left : DROPFILE_PIECE_BYTES;
        size_t frame = raw_frame_read(src, n, want, dst + done, words);
        if (frame) {
            src += frame;
            n -= frame;
            done += want;
            piece++;
            continue;
        }
        if (!dctx && !(dctx = ZSTD_createDCtx())) {
            snprintf(why, why_size, "out of memory");
            return DROPFILE_E_NOMEM;
        }
        unsigned long long declared = ZSTD_getFrameContentSize(src, n);
        frame = ZSTD_findFrameCompressedSize(src, n);
        if (!n) {
            snprintf(why, why_size, "zstd frame %zu is missing", piece);
            status = DROPFILE_E_MALFORMED;
        } else if (declared == ZSTD_CONTENTSIZE_ERROR || declared == ZSTD_CONTENTSIZE_UNKNOWN ||
                   ZSTD_isError(frame)) {
            snprintf(why, why_size, "zstd frame %zu is not valid or has no content size", piece);
            status = DROPFILE_E_MALFORMED;
        } else if (declared != want) {
            snprintf(why, why_size, "zstd frame %zu holds %llu bytes, not %zu", piece, declared,
                     want);
            status = DROPFILE_E_MALFORMED;
        } else {
            size_t got = ZSTD_decompressDCtx(dctx, dst + done, want, src, frame);
            if (ZSTD_isError(got) || got != want) {
                snprintf(why, why_size, "zstd frame %zu: %s", piece,
                         ZSTD_isError(got) ? ZSTD_getErrorName(got) : "short output");
                status = DROPFILE_E_MALFORMED;
            } else if (words) {
                /* in place: word i is read before it is written */
                dropfile_be_to_words((uint64_t *)(void *)(dst + done), dst + done, want / 8);
            }
        }
        if (status)
            break;
        src += frame;
        n -= frame;
        done += want;
        piece++;
    } while (done < length);
    if (!status && n) {
        snprintf(why, why_size, "%zu bytes after the last zstd frame", n);
        status = DROPFILE_E_MALFORMED;
    }
    ZSTD_freeDCtx(dctx);
    return status;
}

int dropfile_decompress_into(const uint8_t *src, size_t n, uint8_t *dst, char *why,
                             size_t why_size)
{
    return decompress_frames(src, n, dst, false, why, why_size);
}

int dropfile_decompress_words(const uint8_t *src, size_t n, uint64_t *words, char *why,
                              size_t why_size)
{
    return decompress_frames(src, n, (uint8_t *)words, true, why, why_size);
}

int dropfile_decompress(const uint8_t *src, size_t n, uint64_t limit, uint8_t **out,
                        size_t *out_n, char *why, size_t why_size)
{
    uint64_t length;
    *out = NULL;
    *out_n = 0;
    if (dropfile_compressed_length(src, n, &length)) {
        snprintf(why, why_size, "compressed contents of %zu bytes: too short", n);
        return DROPFILE_E_MALFORMED;
    }
    if (length > limit) {
        snprintf(why, why_size, "would decompress to %llu bytes, more than the %llu allowed",
                 (unsigned long long)length, (unsigned long long)limit);
        return DROPFILE_E_OVERSIZED;
    }
    /* Even a run of one byte costs 4 bytes per 128 KiB block (an RLE
     * block): a length beyond that is a lie, refused before allocating. */
    if (length / 32768 > n) {
        snprintf(why, why_size, "declares %llu bytes in %zu compressed bytes",
                 (unsigned long long)length, n);
        return DROPFILE_E_MALFORMED;
    }
    uint8_t *buf = malloc(length ? (size_t)length : 1);
    if (!buf) {
        snprintf(why, why_size, "out of memory for %llu bytes", (unsigned long long)length);
        return DROPFILE_E_NOMEM;
    }
    int status = dropfile_decompress_into(src, n, buf, why, why_size);
    if (status) {
        free(buf);
        return status;
    }
    *out = buf;
    *out_n = (size_t)length;
    return 0;
}
