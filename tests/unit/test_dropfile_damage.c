/*
 * test_dropfile_damage.c - a dropfile reader must detect any damage and say
 * what it is: every single-bit flip of a sample file, truncation at every
 * length, another format version, another section version, an unknown
 * section (skipped and noted, or refused when marked required), an
 * oversized field, malformed contents under valid checksums, bytes after
 * the end, sections out of order, a missing section.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#include "emu/cpu.h"
#include "os/dropfile/dropfile.h"
#include "dropfile_sample.h"
#include "emu/isa.h"
#include "emu/memory.h"

static uint8_t *sample;
static size_t sample_size;

static int setup(void **state)
{
    (void)state;
    static struct isa_decoder decoder;
    struct memory memory;
    struct cpu *cpu = calloc(1, sizeof *cpu);
    struct dropfile df;
    struct dropfile_report r;
    isa_decoder_init(&decoder, MODEL_CRAY1);
    if (!cpu || memory_init(&memory, 4096))
        return -1;
    /* Small, so that every bit can be flipped: a 128-word field. */
    sample_dropfile(&df, cpu, &memory, &decoder, MODEL_CRAY1, 512, 128, 77);
    int status = dropfile_encode(&df, &sample, &sample_size, &r);
    dropfile_free(&df);
    memory_free(&memory);
    free(cpu);
    return status;
}

static int teardown(void **state)
{
    (void)state;
    free(sample);
    return 0;
}

static uint8_t *copy_sample(size_t extra)
{
    uint8_t *p = malloc(sample_size + extra);
    assert_non_null(p);
    memcpy(p, sample, sample_size);
    return p;
}

/* Offset of the section of a type in an encoded file (walks the framing). */
static size_t find_section(const uint8_t *b, size_t size, unsigned type)
{
    size_t at = DROPFILE_HEADER_BYTES;
    while (at + 16 <= size) {
        unsigned t = (unsigned)(b[at] << 8 | b[at + 1]);
        uint64_t length = 0;
        for (int i = 0; i < 8; i++)
            length = length << 8 | b[at + 8 + (size_t)i];
        if (t == type)
            return at;
        at += 16 + (size_t)length + 8;
    }
    fail_msg("no section 0x%04x", type);
    return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (24 - 8 * i));
}

static int decode(const uint8_t *b, size_t n, struct dropfile_report *r)
{
    struct dropfile df;
    int status = dropfile_decode(b, n, &df, r);
    dropfile_free(&df);
    return status;
}

static void test_sample_is_sound(void **state)
{
    (void)state;
    struct dropfile_report r;
    assert_int_equal(dropfile_verify_bytes(sample, sample_size, NULL, &r), 0);
    assert_int_equal(r.note_count, 0);   /* canonical, nothing unknown */
    assert_true(sample_size < 8192);
}

static void test_every_bit_flip_detected(void **state)
{
    (void)state;
    uint8_t *b = copy_sample(0);
    size_t checksum = 0, other = 0;
    for (size_t byte = 0; byte < sample_size; byte++)
        for (int bit = 0; bit < 8; bit++) {
            struct dropfile_report r;
            b[byte] ^= (uint8_t)(1u << bit);
            int status = decode(b, sample_size, &r);
            b[byte] ^= (uint8_t)(1u << bit);
            if (status == DROPFILE_OK)
                fail_msg("flip of bit %d of byte %zu not detected", bit, byte);
            assert_true(r.message[0] != '\0');
            if (status == DROPFILE_E_CHECKSUM)
                checksum++;
            else
                other++;   /* magic, or a length that now runs past the end */
        }
    /* Inside the sections, a flip is a checksum mismatch naming its section. */
    assert_true(checksum > other * 10);
    free(b);
}

static void test_flip_names_section(void **state)
{
    (void)state;
    uint8_t *b = copy_sample(0);
    size_t at = find_section(b, sample_size, 0x0010);   /* CPU */
    struct dropfile_report r;
    b[at + 100] ^= 4;
    assert_int_equal(decode(b, sample_size, &r), DROPFILE_E_CHECKSUM);
    char expected[128];
    snprintf(expected, sizeof expected, "checksum mismatch in section CPU at offset %zu: damaged", at);
    assert_string_equal(r.message, expected);
    assert_int_equal(r.offset, at);
    b[at + 100] ^= 4;
    b[9] ^= 1;   /* the format version, under the header checksum */
    assert_int_equal(decode(b, sample_size, &r), DROPFILE_E_CHECKSUM);
    assert_string_equal(r.message, "checksum mismatch in the header (offset 0): damaged");
    b[9] ^= 1;
    b[0] ^= 0x80;
    assert_int_equal(decode(b, sample_size, &r), DROPFILE_E_BAD_MAGIC);
    assert_string_equal(r.message, "bad magic: not a C-1 dropfile (it does not start with \\x89C1DROP\\n)");
    free(b);
}

