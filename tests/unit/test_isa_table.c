/*
 * test_isa_table.c - invariants of the one instruction table, and the
 * encoding of forms whose bits are worked out by hand from cray1-isa.md
 * section 3 (the first parcel is g h i j k in octal).
 */
#include "test_support.h"

#include <stdio.h>

#include "emu/isa.h"

/* Every row's fixed bits lie inside its mask (a fixed bit outside it
 * would be ORed into every encoding). */
static void match_within_mask(void **state)
{
    (void)state;
    for (size_t r = 0; r < isa_row_count; r++) {
        const struct isa_row *row = &isa_rows[r];
        if (row->match & ~row->mask & 0xFFFF)
            fail_msg("row %zu (%s %s) match %06o outside mask %06o", r, row->result, row->operand,
                     row->match, row->mask);
        assert_true(row->parcels == 1 || row->parcels == 2);
        assert_true(row->models & MODEL_ALL);
    }
}

/* Every parcel decodes on both models (the last row catches the rest). */
static void every_parcel_decodes(void **state)
{
    (void)state;
    for (unsigned p = 0; p < 65536; p++) {
        assert_true(isa_decode(MODEL_CRAY1, p) >= 0);
        assert_true(isa_decode(MODEL_XMP, p) >= 0);
    }
}

static unsigned encode(const struct isa_forms *forms, const char *result, const char *operand,
                       unsigned *second)
{
    struct isa_field r, o;
    assert_int_equal(isa_scan(result, strlen(result), false, &r), 0);
    assert_int_equal(isa_scan(operand, strlen(operand), false, &o), 0);
    for (int t = 0; t < o.count; t++) {
        if (o.token[t].kind == TOK_EXPR) {
            char text[32];
            snprintf(text, sizeof text, "%.*s", o.token[t].length, o.token[t].text);
            o.token[t].value = strtoll(text, NULL, 10);
            o.token[t].value_flags = o.token[t].length ? ISA_VAL_KNOWN : ISA_VAL_KNOWN;
        }
    }
    uint16_t parcels[2];
    int row;
    int status = isa_encode(forms, MODEL_CRAY1, &r, &o, parcels, &row);
    if (status != ISA_ENC_OK)
        fail_msg("%s %s does not encode (%d)", result, operand, status);
    if (second)
        *second = parcels[1];
    return parcels[0];
}

static void hand_encoded_forms(void **state)
{
    (void)state;
    struct isa_forms *forms = isa_forms_create();
    assert_non_null(forms);
    /* 030ijk Ai Aj+Ak with j = 0 is `Ai Ak`: A0 A2 = 030 0 0 2. */
    assert_int_equal(encode(forms, "A0", "A2", NULL), 0030002);
    assert_int_equal(encode(forms, "A1", "A2+A3", NULL), 0030123);
    /* 031i00: Ai -1 (0 - 1). */
    assert_int_equal(encode(forms, "A1", "-1", NULL), 0031100);
    /* 022ijk for 0..63: A1 5 = 022 1 05. */
    assert_int_equal(encode(forms, "A1", "5", NULL), 0022105);
    /* 043i00: S1 0; 042i77: S1 1; 042i00: S1 -1. */
    assert_int_equal(encode(forms, "S1", "0", NULL), 0043100);
    assert_int_equal(encode(forms, "S1", "1", NULL), 0042177);
    assert_int_equal(encode(forms, "S1", "-1", NULL), 0042100);
    /* 062ijk S1 S2+FS3; 064 S4 S3*FS3. */
    assert_int_equal(encode(forms, "S1", "S2+FS3", NULL), 0062123);
    assert_int_equal(encode(forms, "S4", "S3*FS3", NULL), 0064433);
    /* 005xjk J B12; 006 J 100 (ijkm = 0o144 in the second parcel). */
    assert_int_equal(encode(forms, "J", "B12", NULL), 0005012);
    unsigned m;
    assert_int_equal(encode(forms, "J", "100", &m), 0006000);
    assert_int_equal(m, 100);
    /* 140i00 Vi 0; 176 V1 ,A0,A3 = 176 1 0 3. */
    assert_int_equal(encode(forms, "V1", "0", NULL), 0140100);
    assert_int_equal(encode(forms, "V1", ",A0,A3", NULL), 0176103);
    /* 121 with h = 1: S1 0,A1 = 12 1 1 00, displacement 0. */
    assert_int_equal(encode(forms, "S1", "0,A1", &m), 0121100);
    assert_int_equal(m, 0);
    /* 056ijk with j = 0: S1 S1,S0<A4 = 056 1 0 4. */
    assert_int_equal(encode(forms, "S1", "S1,S0<A4", NULL), 0056104);
    isa_forms_destroy(forms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(match_within_mask),
        cmocka_unit_test(every_parcel_decodes),
        cmocka_unit_test(hand_encoded_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
