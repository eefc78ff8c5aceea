/*
 * fuzz_deck.c - libFuzzer target: random text into the job deck parser.
 * Every input is either a deck or a COS-style error; nothing crashes or
 * leaks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/deck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct deck deck;
    struct deck_error error;
    if (deck_parse((const char *)data, size, &deck, &error) == 0) {
        for (int i = 0; i < deck.statement_count; i++)
            if (!deck.statements[i].verb || !deck.statements[i].verb[0])
                abort();
        deck_free(&deck);
    } else if (!error.code[0] || !error.message[0]) {
        abort();
    }
    return 0;
}
