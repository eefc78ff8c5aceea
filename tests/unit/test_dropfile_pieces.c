/*
 * test_dropfile_pieces.c - how the MEMORY section stores each 1 MiB piece
 * of a field: compressed when it shrinks, else raw, as a zstd frame of raw
 * blocks that libzstd itself reads; a field of random words costs a few
 * bytes of framing per piece, a mixed field chooses piece by piece, the
 * bytes do not depend on the number of threads, and the reader's direct
 * path for raw frames gives what zstd gives, falling back to zstd for any
 * frame that is not exactly the writer's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zstd.h>

#include "test_support.h"

#include "dropfile_sample.h"
#include "emu/cpu.h"
#include "emu/isa.h"
#include "emu/memory.h"
#include "os/dropfile/dropfile.h"
#include "os/dropfile/dropfile_internal.h"

#define PIECE_WORDS (DROPFILE_PIECE_BYTES / 8)

/* A dropfile of a field of `words` words made by kind: piece k random
 * when (random_pieces >> k) & 1, else zero. */
static void field_dropfile(struct dropfile *df, uint32_t words, unsigned random_pieces,
                           struct memory *memory, struct cpu *cpu)
{
    static struct isa_decoder decoder;
    isa_decoder_init(&decoder, MODEL_CRAY1);
    assert_int_equal(memory_init(memory, words + 1024), 0);
    sample_dropfile(df, cpu, memory, &decoder, MODEL_CRAY1, 512, words, 5);
    uint64_t seed = 99;
    for (uint32_t i = 0; i < words; i++)
        df->memory[i] = (random_pieces >> (i / PIECE_WORDS)) & 1 ? sample_random(&seed) : 0;
}

/* The MEMORY section's payload in an encoded file. */
static const uint8_t *memory_payload(const uint8_t *b, size_t size, size_t *length)
{
    size_t at = DROPFILE_HEADER_BYTES;
    while (at + 16 <= size) {
        unsigned type = (unsigned)(b[at] << 8 | b[at + 1]);
        uint64_t n = get_be64(b + at + 8);
        if (type == 0x0011) {
            *length = (size_t)n;
            return b + at + 16;
        }
        at += 16 + (size_t)n + 8;
    }
    fail_msg("no MEMORY section");
    return NULL;
}

/* The frames of a payload: each read by libzstd alone; their sizes. */
static size_t frames(const uint8_t *p, size_t n, size_t *sizes, size_t max)
{
    uint64_t length = get_be64(p);
    p += 8;
    n -= 8;
    size_t count = 0;
    uint8_t *out = malloc(DROPFILE_PIECE_BYTES);
    assert_non_null(out);
    for (uint64_t done = 0; done < length; count++) {
        assert_true(count < max);
        size_t frame = ZSTD_findFrameCompressedSize(p, n);
        assert_false(ZSTD_isError(frame));
        size_t got = ZSTD_decompress(out, DROPFILE_PIECE_BYTES, p, frame);
        assert_false(ZSTD_isError(got));
        sizes[count] = frame;
        p += frame;
        n -= frame;
        done += got;
    }
    assert_int_equal(n, 0);
    free(out);
    return count;
}

/* A field of `words` words (piece k random when (random_pieces >> k) & 1,
 * else zero, but for word 5), encoded: the sizes of its MEMORY frames
 * (their count returned); it reads back whole, and encodes again to the
 * same bytes. */
static size_t encode_field(uint32_t words, unsigned random_pieces, size_t *sizes, size_t max)
{
    struct memory memory;
    struct cpu *cpu = calloc(1, sizeof *cpu);
    struct dropfile df, back;
    struct dropfile_report r;
    assert_non_null(cpu);
    field_dropfile(&df, words, random_pieces, &memory, cpu);
    df.memory[5] = 12345;
    uint8_t *bytes, *again;
    size_t size, again_size, length;
    assert_int_equal(dropfile_encode(&df, &bytes, &size, &r), 0);
    const uint8_t *p = memory_payload(bytes, size, &length);
    size_t count = frames(p, length, sizes, max);
    assert_int_equal(dropfile_decode(bytes, size, &back, &r), 0);
    assert_memory_equal(back.memory, df.memory, (size_t)words * 8);
    assert_int_equal(dropfile_encode(&back, &again, &again_size, &r), 0);
    assert_int_equal(again_size, size);
    assert_memory_equal(again, bytes, size);
    free(again);
    dropfile_free(&back);
    free(bytes);
    dropfile_free(&df);
    memory_free(&memory);
    free(cpu);
    return count;
}

