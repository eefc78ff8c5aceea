/*
 * assemble.c - cal_assemble(): the set-up, pass 1 (expand.c), the layout
 * of every section into one absolute program (the small link step:
 * ENTRY/EXT between the modules of one file, COMMON blocks shared),
 * pass 2, the listing, and the result with its executable.  See
 * cal_internal.h for the overall design and the order of the files.
 *
 * The top of os/cal/.  May use: relocatable.c, listing.c, expand.c, pseudo.c,
 * symbols.c, micro.c, diag.c, value.c, lex.c, executable.c, object.c.
 */
#include "cal_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- set-up --------------------------------------------------------------------------------- */

static void reset_modes(struct cal_asm *a)
{
    a->module = -1;
    a->section = -1;
    a->section_depth = 0;
    a->base = 'D';
    a->base_depth = 0;
    a->qual[0] = '\0';
    a->qual_depth = 0;
}

/* ---- between the passes: entries, layout, externals ------------------------------------------ */

static void mark_entries(struct cal_asm *a)
{
    for (size_t i = 0; i < a->record_count; i++) {
        const struct cal_record *r = &a->records[i];
        if (r->kind != REC_STATEMENT || r->module < 0 || !r->result)
            continue;
        bool entry = cal_equal_ci(r->result, strlen(r->result), "ENTRY");
        bool start = cal_equal_ci(r->result, strlen(r->result), "START");
        if (!entry && !start)
            continue;
        const char *item[256];
        size_t length[256];
        int n = cal_split_items(r->operand, strlen(r->operand), item, length, 256);
        for (int k = 0; k < n && k < 256; k++) {
            if (length[k] > CAL_NAME_MAX)
                continue;
            char name[CAL_NAME_MAX + 1];
            cal_upper(name, sizeof name, item[k], length[k]);
            int s = cal_symbol_find(a, "", name, r->module);
            if (s >= 0 && a->symbols[s].defined && a->symbols[s].kind != SYM_EXT &&
                a->symbols[s].kind != SYM_SET)
                a->symbols[s].entry = true;
        }
    }
}

static void resolve_externals(struct cal_asm *a)
{
    for (size_t s = 0; s < a->symbol_count; s++) {
        struct cal_symbol *ext = &a->symbols[s];
        if (ext->kind != SYM_EXT)
            continue;
        int found = -1;
        for (size_t e = 0; e < a->symbol_count; e++) {
            const struct cal_symbol *sym = &a->symbols[e];
            if (!sym->entry || sym->scope == ext->scope || strcmp(sym->name, ext->name))
                continue;
            if (found >= 0 && a->symbols[found].scope != sym->scope) {
                cal_error_at(a, sym->def_record, sym->line, "D",
                             "entry %s is defined in modules %s and %s", sym->name,
                             a->modules[a->symbols[found].scope].name, a->modules[sym->scope].name);
                continue;
            }
            found = (int)e;
        }
        if (found >= 0) {
            ext->value = a->symbols[found].value;
            ext->defined = true;
        }
    }
}

static uint64_t words_of(uint64_t bits) { return (bits + 63) / 64; }

static uint64_t align_up(uint64_t n, uint32_t align)
{
    return align > 1 ? (n + align - 1) / align * align : n;
}

