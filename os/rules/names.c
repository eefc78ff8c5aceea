/*
 * names.c - the rules for COS values (see names.h).  Pure functions of
 * their arguments; ASCII only (a name is never in another alphabet).
 */
#include "names.h"

#include <stdio.h>
#include <string.h>

static bool letter(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static bool digit(int c) { return c >= '0' && c <= '9'; }
static bool alnum(int c) { return letter(c) || digit(c); }

/* 1..max characters, the first passing first(), the rest more(). */
static bool shaped(const char *s, size_t max, bool (*first)(int), bool (*more)(int))
{
    size_t n = strlen(s);
    if (n == 0 || n > max || !first((unsigned char)s[0]))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!more((unsigned char)s[i]))
            return false;
    return true;
}

static bool account_char(int c) { return alnum(c) || (c && strchr("$@%*#+-", c)); }
static bool dataset_first(int c) { return letter(c) || c == '$'; }
static bool dataset_char(int c) { return alnum(c) || (c && strchr("$@%", c)); }
static bool site_char(int c) { return alnum(c) || (c && strchr("-_.", c)); }
static bool id_char(int c) { return alnum(c) || c == '-'; }
static bool symbol_char(int c) { return c > ' ' && c < 0x7F && c != '/'; }

bool rules_deck_name_char(int c) { return alnum(c) || (c && strchr("$@%*#", c)); }
bool rules_job_name(const char *s) { return shaped(s ? s : "", RULES_JOB_NAME_MAX, letter, alnum); }
bool rules_user(const char *s) { return shaped(s ? s : "", RULES_USER_MAX, letter, alnum); }

bool rules_decimal_count(const char *s, uint64_t max, uint64_t *value)
{
    if (!s || !digit((unsigned char)s[0]))
        return false;
    uint64_t v = 0;
    for (size_t i = 0; s[i]; i++) {
        if (!digit((unsigned char)s[i]))
            return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
        if (v > max)
            return false;
    }
    *value = v;
    return true;
}

bool rules_seconds(const char *s, double *seconds)
{
    size_t n = s ? strlen(s) : 0, digits = 0, points = 0;
    if (n == 0 || n > RULES_SECONDS_DIGITS)
        return false;
    double whole = 0, fraction = 0, scale = 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (++points > 1)
                return false;
        } else if (digit((unsigned char)s[i])) {
            digits++;
            if (points) {
                scale /= 10;
                fraction += (s[i] - '0') * scale;
            } else {
                whole = whole * 10 + (s[i] - '0');
            }
        } else {
            return false;
        }
    }
    double v = whole + fraction;
    if (!digits || !(v > 0) || v > RULES_SECONDS_MAX)
        return false;
    *seconds = v;
    return true;
}

bool rules_field_length(const char *s, uint64_t *words)
{
    uint64_t v;
    if (!rules_decimal_count(s, RULES_FIELD_WORDS_MAX, &v) || v == 0)
        return false;
    *words = v;
    return true;
}

int rules_pds_name(const char *s, bool empty_ok, size_t *at)
{
    size_t n = s ? strlen(s) : 0, where = 0;
    int code = 0;
    if (n == 0)
        code = empty_ok ? 0 : 1;
    else if (n > RULES_PDS_NAME_MAX)
        code = 2;
    else if (s[0] == '.')
        code = 3;
    else if (s[0] == '-')
        code = 4;
    else if (strstr(s, ".."))
        code = 5;
    for (size_t i = 0; !code && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        where = i;
        if (c == '/' || c == '\\')
            code = 6;
        else if (c < 0x20 || c >= 0x7F)
            code = 7;
        else if (!alnum(c) && !strchr("$@%_-", c))
            code = 8;
    }
    if (at)
        *at = where;
    return code;
}

/* [digits.]JOBNAME[-digits]... */
static bool output_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > RULES_OUTPUT_NAME_MAX)
        return false;
    const char *p = s;
    size_t d = strspn(p, "0123456789");
    if (d && p[d] == '.')
        p += d + 1;
    size_t j = 0;
    while (alnum((unsigned char)p[j]))
        j++;
    if (j == 0 || j > RULES_JOB_NAME_MAX || !letter((unsigned char)p[0]))
        return false;
    p += j;
    while (*p == '-') {
        size_t k = strspn(p + 1, "0123456789");
        if (!k)
            return false;
        p += 1 + k;
    }
    return *p == '\0';
}

