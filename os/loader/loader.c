/*
 * loader.c - linking object modules and libraries into an executable
 * (see loader.h): what is loaded, where it goes, the relocation, the
 * symbols, the load map.
 *
 * The bottom of os/loader/; uses os/cal/ (the object and executable
 * formats).
 */
#include "loader.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/isa.h"
#include "emu/memory.h"
#include "name_index.h"

struct loaded {
    const struct object_module *m;
    const char *from;          /* the input's name */
    uint32_t origin;           /* word address of the block */
    uint32_t *common;          /* the module's common blocks -> the program's */
};

struct program_common {
    char name[9];
    uint32_t length, align, origin;
    const char *first;         /* the first module that declares it */
};

struct linking {
    struct loaded *modules;
    size_t count, capacity;
    struct program_common *commons;
    size_t common_count;
    struct name_index entries;         /* entry name -> loaded module, symbol (the first) */
    struct name_index names;           /* module name -> loaded module */
    struct name_index common_names;    /* common block name -> program common */
    struct loader_result *result;
    bool out_of_memory;
};

static void message(struct linking *k, bool error, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static void message(struct linking *k, bool error, const char *format, ...)
{
    struct loader_result *r = k->result;
    if (error)
        r->error_count++;
    if (r->message_count >= LOADER_MAX_MESSAGES)
        return;
    char text[300];
    int n = snprintf(text, sizeof text, "%s: ", error ? "error" : "warning");
    va_list args;
    va_start(args, format);
    vsnprintf(text + n, sizeof text - (size_t)n, format, args);
    va_end(args);
    char **grown = realloc(r->messages, (r->message_count + 1) * sizeof *grown);
    char *copy = strdup(text);
    if (!grown || !copy) {
        free(copy);
        if (grown)
            r->messages = grown;
        k->out_of_memory = true;
        return;
    }
    r->messages = grown;
    r->messages[r->message_count++] = copy;
}

void loader_result_free(struct loader_result *result)
{
    if (!result)
        return;
    executable_free(&result->executable);
    free(result->map);
    for (size_t i = 0; i < result->message_count; i++)
        free(result->messages[i]);
    free(result->messages);
    memset(result, 0, sizeof *result);
}

/* ---- what is loaded ------------------------------------------------------------------------ */

/* The loaded module and symbol whose entry is name, or false. */
static bool find_entry(const struct linking *k, const char *name, size_t *module, size_t *symbol)
{
    return name_index_get(&k->entries, name, module, symbol);
}

static void load(struct linking *k, const struct object_module *m, const char *from)
{
    size_t other, symbol;
    if (name_index_get(&k->names, m->name, &other, &symbol)) {
        message(k, false, "module %s from %s: a module %s is already loaded; this one is skipped",
                m->name, from, m->name);
        return;
    }
    if (k->count == k->capacity) {
        size_t capacity = k->capacity ? k->capacity * 2 : 16;
        struct loaded *grown = realloc(k->modules, capacity * sizeof *grown);
        if (!grown) {
            k->out_of_memory = true;
            return;
        }
        k->modules = grown;
        k->capacity = capacity;
    }
    size_t index = k->count;
    if (name_index_put(&k->names, m->name, index, 0) < 0) {
        k->out_of_memory = true;
        return;
    }
    for (size_t s = 0; s < m->symbol_count; s++) {
        if (!m->symbols[s].entry)
            continue;
        int status = name_index_put(&k->entries, m->symbols[s].name, index, s);
        if (status < 0) {
            k->out_of_memory = true;
            return;
        }
        if (status == 1 && find_entry(k, m->symbols[s].name, &other, &symbol) && other != index)
            message(k, false, "duplicate entry %s in modules %s and %s (%s's is used)",
                    m->symbols[s].name, k->modules[other].m->name, m->name,
                    k->modules[other].m->name);
    }
    struct loaded *l = &k->modules[k->count++];
    memset(l, 0, sizeof *l);
    l->m = m;
    l->from = from;
}

/* Each library's entries: name -> its module (the first that has it). */
static struct name_index *library_indexes(const struct loader_input *libraries, size_t count)
{
    struct name_index *indexes = calloc(count ? count : 1, sizeof *indexes);
    for (size_t l = 0; indexes && l < count; l++)
        for (size_t i = 0; i < libraries[l].file->module_count; i++) {
            const struct object_module *m = &libraries[l].file->modules[i];
            for (size_t s = 0; s < m->symbol_count; s++)
                if (m->symbols[s].entry && name_index_put(&indexes[l], m->symbols[s].name, i, 0) < 0) {
                    for (size_t f = 0; f <= l; f++)
                        name_index_free(&indexes[f]);
                    free(indexes);
                    return NULL;
                }
        }
    return indexes;
}

/* A library module with the entry name, or NULL. */
static const struct object_module *library_module(const struct loader_input *libraries,
                                                  const struct name_index *indexes, size_t count,
                                                  const char *name, const char **from)
{
    for (size_t l = 0; l < count; l++) {
        size_t module, unused;
        if (name_index_get(&indexes[l], name, &module, &unused)) {
            *from = libraries[l].name;
            return &libraries[l].file->modules[module];
        }
    }
    return NULL;
}

/* Load library modules for the externals until none more is found; then
 * every external still missing is an error naming its module. */
static void satisfy_externals(struct linking *k, const struct loader_input *libraries,
                              size_t library_count)
{
    struct name_index *indexes = library_indexes(libraries, library_count);
    if (!indexes) {
        k->out_of_memory = true;
        return;
    }
    for (size_t i = 0; i < k->count && !k->out_of_memory; i++) {
        const struct object_module *m = k->modules[i].m;
        for (size_t e = 0; e < m->external_count; e++) {
            size_t module, symbol;
            if (find_entry(k, m->externals[e], &module, &symbol))
                continue;
            const char *from = NULL;
            const struct object_module *found =
                library_module(libraries, indexes, library_count, m->externals[e], &from);
            size_t other, unused;
            if (found && !name_index_get(&k->names, found->name, &other, &unused))
                load(k, found, from);
            else
                message(k, true, "unresolved external %s wanted by module %s", m->externals[e],
                        m->name);
            m = k->modules[i].m;
        }
    }
    for (size_t l = 0; l < library_count; l++)
        name_index_free(&indexes[l]);
    free(indexes);
}

/* ---- where it goes ---------------------------------------------------------------------------- */

static uint64_t align_up(uint64_t n, uint32_t align)
{
    return align > 1 ? (n + align - 1) / align * align : n;
}

static bool place_commons(struct linking *k)
{
    for (size_t i = 0; i < k->count; i++) {
        struct loaded *l = &k->modules[i];
        l->common = calloc(l->m->common_count + 1, sizeof *l->common);
        if (!l->common)
            return false;
        for (size_t c = 0; c < l->m->common_count; c++) {
            const struct object_common *b = &l->m->commons[c];
            size_t g = k->common_count, unused;
            if (!name_index_get(&k->common_names, b->name, &g, &unused)) {
                if (name_index_put(&k->common_names, b->name, g, 0) < 0)
                    return false;
                struct program_common *grown =
                    realloc(k->commons, (k->common_count + 1) * sizeof *grown);
                if (!grown)
                    return false;
                k->commons = grown;
                memset(&k->commons[g], 0, sizeof k->commons[g]);
                strcpy(k->commons[g].name, b->name);
                k->commons[g].align = 1;
                k->commons[g].first = l->m->name;
                k->common_count++;
            }
            if (b->length > k->commons[g].length)
                k->commons[g].length = b->length;
            if (b->align > k->commons[g].align)
                k->commons[g].align = b->align;
            l->common[c] = (uint32_t)g;
        }
    }
    return true;
}

/* Origins: the modules from origin, then the named commons, the blank one
 * last.  Returns the high limit, or 0 if past the largest memory. */
static uint64_t lay_out(struct linking *k, uint32_t origin)
{
    uint64_t next = origin;
    for (size_t i = 0; i < k->count; i++) {
        next = align_up(next, k->modules[i].m->align);
        k->modules[i].origin = (uint32_t)(next < MEMORY_MAX_WORDS ? next : 0);
        next += k->modules[i].m->length;
    }
    for (int blank = 0; blank < 2; blank++)
        for (size_t g = 0; g < k->common_count; g++) {
            struct program_common *c = &k->commons[g];
            if ((c->name[0] == '\0') != blank)
                continue;
            next = align_up(next, c->align);
            c->origin = (uint32_t)(next < MEMORY_MAX_WORDS ? next : 0);
            next += c->length;
        }
    return next > MEMORY_MAX_WORDS ? 0 : next;
}

/* ---- relocation ---------------------------------------------------------------------------- */

/* A symbol's address in the program (its own unit). */
static int64_t symbol_value(const struct linking *k, const struct loaded *l,
                            const struct object_symbol *s)
{
    int64_t base = 0;
    if (s->target == OBJ_BLOCK)
        base = l->origin;
    else if (s->target == OBJ_COMMON)
        base = k->commons[l->common[s->index]].origin;
    return s->value + base * (s->attribute == 'P' ? 4 : 1);
}

static uint64_t *word_at(struct executable *exe, uint32_t address)
{
    return &exe->words[address - exe->origin];
}

static void relocate(struct linking *k, const struct loaded *l, struct executable *exe)
{
    const struct object_module *m = l->m;
    for (size_t i = 0; i < m->reloc_count; i++) {
        const struct object_reloc *x = &m->relocs[i];
        uint32_t place = x->place == OBJ_BLOCK ? l->origin
                                               : k->commons[l->common[x->place_index]].origin;
        uint64_t add;
        if (x->target == OBJ_EXTERNAL) {
            size_t module, symbol;
            if (!find_entry(k, m->externals[x->index], &module, &symbol))
                continue;   /* reported already */
            const struct object_symbol *s = &k->modules[module].m->symbols[symbol];
            add = (uint64_t)symbol_value(k, &k->modules[module], s);
            if (x->unit == OBJ_UNIT_PARCEL && s->attribute == 'W')
                add *= 4;
        } else {
            add = x->target == OBJ_BLOCK ? l->origin : k->commons[l->common[x->index]].origin;
            if (x->unit == OBJ_UNIT_PARCEL)
                add *= 4;
        }
        uint64_t *words = word_at(exe, place);
        uint64_t first = object_field_first_bit(x);
        object_field_put(words, first, x->width, object_field_get(words, first, x->width) + add);
    }
}

/* ---- the executable ------------------------------------------------------------------------- */

static bool build(struct linking *k, uint32_t origin, uint64_t hlm, struct executable *exe)
{
    memset(exe, 0, sizeof *exe);
    exe->version = EXECUTABLE_VERSION;
    exe->origin = origin;
    exe->word_count = (uint32_t)(hlm - origin);
    exe->words = calloc(exe->word_count ? exe->word_count : 1, sizeof *exe->words);
    size_t symbols = 0;
    for (size_t i = 0; i < k->count; i++)
        symbols += k->modules[i].m->symbol_count;
    exe->symbols = calloc(symbols ? symbols : 1, sizeof *exe->symbols);
    if (!exe->words || !exe->symbols || symbols > EXECUTABLE_MAX_SYMBOLS)
        return false;
    exe->models = MODEL_ALL;
    exe->entry = EXECUTABLE_NO_ENTRY;
    snprintf(exe->name, sizeof exe->name, "%s", k->count ? k->modules[0].m->name : "");
    /* Commons' initial words first (a later module's non-zero words win),
     * then the blocks. */
    for (size_t i = 0; i < k->count; i++)
        for (size_t c = 0; c < k->modules[i].m->common_count; c++) {
            const struct object_common *b = &k->modules[i].m->commons[c];
            uint32_t at = k->commons[k->modules[i].common[c]].origin;
            for (uint32_t w = 0; w < b->length; w++)
                if (b->words[w])
                    *word_at(exe, at + w) = b->words[w];
        }
    for (size_t i = 0; i < k->count; i++) {
        const struct loaded *l = &k->modules[i];
        if (l->m->length)
            memcpy(word_at(exe, l->origin), l->m->words, (size_t)l->m->length * 8);
        exe->models &= l->m->models;
        if (exe->entry == EXECUTABLE_NO_ENTRY && l->m->start != OBJECT_NO_START)
            exe->entry = (uint64_t)l->origin * 4 + l->m->start;
    }
    for (size_t i = 0; i < k->count; i++)
        relocate(k, &k->modules[i], exe);
    for (size_t i = 0; i < k->count; i++)
        for (size_t s = 0; s < k->modules[i].m->symbol_count; s++) {
            const struct object_symbol *o = &k->modules[i].m->symbols[s];
            struct executable_symbol *e = &exe->symbols[exe->symbol_count++];
            strcpy(e->name, o->name);
            if (o->target == OBJ_COMMON)
                strcpy(e->section, k->commons[k->modules[i].common[o->index]].name);
            e->attribute = o->attribute;
            e->entry = o->entry;
            e->value = symbol_value(k, &k->modules[i], o);
        }
    if (exe->entry == EXECUTABLE_NO_ENTRY && k->count && exe->word_count)
        exe->entry = (uint64_t)k->modules[0].origin * 4;
    return true;
}

/* ---- the load map --------------------------------------------------------------------------- */

void loader_text_line(char **text, size_t *length, const char *format, ...)
{
    if (!*text)
        return;
    char line[200];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line, sizeof line, format, args);
    va_end(args);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof line)
        n = sizeof line - 1;
    char *grown = realloc(*text, *length + (size_t)n + 2);
    if (!grown) {
        free(*text);
        *text = NULL;
        return;
    }
    memcpy(grown + *length, line, (size_t)n);
    *length += (size_t)n;
    grown[(*length)++] = '\n';
    grown[*length] = '\0';
    *text = grown;
}