static bool layout(struct cal_asm *a)
{
    uint64_t next = 0;
    for (size_t m = 0; m < a->module_count; m++) {
        const struct cal_module *mod = &a->modules[m];
        if (mod->absolute) {
            struct cal_section *s = &a->sections[mod->main_section];
            s->base = 0;
            if (s->low != UINT64_MAX && s->high > s->low) {
                uint64_t lo = s->low / 64;
                if (lo < next) {
                    int rec = -1;
                    for (size_t i = 0; i < a->record_count; i++)
                        if (a->records[i].line == mod->line) {
                            rec = (int)i;
                            break;
                        }
                    cal_error_at(a, rec, mod->line, "O",
                                 "absolute module %s at word %llo overlaps the code before it "
                                 "(which ends at word %llo)",
                                 mod->name, (unsigned long long)lo, (unsigned long long)next);
                }
                if (words_of(s->high) > next)
                    next = words_of(s->high);
            }
        }
        for (size_t i = 0; i < a->section_count; i++) {
            struct cal_section *s = &a->sections[i];
            if (s->module != (int)m || s->absolute || s->type == SEC_COMMON ||
                s->type == SEC_TASKCOM)
                continue;
            s->base = (uint32_t)align_up(next, s->align);
            next = s->base + words_of(s->high);
            if (next > CAL_MAX_IMAGE_WORDS)
                next = CAL_MAX_IMAGE_WORDS;
        }
    }
    /* Common blocks: one per name, as large as its largest declaration; the
     * named ones first, then the unnamed (blank) one, shared by every module
     * that declares it. */
    for (size_t k = 0; k < 2 * a->section_count; k++) {
        size_t i = k % a->section_count;
        struct cal_section *s = &a->sections[i];
        bool blank_phase = k >= a->section_count;
        if (!(s->type == SEC_COMMON || s->type == SEC_TASKCOM) || s->shared_with >= 0 ||
            blank_phase != !s->name[0])
            continue;
        uint64_t size = words_of(s->high);
        uint32_t align = s->align;
        for (size_t j = i + 1; j < a->section_count; j++) {
            struct cal_section *t = &a->sections[j];
            if ((t->type == SEC_COMMON || t->type == SEC_TASKCOM) && !strcmp(t->name, s->name) &&
                (s->name[0] || t->type == s->type)) {
                t->shared_with = (int)i;
                if (words_of(t->high) > size)
                    size = words_of(t->high);
                if (t->align > align)
                    align = t->align;
            }
        }
        s->base = (uint32_t)align_up(next, align);
        next = s->base + size;
        if (next > CAL_MAX_IMAGE_WORDS)
            next = CAL_MAX_IMAGE_WORDS;
        for (size_t j = i + 1; j < a->section_count; j++)
            if (a->sections[j].shared_with == (int)i)
                a->sections[j].base = s->base;
    }
    if (next >= CAL_MAX_IMAGE_WORDS) {
        cal_error_at(a, -1, 0, "F", "program larger than %u words", CAL_MAX_IMAGE_WORDS);
        return false;
    }
    a->image_words = (uint32_t)next;
    a->image = calloc(next ? next : 1, sizeof *a->image);
    if (!a->image) {
        a->out_of_memory = true;
        return false;
    }
    return true;
}

/* ---- pass 2 --------------------------------------------------------------------------------- */

static bool record_has_error(const struct cal_asm *a, int record)
{
    for (size_t d = a->diag_count; d-- > 0;)
        if (a->diags[d].record == record && !a->diags[d].warning)
            return true;
    return false;
}

static void pass2(struct cal_asm *a)
{
    a->pass = 2;
    reset_modes(a);
    for (size_t s = 0; s < a->section_count; s++)
        a->sections[s].origin = a->sections[s].location = 0;
    bool in_system_text = false;
    for (size_t i = 0; i < a->record_count && !a->out_of_memory; i++) {
        struct cal_record *r = &a->records[i];
        a->record = (int)i;
        a->line = r->line;
        memset(&a->list, 0, sizeof a->list);
        if (in_system_text && !r->system)
            cal_system_text_ended(a);
        in_system_text = r->system;
        if (r->kind == REC_STATEMENT) {
            a->module = r->module;
            a->system_text = r->system;
            a->section = r->section_start;
            if (a->section >= 0) {
                a->sections[a->section].origin = r->origin_start;
                a->sections[a->section].location = r->location_start;
            }
            cal_assemble_statement(a, r);
            r = &a->records[i];
            struct cal_section *s = r->section_end >= 0 ? &a->sections[r->section_end] : NULL;
            if (a->section != r->section_end ||
                (s && (s->origin != r->origin_end || s->location != r->location_end))) {
                if (!record_has_error(a, (int)i))
                    cal_error(a, "F", "phase error: the statement's size differs between the "
                              "passes (a forward reference?)");
                a->section = r->section_end;
                if (s) {
                    s->origin = r->origin_end;
                    s->location = r->location_end;
                }
            }
        } else if (r->kind == REC_CALL && a->section >= 0) {
            a->list.has_location = true;
            a->list.location_bits = a->sections[a->section].origin;
        }
        if (a->options.listing && r->kind != REC_COMMENT && !r->system)
            cal_list_record(a, r);
    }
    a->system_text = false;
}

/* ---- the result -------------------------------------------------------------------------- */