/* No control character (but tab, and newline if lines). */
static bool text_ok(const char *s, bool lines, char *why, size_t size)
{
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && !(lines && c == '\n')) || c == 0x7F) {
            snprintf(why, size, "holds a control character (0x%02X at %zu); %s", c, i,
                     rules_describe(lines ? RULE_TEXT : RULE_LINE));
            return false;
        }
    }
    return true;
}

static const char *const descriptions[RULE_COUNT] = {
    [RULE_ANY] = "any value the format allows",
    [RULE_JOB_NAME] = "1-7 letters and digits, the first a letter",
    [RULE_USER] = "1-15 letters and digits, the first a letter",
    [RULE_ACCOUNT] = "1-15 letters, digits and $ @ % * # + -",
    [RULE_CLASS] = "1-7 letters and digits, the first a letter",
    [RULE_DEVICE] = "1-7 letters and digits, the first a letter",
    [RULE_DATASET] = "1-15 letters, digits and $ @ %, the first a letter or $",
    [RULE_PDS_NAME] = "1-64 letters, digits and $ @ % _ -, not starting with - (no /, no ..)",
    [RULE_OUTPUT_NAME] = "[NNNNNN.]JOBNAME[-K], at most 31 characters",
    [RULE_SITE] = "1-15 letters, digits and - _ ., the first a letter or digit, no ..",
    [RULE_JOB_ID] = "1-31 letters, digits and -, the first a letter or digit",
    [RULE_SYMBOL] = "1-63 printable characters, no blank and no /",
    [RULE_LINE] = "one line of text, no control character",
    [RULE_TEXT] = "text, no control character but newline and tab",
    [RULE_PRIORITY] = "0-15",
    [RULE_DEVICE_UNITS] = "0-64 units",
    [RULE_WORD24] = "24 bits (0-77777777 octal)",
    [RULE_MODES] = "the 9 mode bits (0-777 octal)",
    [RULE_FIELD_WORDS] = "0-16777216 words (the largest memory)",
};

const char *rules_describe(enum rules_rule rule)
{
    return rule < RULE_COUNT && descriptions[rule] ? descriptions[rule] : "?";
}

bool rules_is_text(enum rules_rule rule) { return rule >= RULE_JOB_NAME && rule <= RULE_TEXT; }

bool rules_check_text(enum rules_rule rule, const char *s, char *why, size_t size)
{
    bool ok;
    s = s ? s : "";
    switch (rule) {
    case RULE_ANY: return true;
    case RULE_JOB_NAME: ok = rules_job_name(s); break;
    case RULE_USER: ok = rules_user(s); break;
    case RULE_ACCOUNT: ok = shaped(s, RULES_ACCOUNT_MAX, account_char, account_char); break;
    case RULE_CLASS: ok = shaped(s, RULES_CLASS_MAX, letter, alnum); break;
    case RULE_DEVICE: ok = shaped(s, RULES_DEVICE_MAX, letter, alnum); break;
    case RULE_DATASET: ok = shaped(s, RULES_DATASET_MAX, dataset_first, dataset_char); break;
    case RULE_PDS_NAME: ok = !rules_pds_name(s, false, NULL); break;
    case RULE_OUTPUT_NAME: ok = output_name(s); break;
    case RULE_SITE: ok = shaped(s, RULES_SITE_MAX, alnum, site_char) && !strstr(s, ".."); break;
    case RULE_JOB_ID: ok = shaped(s, RULES_JOB_ID_MAX, alnum, id_char); break;
    case RULE_SYMBOL: ok = shaped(s, RULES_SYMBOL_MAX, symbol_char, symbol_char); break;
    case RULE_LINE: return text_ok(s, false, why, size);
    case RULE_TEXT: return text_ok(s, true, why, size);
    default:
        snprintf(why, size, "not a text rule");
        return false;
    }
    if (!ok)
        snprintf(why, size, "must be %s", rules_describe(rule));
    return ok;
}

bool rules_check_number(enum rules_rule rule, uint64_t v, char *why, size_t size)
{
    uint64_t max;
    switch (rule) {
    case RULE_ANY: return true;
    case RULE_PRIORITY: max = RULES_PRIORITY_MAX; break;
    case RULE_DEVICE_UNITS: max = RULES_DEVICE_UNITS_MAX; break;
    case RULE_WORD24: max = 077777777; break;
    case RULE_MODES: max = 0777; break;
    case RULE_FIELD_WORDS: max = RULES_FIELD_WORDS_MAX; break;
    default:
        snprintf(why, size, "not a number rule");
        return false;
    }
    if (v <= max)
        return true;
    snprintf(why, size, "%llu is out of range: %s", (unsigned long long)v, rules_describe(rule));
    return false;
}