static void test_random_field_stored_raw(void **state)
{
    (void)state;
    size_t sizes[8];
    /* two whole pieces and a part, all random */
    assert_int_equal(encode_field(2 * PIECE_WORDS + 36000, 7, sizes, 8), 3);
    /* raw: 9 bytes of frame header, 3 per block of 128 KiB, the bytes */
    assert_int_equal(sizes[0], 9 + 3 * 8 + DROPFILE_PIECE_BYTES);
    assert_int_equal(sizes[1], 9 + 3 * 8 + DROPFILE_PIECE_BYTES);
    assert_int_equal(sizes[2], 9 + 3 * 3 + 36000 * 8);
}

static void test_mixed_field_piece_by_piece(void **state)
{
    (void)state;
    size_t sizes[8];
    /* zero (but for one word), random, zero, random */
    assert_int_equal(encode_field(4 * PIECE_WORDS, 2 | 8, sizes, 8), 4);
    assert_true(sizes[0] < 1000);
    assert_int_equal(sizes[1], 9 + 3 * 8 + DROPFILE_PIECE_BYTES);
    assert_true(sizes[2] < 1000);
    assert_int_equal(sizes[3], 9 + 3 * 8 + DROPFILE_PIECE_BYTES);
}

/* u64 length, then frames, into a buffer. */
static size_t payload(uint8_t *out, const uint8_t *frame, size_t frame_size, uint64_t length)
{
    put_be64(out, length);
    memcpy(out + 8, frame, frame_size);
    return 8 + frame_size;
}

static void test_reader_raw_frames(void **state)
{
    (void)state;
    uint8_t data[16], frame[64], buf[128];
    for (int i = 0; i < 16; i++)
        data[i] = (uint8_t)(i * 17 + 1);
    uint64_t words[2], expect[2] = {get_be64(data), get_be64(data + 8)};
    char why[200];

    /* The writer's raw frame: the direct path. */
    size_t f = dropfile_raw_frame(frame, data, 16);
    assert_int_equal(f, dropfile_raw_frame_size(16));
    assert_int_equal(ZSTD_getFrameContentSize(frame, f), 16);
    size_t n = payload(buf, frame, f, 16);
    assert_int_equal(dropfile_decompress_words(buf, n, words, why, sizeof why), 0);
    assert_memory_equal(words, expect, sizeof words);

    /* Raw blocks of 5 and 11 bytes (not whole words): still a valid zstd
     * frame, read by zstd. */
    memcpy(frame, "\x28\xB5\x2F\xFD\xA0\x10\x00\x00\x00", 9);
    frame[9] = 5 << 3, frame[10] = 0, frame[11] = 0;
    memcpy(frame + 12, data, 5);
    frame[17] = (uint8_t)(11 << 3 | 1), frame[18] = 0, frame[19] = 0;
    memcpy(frame + 20, data + 5, 11);
    n = payload(buf, frame, 31, 16);
    memset(words, 0, sizeof words);
    assert_int_equal(dropfile_decompress_words(buf, n, words, why, sizeof why), 0);
    assert_memory_equal(words, expect, sizeof words);

    /* A frame that declares other contents than its piece: refused. */
    f = dropfile_raw_frame(frame, data, 8);
    n = payload(buf, frame, f, 16);
    assert_int_not_equal(dropfile_decompress_words(buf, n, words, why, sizeof why), 0);
    assert_non_null(strstr(why, "holds 8 bytes, not 16"));

    /* A raw block cut short: refused by zstd, with its reason. */
    f = dropfile_raw_frame(frame, data, 16);
    n = payload(buf, frame, f - 3, 16);
    assert_int_not_equal(dropfile_decompress_words(buf, n, words, why, sizeof why), 0);
    assert_non_null(strstr(why, "zstd frame 0"));

    /* A last block before the end of the contents: refused. */
    memcpy(frame, "\x28\xB5\x2F\xFD\xA0\x10\x00\x00\x00", 9);
    frame[9] = (uint8_t)(8 << 3 | 1), frame[10] = 0, frame[11] = 0;
    memcpy(frame + 12, data, 8);
    n = payload(buf, frame, 20, 16);
    assert_int_not_equal(dropfile_decompress_words(buf, n, words, why, sizeof why), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_field_stored_raw),
        cmocka_unit_test(test_mixed_field_piece_by_piece),
        cmocka_unit_test(test_reader_raw_frames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