static char *load_map(const struct linking *k, const struct executable *exe, uint64_t hlm,
                      enum loader_map detail)
{
    size_t length = 0;
    char *text = calloc(1, 1);
    loader_text_line(&text, &length,
                     "LOAD MAP OF %s: ORIGIN %08" PRIo32 "  HLM %08" PRIo64 "  ENTRY %08" PRIo64 "%c",
                     exe->name, exe->origin, hlm, exe->entry / 4, (char)('a' + (exe->entry & 3)));
    loader_text_line(&text, &length, "MODULE    ORIGIN    LENGTH    FROM");
    for (size_t i = 0; i < k->count; i++)
        loader_text_line(&text, &length, "%-8s  %08" PRIo32 "  %08" PRIo32 "  %s",
                         k->modules[i].m->name, k->modules[i].origin, k->modules[i].m->length,
                         k->modules[i].from);
    if (k->common_count) {
        loader_text_line(&text, &length, "COMMON    ORIGIN    LENGTH    FIRST DECLARED BY");
        for (size_t g = 0; g < k->common_count; g++) {
            char name[12];
            snprintf(name, sizeof name, "/%s/", k->commons[g].name);
            loader_text_line(&text, &length, "%-8s  %08" PRIo32 "  %08" PRIo32 "  %s", name,
                             k->commons[g].origin, k->commons[g].length, k->commons[g].first);
        }
    }
    if (detail == LOADER_MAP_FULL) {
        loader_text_line(&text, &length, "ENTRY     ADDRESS    MODULE");
        for (size_t i = 0; i < k->count; i++)
            for (size_t s = 0; s < k->modules[i].m->symbol_count; s++) {
                const struct object_symbol *o = &k->modules[i].m->symbols[s];
                if (!o->entry)
                    continue;
                int64_t v = symbol_value(k, &k->modules[i], o);
                if (o->attribute == 'P')
                    loader_text_line(&text, &length, "%-8s  %08" PRIo64 "%c  %s", o->name,
                                     (uint64_t)v / 4, (char)('a' + (v & 3)),
                                     k->modules[i].m->name);
                else
                    loader_text_line(&text, &length, "%-8s  %08" PRIo64 "   %s", o->name,
                                     (uint64_t)v, k->modules[i].m->name);
            }
    }
    return text;
}