static void test_every_truncation_detected(void **state)
{
    (void)state;
    for (size_t n = 0; n < sample_size; n++) {
        struct dropfile_report r;
        uint8_t *b = malloc(n ? n : 1);   /* exactly n bytes, so ASan sees any overread */
        memcpy(b, sample, n);
        int status = decode(b, n, &r);
        free(b);
        if (status != DROPFILE_E_TRUNCATED)
            fail_msg("truncation to %zu bytes: status %d (%s)", n, status, r.message);
        char prefix[64];
        snprintf(prefix, sizeof prefix, "truncated at offset %zu", n);
        assert_memory_equal(r.message, prefix, strlen(prefix));
        assert_int_equal(r.offset, n);
    }
}

static void test_other_format_version(void **state)
{
    (void)state;
    uint8_t *b = copy_sample(0);
    struct dropfile_report r;
    put32(b + 8, 2);
    assert_int_equal(dropfile_reseal(b, sample_size), 0);
    assert_int_equal(decode(b, sample_size, &r), DROPFILE_E_VERSION);
    assert_string_equal(r.message, "unknown format version 2 (this reader knows version 1)");
    free(b);
}

static void test_other_section_version(void **state)
{
    (void)state;
    uint8_t *b = copy_sample(0);
    struct dropfile_report r;
    size_t at = find_section(b, sample_size, 0x0022);   /* JOBSTACK */
    b[at + 3] = 2;
    assert_int_equal(dropfile_reseal(b, sample_size), 0);
    assert_int_equal(decode(b, sample_size, &r), DROPFILE_E_VERSION);
    char expected[128];
    snprintf(expected, sizeof expected,
             "section JOBSTACK at offset %zu has version 2 (this reader knows version 1)", at);
    assert_string_equal(r.message, expected);
    free(b);
}

/* The sample with a section inserted before WALLCLOCK. */
static uint8_t *with_section(unsigned type, uint32_t flags, size_t *size)
{
    static const char payload[] = "future data";
    size_t plen = sizeof payload - 1, extra = 16 + plen + 8;
    uint8_t *b = malloc(sample_size + extra);
    size_t at = find_section(sample, sample_size, 0x00F0);
    memcpy(b, sample, at);
    uint8_t *s = b + at;
    s[0] = (uint8_t)(type >> 8);
    s[1] = (uint8_t)type;
    s[2] = 0;
    s[3] = 3;
    put32(s + 4, flags);
    memset(s + 8, 0, 8);
    s[15] = (uint8_t)plen;
    memcpy(s + 16, payload, plen);
    memcpy(b + at + extra, sample + at, sample_size - at);
    *size = sample_size + extra;
    assert_int_equal(dropfile_reseal(b, *size), 0);
    return b;
}

static void test_unknown_section(void **state)
{
    (void)state;
    size_t size;
    uint8_t *b = with_section(0x0050, 0, &size);
    size_t at = find_section(b, size, 0x0050);
    struct dropfile df;
    struct dropfile_report r;
    assert_int_equal(dropfile_decode(b, size, &df, &r), 0);
    assert_int_equal(r.note_count, 1);
    char expected[128];
    snprintf(expected, sizeof expected,
             "unknown section type 0x0050 (version 3, 11 bytes) at offset %zu: skipped", at);
    assert_string_equal(r.notes[0], expected);
    /* Kept, and written back where it was. */
    uint8_t *again;
    size_t n;
    assert_int_equal(dropfile_encode(&df, &again, &n, &r), 0);
    assert_int_equal(n, size);
    assert_memory_equal(again, b, size);
    /* And through JSON. */
    char *text;
    size_t length;
    FILE *out = open_memstream(&text, &length);
    assert_int_equal(dropfile_print_json(out, &df, NULL), 0);
    fclose(out);
    dropfile_free(&df);
    assert_int_equal(dropfile_from_json(text, length, &df, &r), 0);
    free(again);
    assert_int_equal(dropfile_encode(&df, &again, &n, &r), 0);
    assert_int_equal(n, size);
    assert_memory_equal(again, b, size);
    free(text);
    free(again);
    free(b);
    dropfile_free(&df);
    /* Marked required: refused. */
    b = with_section(0x0050, 2, &size);
    assert_int_equal(decode(b, size, &r), DROPFILE_E_VERSION);
    snprintf(expected, sizeof expected,
             "unknown section type 0x0050 at offset %zu is marked required: this reader "
             "cannot use the file", at);
    assert_string_equal(r.message, expected);
    free(b);
}

