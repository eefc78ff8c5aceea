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
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zstd.h>

#include "dropfile_internal.h"

#define MAX_THREADS 8


struct piece {
    uint8_t *data;          /* compressed frame */
    size_t size;
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

static size_t piece_length(const struct job *j, size_t i)
{
    uint64_t start = (uint64_t)i * DROPFILE_PIECE_BYTES;
    uint64_t left = j->length - start;
    return left < DROPFILE_PIECE_BYTES ? (size_t)left : DROPFILE_PIECE_BYTES;
}

static void compress_piece(struct job *j, size_t i, ZSTD_CCtx *cctx, uint8_t *scratch)
{
    struct piece *p = &j->pieces[i];
    size_t n = piece_length(j, i);
    const uint8_t *src;
    if (j->src) {
        src = j->src + (size_t)i * DROPFILE_PIECE_BYTES;
    } else {
        j->fill(j->ctx, (uint64_t)i * DROPFILE_PIECE_BYTES, n, scratch);
        src = scratch;
    }
    size_t bound = ZSTD_compressBound(n);
    p->data = malloc(bound);
    if (!p->data || !cctx) {
        p->failed = true;
        return;
    }
    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_only);
    size_t got = ZSTD_compress2(cctx, p->data, bound, src, n);
    if (ZSTD_isError(got))
        p->failed = true;
    else
        p->size = got;
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
    ZSTD_CCtx *cctx = new_cctx();
    uint8_t *scratch = j->src ? NULL : malloc(DROPFILE_PIECE_BYTES);
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t i = j->next++;
        pthread_mutex_unlock(&j->lock);
        if (i >= j->count)
            break;
        if (!j->src && !scratch)
            j->pieces[i].failed = true;
        else
            compress_piece(j, i, cctx, scratch);
    }
    free(scratch);
    ZSTD_freeCCtx(cctx);
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
    size_t total = 8;
    for (size_t i = 0; i < count; i++)
        total += j.pieces[i].size;
    dfbuf_reserve(out, total);
    dfbuf_u64(out, length);
    for (size_t i = 0; i < count; i++) {
        if (j.pieces[i].failed)
            status = DROPFILE_E_NOMEM;
        else
            dfbuf_put(out, j.pieces[i].data, j.pieces[i].size);
        free(j.pieces[i].data);
    }
    free(j.pieces);
    if (out->failed)
        status = DROPFILE_E_NOMEM;
    return status;
}

int dropfile_compressed_length(const uint8_t *src, size_t n, uint64_t *length)
{
    if (n < 8)
        return -1;
    *length = get_be64(src);
    return 0;
}

int dropfile_decompress_into(const uint8_t *src, size_t n, uint8_t *dst, char *why,
                             size_t why_size)
{
    uint64_t length;
    if (dropfile_compressed_length(src, n, &length)) {
        snprintf(why, why_size, "compressed contents of %zu bytes: too short", n);
        return DROPFILE_E_MALFORMED;
    }
    src += 8;
    n -= 8;
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    if (!dctx) {
        snprintf(why, why_size, "out of memory");
        return DROPFILE_E_NOMEM;
    }
    int status = 0;
    uint64_t done = 0;
    size_t piece = 0;
    do {
        uint64_t left = length - done;
        size_t want = left < DROPFILE_PIECE_BYTES ? (size_t)left : DROPFILE_PIECE_BYTES;
        unsigned long long declared = ZSTD_getFrameContentSize(src, n);
        size_t frame = ZSTD_findFrameCompressedSize(src, n);
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