static bool build_executable(struct cal_asm *a, struct executable *exe)
{
    memset(exe, 0, sizeof *exe);
    exe->version = EXECUTABLE_VERSION;
    exe->models = a->models & a->used_models ? a->models & a->used_models : a->models;
    if (a->module_count)
        snprintf(exe->name, sizeof exe->name, "%s", a->modules[0].name);
    exe->entry = a->has_entry && a->entry >= 0 && (uint64_t)a->entry < (uint64_t)a->image_words * 4
                     ? (uint64_t)a->entry
                     : EXECUTABLE_NO_ENTRY;
    exe->word_count = a->image_words;
    exe->words = a->image;
    a->image = NULL;
    a->image_words = 0;
    exe->symbols = calloc(a->symbol_count + 1, sizeof *exe->symbols);
    if (!exe->symbols)
        return false;
    for (size_t s = 0; s < a->symbol_count; s++) {
        const struct cal_symbol *sym = &a->symbols[s];
        if (sym->scope < 0 || sym->kind == SYM_EXT || !sym->defined || sym->value.is_float)
            continue;
        struct executable_symbol *e = &exe->symbols[exe->symbol_count++];
        strcpy(e->name, sym->name);
        if (sym->value.section >= 0 && a->sections[sym->value.section].type != SEC_LITERAL)
            strcpy(e->section, a->sections[sym->value.section].name);
        e->attribute = sym->value.attr;
        e->entry = sym->entry;
        e->value = cal_absolute(a, &sym->value);
    }
    return true;
}

static void free_assembler(struct cal_asm *a)
{
    for (size_t i = 0; i < a->record_count; i++) {
        struct cal_record *r = &a->records[i];
        free(r->text);
        free(r->location);
        free(r->result);
        free(r->operand);
        free(r->list_text);
    }
    free(a->records);
    free(a->symbols);
    free(a->symbol_hash);
    free(a->sections);
    free(a->modules);
    for (size_t l = 0; l < a->literal_count; l++)
        free(a->literals[l].text);
    free(a->literals);
    for (size_t m = 0; m < a->macro_count; m++) {
        struct cal_macro *mac = &a->macros[m];
        for (size_t b = 0; b < mac->body_count; b++)
            free(mac->body[b]);
        free(mac->body);
        free(mac->positional);
        for (int k = 0; k < mac->keyword_count; k++)
            free(mac->keyword_default[k]);
        free(mac->keyword_default);
        free(mac->keyword);
        free(mac->proto_result);
        free(mac->proto_operand);
    }
    free(a->macros);
    for (size_t m = 0; m < a->micro_count; m++)
        free(a->micros[m].value);
    free(a->micros);
    for (size_t d = 0; d < a->diag_count; d++)
        free(a->diags[d].message);
    free(a->diags);
    free(a->image);
    free(a->relocs);
    free(a->listing.data);
    isa_forms_destroy(a->forms);
    free(a);
}

int cal_assemble(const char *source, size_t length, const char *file_name,
                 const struct cal_options *options, struct cal_result *result)
{
    return cal_assemble_extra(source, length, file_name, options, NULL, result);
}

int cal_assemble_extra(const char *source, size_t length, const char *file_name,
                       const struct cal_options *options, const struct cal_extra_options *extra,
                       struct cal_result *result)
{
    memset(result, 0, sizeof *result);
    struct cal_asm *a = calloc(1, sizeof *a);
    if (!a)
        return -1;
    if (options)
        a->options = *options;
    if (extra)
        a->extra = *extra;
    a->models = a->options.models & MODEL_ALL ? a->options.models & MODEL_ALL : MODEL_ALL;
    a->used_models = MODEL_ALL;
    a->file_name = file_name ? file_name : "-";
    a->forms = isa_forms_create();
    a->start_module = -1;
    reset_modes(a);
    if (!a->forms) {
        free_assembler(a);
        return -1;
    }
    cal_micros_predefine(a);

    cal_pass1(a, source, length);
    if (!a->out_of_memory) {
        mark_entries(a);
        if (!a->extra.object)
            resolve_externals(a);
        if (layout(a))
            pass2(a);
    }
    struct object_file object = {0};
    bool object_built = false;
    if (a->extra.object && !a->out_of_memory) {
        object_built = cal_build_object(a, &object);
        if (!object_built)
            a->out_of_memory = true;
    }
    if (a->options.listing && !a->out_of_memory) {
        cal_list_summary(a);
        if (!a->listing.failed) {
            result->listing = a->listing.data;
            result->listing_length = a->listing.length;
            a->listing.data = NULL;
        }
    }
    int status = 0;
    if (a->out_of_memory || !cal_diagnostics_to_result(a, result))
        status = -1;
    else if (result->error_count > 0)
        status = 1;
    else if (object_built) {
        result->object = object;
        result->has_object = true;
        object_built = false;
    } else if (build_executable(a, &result->executable))
        result->has_executable = true;
    else
        status = -1;
    if (object_built)
        object_file_free(&object);
    result->expanded = a->expanded;
    free_assembler(a);
    return status;
}

void cal_result_free(struct cal_result *result)
{
    if (!result)
        return;
    executable_free(&result->executable);
    object_file_free(&result->object);
    free(result->listing);
    for (size_t d = 0; d < result->diagnostic_count; d++)
        free(result->diagnostics[d].message);
    free(result->diagnostics);
    memset(result, 0, sizeof *result);
}