/* ---- linking --------------------------------------------------------------------------------- */

int loader_link(const struct loader_input *objects, size_t object_count,
                const struct loader_input *libraries, size_t library_count, uint32_t origin,
                enum loader_map map, struct loader_result *result)
{
    memset(result, 0, sizeof *result);
    struct linking k = {0};
    k.result = result;
    for (size_t f = 0; f < object_count; f++)
        for (size_t i = 0; i < objects[f].file->module_count; i++)
            load(&k, &objects[f].file->modules[i], objects[f].name);
    if (k.count == 0)
        message(&k, true, "nothing to load: no module in the object files");
    satisfy_externals(&k, libraries, library_count);
    uint64_t hlm = 0;
    if (!k.out_of_memory && !place_commons(&k))
        k.out_of_memory = true;
    if (!k.out_of_memory && !result->error_count) {
        hlm = origin < MEMORY_MAX_WORDS ? lay_out(&k, origin) : 0;
        if (!hlm)
            message(&k, true, "the program does not fit in the largest memory (%u words)",
                    MEMORY_MAX_WORDS);
    }
    size_t symbols = 0;
    for (size_t i = 0; i < k.count; i++)
        symbols += k.modules[i].m->symbol_count;
    if (!k.out_of_memory && !result->error_count && symbols > EXECUTABLE_MAX_SYMBOLS)
        message(&k, true, "the program has %zu symbols: more than %u", symbols,
                EXECUTABLE_MAX_SYMBOLS);
    if (!k.out_of_memory && !result->error_count) {
        if (!build(&k, origin, hlm, &result->executable))
            k.out_of_memory = true;
        else if (!result->executable.models)
            message(&k, true, "the modules were assembled for different machines (Cray-1 only "
                    "and X-MP only)");
    }
    if (!k.out_of_memory && !result->error_count) {
        result->has_executable = true;
        result->hlm = (uint32_t)hlm;
        if (map != LOADER_MAP_OFF && !(result->map = load_map(&k, &result->executable, hlm, map)))
            k.out_of_memory = true;
    }
    for (size_t i = 0; i < k.count; i++)
        free(k.modules[i].common);
    free(k.modules);
    free(k.commons);
    name_index_free(&k.entries);
    name_index_free(&k.names);
    name_index_free(&k.common_names);
    if (k.out_of_memory)
        return -1;
    return result->error_count ? 1 : 0;
}
