/*
 * jcb.c - the Job Communication Block's words (see jcb.h).
 *
 * Calls none of the other OS files (it reads a deck statement's fields).
 */
#include "jcb.h"

#include <string.h>

/* Cray bit numbering: bit 0 is the top bit; a field of bits first..last. */
static uint64_t field(uint64_t value, unsigned first, unsigned last)
{
    unsigned width = last - first + 1;
    uint64_t mask = width == 64 ? ~0ULL : (1ULL << width) - 1;
    return (value & mask) << (63 - last);
}

/* ASCII characters left-justified, zero-filled, into words. */
static void put_text(uint64_t *words, size_t word_count, const char *text, size_t length)
{
    memset(words, 0, word_count * 8);
    for (size_t i = 0; i < length && i < word_count * 8; i++)
        words[i / 8] |= (uint64_t)(unsigned char)text[i] << (56 - 8 * (i % 8));
}

/* One item: up to 15 characters (a quoted value without its apostrophes,
 * '' as one), and the separator in the low 8 bits of the second word. */
static size_t put_item(uint64_t *words, size_t at, size_t max_words, const char *text,
                       enum jcb_separator separator)
{
    if (at + 2 > max_words)
        return at;
    char item[16];
    size_t n = 0, length = strlen(text);
    bool quoted = length >= 2 && text[0] == '\'' && text[length - 1] == '\'';
    for (size_t i = quoted ? 1 : 0; i < (quoted ? length - 1 : length) && n < 15; i++) {
        if (quoted && text[i] == '\'' && text[i + 1] == '\'')
            i++;
        item[n++] = text[i];
    }
    put_text(words + at, 2, item, n);
    words[at + 1] |= (uint64_t)separator;
    return at + 2;
}

size_t jcb_crack(const struct deck_statement *st, uint64_t *words, size_t max_words)
{
    memset(words, 0, max_words * 8);
    size_t at = put_item(words, 0, max_words, st->verb,
                         st->parameter_count ? JCB_SEP_COMMA : JCB_SEP_END);
    for (int p = 0; p < st->parameter_count; p++) {
        const struct deck_parameter *par = &st->parameters[p];
        enum jcb_separator after = p + 1 < st->parameter_count ? JCB_SEP_COMMA : JCB_SEP_END;
        at = put_item(words, at, max_words, par->keyword,
                      par->value_count ? JCB_SEP_EQUALS : after);
        for (int v = 0; v < par->value_count; v++)
            at = put_item(words, at, max_words, par->values[v],
                          v + 1 < par->value_count ? JCB_SEP_COLON : after);
    }
    /* A statement of more items than fit is cut after the last that does,
     * which is marked as the end: a program reading to 037 stops there. */
    if (at >= 2)
        words[at - 1] = (words[at - 1] & ~(uint64_t)0xFF) | JCB_SEP_END;
    return at;
}

void jcb_build(uint64_t jcb[JCB_WORDS], const struct jcb_facts *f)
{
    memset(jcb, 0, JCB_WORDS * 8);
    const char *text = f->statement && f->statement->text ? f->statement->text : "";
    size_t length = strlen(text);
    if (length > JCB_CCI_CHARS - 1)
        length = JCB_CCI_CHARS - 1;   /* a zero byte always ends the image */
    put_text(jcb + JCB_JCCCI, JCB_CCI_CHARS / 8, text, length);
    if (f->statement)
        jcb_crack(f->statement, jcb + JCB_JCCPR, JCB_CPR_WORDS);
    const char *name = f->job_name ? f->job_name : "";
    put_text(jcb + JCB_JCJN, 1, name, strnlen(name, 7));
    jcb[JCB_JCHLM] = field(f->hlm, 16, 39) | field(f->field_length, 40, 63);
    /* No I/O tables in the field: the DSP and LFT areas begin (empty) at its top. */
    jcb[JCB_JCDSP] = field(f->field_length, 16, 39) | field(f->field_length, 40, 63);
    jcb[JCB_JCLFT] = field(f->max_field, 16, 39) | field(f->field_length, 40, 63);
    jcb[JCB_JCCYCL] = field(f->cycle_ps, 5, 20);
    const char *account = f->account ? f->account : "";
    put_text(jcb + JCB_JCACN, 2, account, strnlen(account, 15));
    jcb[JCB_JCSTN] = f->step;
    jcb[JCB_JCSTF] = f->step_failed ? 1 : 0;
}