static void test_oversized_field(void **state)
{
    (void)state;
    uint8_t *b = copy_sample(0);
    struct dropfile_report r;
    size_t at = find_section(b, sample_size, 0x0003);   /* MACHINE: model, features, field */
    put32(b + at + 16 + 8, DROPFILE_MAX_FIELD_WORDS + 32);
    assert_int_equal(dropfile_reseal(b, sample_size), 0);
    assert_int_equal(decode(b, sample_size, &r), DROPFILE_E_OVERSIZED);
    char expected[160];
    snprintf(expected, sizeof expected,
             "oversized field: 16777248 words, more than the 16777216 words of the largest "
             "memory (section MACHINE at offset %zu)", at);
    assert_string_equal(r.message, expected);
    free(b);
}

static void test_malformed_contents(void **state)
{
    (void)state;
    uint8_t *b = copy_sample(0);
    struct dropfile_report r;
    size_t at = find_section(b, sample_size, 0x0002);   /* DROP: reason first */
    put32(b + at + 16, 9);
    assert_int_equal(dropfile_reseal(b, sample_size), 0);
    assert_int_equal(decode(b, sample_size, &r), DROPFILE_E_MALFORMED);
    char expected[160];
    snprintf(expected, sizeof expected,
             "malformed section DROP at offset %zu: unknown drop reason 9", at);
    assert_string_equal(r.message, expected);
    free(b);
    /* MACHINE says another field length than the MEMORY section holds. */
    b = copy_sample(0);
    at = find_section(b, sample_size, 0x0003);
    put32(b + at + 16 + 8, 256);
    assert_int_equal(dropfile_reseal(b, sample_size), 0);
    assert_int_equal(decode(b, sample_size, &r), DROPFILE_E_MALFORMED);
    assert_non_null(strstr(r.message, "malformed section MEMORY at offset"));
    assert_non_null(strstr(r.message, "holds 1024 bytes, the field of 256 words needs 2048"));
    free(b);
}

static void test_structure_rules(void **state)
{
    (void)state;
    struct dropfile_report r;
    /* Bytes after END. */
    uint8_t *b = copy_sample(3);
    memset(b + sample_size, 0, 3);
    assert_int_equal(decode(b, sample_size + 3, &r), DROPFILE_E_MALFORMED);
    char expected[128];
    snprintf(expected, sizeof expected, "3 bytes after the END section, at offset %zu", sample_size);
    assert_string_equal(r.message, expected);
    free(b);
    /* A section type repeated (out of order). */
    size_t size;
    b = with_section(0x0030, 0, &size);   /* a second HISTORY */
    assert_int_equal(decode(b, size, &r), DROPFILE_E_MALFORMED);
    assert_non_null(strstr(r.message, "section HISTORY at offset"));
    assert_non_null(strstr(r.message, "is out of order (type 0x0030 after 0x0030)"));
    free(b);
    /* A known section missing: turn HISTORY into an unknown type. */
    b = copy_sample(0);
    size_t at = find_section(b, sample_size, 0x0030);
    b[at + 1] = 0x31;
    assert_int_equal(dropfile_reseal(b, sample_size), 0);
    assert_int_equal(decode(b, sample_size, &r), DROPFILE_E_MALFORMED);
    assert_string_equal(r.message, "malformed: section HISTORY is missing");
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_is_sound),
        cmocka_unit_test(test_every_bit_flip_detected),
        cmocka_unit_test(test_flip_names_section),
        cmocka_unit_test(test_every_truncation_detected),
        cmocka_unit_test(test_other_format_version),
        cmocka_unit_test(test_other_section_version),
        cmocka_unit_test(test_unknown_section),
        cmocka_unit_test(test_oversized_field),
        cmocka_unit_test(test_malformed_contents),
        cmocka_unit_test(test_structure_rules),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
