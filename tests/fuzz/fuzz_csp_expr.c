/*
 * fuzz_csp_expr.c - libFuzzer target: SET and IF expressions
 * (os/csp_expr.c) over any text and any job symbols.  Nothing may trap,
 * overflow (UBSan) or read past the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/csp_expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t symbols[8] = {0, 1, -1, INT64_MAX, INT64_MIN, 1 << 20, -(1 << 20), 7};
    /* The first 64 bytes, when there are that many, are the symbols. */
    if (size >= sizeof symbols) {
        memcpy(symbols, data, sizeof symbols);
        data += sizeof symbols;
        size -= sizeof symbols;
    }
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    int64_t value;
    bool truth;
    csp_expr_value(text, symbols, &value);
    csp_expr_condition(text, symbols, &truth);
    free(text);
    return 0;
}
