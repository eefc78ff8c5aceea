/*
 * display.c - the status display (see display.h): sampling, layout,
 * drawing with the character ROM, the window and screenshots.
 */
#include "display.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "charrom.h"
#include "emu/cpu.h"
#include "emu/isa.h"
#include "os/job.h"
#include "emu/machine.h"
#include "os/os.h"
#include "png_write.h"

/* Interval below which a sample does not change the MFLOPS figure. */
#define SAMPLE_MIN_CLOCKS 100000u
#define DAYFILE_TAIL_BYTES 16384
#define DROPFILES_MAX 512

struct pc_sample {
    int job;                 /* job number sampled, 0: none */
    uint64_t clock, flops;   /* at the last sample */
    double mflops;           /* over the last interval */
    bool measured;
};

struct display {
    struct os *os;
    struct charrom rom;
    struct isa_forms *forms;
    SDL_Surface *surface;    /* the picture, ARGB8888 */
    SDL_Window *window;      /* NULL: off screen only */
    bool sdl_started;
    int width, height;
    int columns, rows, pc_width;
    double last_frame;       /* wall seconds */
    struct pc_sample pcs[MACHINE_MAX_PCS];
};

/* A panel's rectangle and its text cursor. */
struct panel {
    int x, y, w, h;
    int line;                /* next body line */
};

static const uint32_t job_palette[8] = {0x4e9de0, 0xe0a04e, 0x6ad06a, 0xd06aa8,
                                        0xa88be0, 0x5fd0d0, 0xe0d05f, 0xe06a5f};
#define DIM_COLOUR 0x6c7a88
#define WARN_COLOUR 0xffb347
#define BAD_COLOUR 0xff6a6a
#define GOOD_COLOUR 0x7dffa0
#define OPERATOR_COLOUR 0x7fd4ff
#define TROUGH_COLOUR 0x26313c
#define FREE_COLOUR 0x1e2730

static double wall_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint32_t job_colour(int number) { return job_palette[(unsigned)number % 8u]; }

static double clock_period_ns(const struct os *os)
{
    return os->config.model == MODEL_XMP ? 9.5 : 12.5;
}

/* ---- drawing ------------------------------------------------------------------------- */

static void fill(struct display *d, int x, int y, int w, int h, uint32_t rgb)
{
    SDL_Rect r = {x, y, w, h};
    SDL_FillRect(d->surface, &r, 0xff000000u | rgb);
}

static void frame_rect(struct display *d, int x, int y, int w, int h, uint32_t rgb)
{
    fill(d, x, y, w, 1, rgb);
    fill(d, x, y + h - 1, w, 1, rgb);
    fill(d, x, y, 1, h, rgb);
    fill(d, x + w - 1, y, 1, h, rgb);
}

/* Text from the ROM at (x, y), clipped at x_limit (exclusive).  Returns
 * the x after the last character drawn. */
static int text_at(struct display *d, int x, int y, int x_limit, uint32_t rgb, const char *text)
{
    SDL_Surface *s = d->surface;
    uint32_t pixel = 0xff000000u | rgb;
    int cw = d->rom.width, ch = d->rom.height;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (x + cw > x_limit)
            break;
        for (int row = 0; row < ch; row++) {
            int py = y + row;
            if (py < 0 || py >= s->h)
                continue;
            uint32_t *line = (uint32_t *)((uint8_t *)s->pixels + (size_t)py * (size_t)s->pitch);
            for (int col = 0; col < cw; col++) {
                int px = x + col;
                if (px >= 0 && px < s->w && charrom_dot(&d->rom, *c, col, row))
                    line[px] = pixel;
            }
        }
        x += cw;
    }
    return x;
}

static int textf_at(struct display *d, int x, int y, int x_limit, uint32_t rgb, const char *format,
                    ...) __attribute__((format(printf, 6, 7)));
static int textf_at(struct display *d, int x, int y, int x_limit, uint32_t rgb, const char *format,
                    ...)
{
    char buffer[512];
    va_list args;
    va_start(args, format);
    vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    return text_at(d, x, y, x_limit, rgb, buffer);
}

static struct panel panel_open(struct display *d, int x, int y, int w, int h, uint32_t colour,
                               const char *title)
{
    fill(d, x, y, w, h, DISPLAY_PANEL_COLOUR);
    frame_rect(d, x, y, w, h, colour);
    fill(d, x, y, w, DISPLAY_HEADER_HEIGHT, colour);
    text_at(d, x + DISPLAY_PAD, y + (DISPLAY_HEADER_HEIGHT - d->rom.height) / 2 + 1,
            x + w - DISPLAY_PAD, DISPLAY_HEADER_TEXT_COLOUR, title);
    return (struct panel){x, y, w, h, 0};
}

static int panel_line_y(const struct panel *p, int line)
{
    return p->y + DISPLAY_HEADER_HEIGHT + DISPLAY_PAD_TOP + line * DISPLAY_LINE;
}

static int panel_lines(const struct panel *p)
{
    return (p->h - DISPLAY_HEADER_HEIGHT - DISPLAY_PAD_TOP - 2) / DISPLAY_LINE;
}

static int panel_right(const struct panel *p) { return p->x + p->w - DISPLAY_PAD; }

/* Right-aligned text in a panel's header. */
static void header_right(struct display *d, const struct panel *p, const char *text)
{
    int w = (int)strlen(text) * d->rom.width;
    text_at(d, panel_right(p) - w, p->y + (DISPLAY_HEADER_HEIGHT - d->rom.height) / 2 + 1,
            panel_right(p), DISPLAY_HEADER_TEXT_COLOUR, text);
}

/* ---- the panels ---------------------------------------------------------------------- */

static void draw_title(struct display *d)
{
    struct os *os = d->os;
    fill(d, 0, 0, d->width, DISPLAY_TITLE_HEIGHT, DISPLAY_TITLE_COLOUR);
    int running = 0, queued = 0, ended = 0, dropped = 0;
    for (int i = 0; i < os->job_count; i++) {
        const struct job *job = os->jobs[i];
        if (!job)
            continue;
        running += job->state == JOB_RUNNING;
        queued += job->state == JOB_QUEUED;
        ended += job->state == JOB_DONE;
        dropped += job->state == JOB_DROPPED;
    }
    int y = (DISPLAY_TITLE_HEIGHT - d->rom.height) / 2 + 1;
    int x = text_at(d, DISPLAY_MARGIN, y, d->width, WARN_COLOUR, "C-1");
    x = textf_at(d, x + 2 * d->rom.width, y, d->width, DISPLAY_TEXT_COLOUR,
                 "site %s   %s   %u PCs   %" PRIu32 " words%s", os->site.name,
                 os->config.model == MODEL_XMP ? "X-MP" : "CRAY-1", os->config.pcs,
                 os->config.memory_words, os->shutting_down ? "   SHUTDOWN" : "");
    char right[160];
    snprintf(right, sizeof right,
             "clock %012" PRIu64 " (%.6f s)   running %d  queued %d  ended %d  dropped %d", os->now,
             (double)os->now * clock_period_ns(os) * 1e-9, running, queued, ended, dropped);
    int w = (int)strlen(right) * d->rom.width;
    int rx = d->width - DISPLAY_MARGIN - w;
    text_at(d, rx > x + d->rom.width ? rx : x + d->rom.width, y, d->width - DISPLAY_MARGIN,
            DISPLAY_TEXT_COLOUR, right);
}

/* The instruction at P of a PC, disassembled. */
static void instruction_at_p(struct display *d, const struct cpu *cpu, char *text, size_t size)
{
    uint64_t word = (uint64_t)cpu->ibase + cpu->p / 4;
    uint64_t end = cpu->ilimit < cpu->memory->size ? cpu->ilimit : cpu->memory->size;
    if (word >= end) {
        snprintf(text, size, "(P outside the field)");
        return;
    }
    uint16_t parcels[2];
    int available = 0;
    for (uint32_t k = 0; k < 2; k++) {
        uint32_t p = cpu->p + k;
        uint64_t w = (uint64_t)cpu->ibase + p / 4;
        if (w >= end)
            break;
        parcels[k] = (uint16_t)(cpu->memory->word[w] >> (48 - 16 * (p & 3)));
        available++;
    }
    isa_disassemble(d->forms, cpu->model, parcels, available, text, size);
    /* One line: a VWD's comment goes after the instruction's own text. */
    for (char *c = text; *c; c++)
        if (*c == '\n' || *c == '\t')
            *c = ' ';
}

static void draw_bar(struct display *d, int x, int y, int w, int h, double fraction)
{
    fill(d, x, y, w, h, TROUGH_COLOUR);
    if (fraction < 0)
        fraction = 0;
    if (fraction > 1)
        fraction = 1;
    uint32_t colour = fraction > 0.9 ? BAD_COLOUR : fraction > 0.75 ? WARN_COLOUR : 0x3fbf6f;
    int filled = (int)(fraction * (double)w + 0.5);
    if (filled > 0)
        fill(d, x, y, filled, h, colour);
}

static void draw_pc(struct display *d, unsigned pc, int x, int y)
{
    struct os *os = d->os;
    const struct cpu *cpu = &os->machine->cpu[pc];
    struct job *job = os->pc_job[pc] >= 0 ? os_find_job(os, os->pc_job[pc]) : NULL;
    char title[64], right[64];
    snprintf(title, sizeof title, "PC %u", pc);
    snprintf(right, sizeof right, "clock %" PRIu64, cpu->clock);
    struct panel p = panel_open(d, x, y, d->pc_width, DISPLAY_PC_HEIGHT,
                                job ? DISPLAY_PC_BUSY_COLOUR : DISPLAY_PC_IDLE_COLOUR, title);
    header_right(d, &p, right);
    int tx = p.x + DISPLAY_PAD, limit = panel_right(&p);
    if (!job) {
        text_at(d, tx, panel_line_y(&p, 0), limit, DIM_COLOUR, "idle");
        return;
    }
    int nx = text_at(d, tx, panel_line_y(&p, 0), limit, DISPLAY_NAME_COLOUR, job->name);
    /* A swatch of the job's colour in the memory map. */
    int sx = tx + 8 * d->rom.width;
    if (nx + d->rom.width > sx)
        sx = nx + d->rom.width;
    fill(d, sx, panel_line_y(&p, 0) + 3, d->rom.width, d->rom.height - 6, job_colour(job->number));
    int room = (limit - (sx + 2 * d->rom.width)) / d->rom.width;
    char who[128];
    snprintf(who, sizeof who, "job %d  user %s  class %s  priority %d", job->number, job->user,
             job->class_name, job->priority);
    if ((int)strlen(who) > room)   /* a narrow panel: the values alone */
        snprintf(who, sizeof who, "job %d %s %s P%d", job->number, job->user, job->class_name,
                 job->priority);
    text_at(d, sx + 2 * d->rom.width, panel_line_y(&p, 0), limit, DISPLAY_TEXT_COLOUR, who);
    if (job->step_running) {
        char instruction[160];
        instruction_at_p(d, cpu, instruction, sizeof instruction);
        int ix = textf_at(d, tx, panel_line_y(&p, 1), limit, DIM_COLOUR, "P %08" PRIo32 "  ",
                          cpu->p);
        text_at(d, ix, panel_line_y(&p, 1), limit, DISPLAY_TEXT_COLOUR, instruction);
    } else {
        text_at(d, tx, panel_line_y(&p, 1), limit, DIM_COLOUR,
                "between steps: the OS runs its control statements");
    }
    uint64_t used = job_clocks_used(os, job);
    double fraction = job->time_limit ? (double)used / (double)job->time_limit : 0;
    textf_at(d, tx, panel_line_y(&p, 2), limit, DISPLAY_TEXT_COLOUR,
             "clocks %" PRIu64 " of %" PRIu64 "  (%.1f%%)", used, job->time_limit,
             100.0 * fraction);
    draw_bar(d, tx, panel_line_y(&p, 3), p.w - 2 * DISPLAY_PAD, d->rom.height - 2, fraction);
    const struct pc_sample *s = &d->pcs[pc];
    int mx;
    if (s->measured && s->job == job->number)
        mx = textf_at(d, tx, panel_line_y(&p, 4), limit, DISPLAY_TEXT_COLOUR, "%.2f MFLOPS",
                      s->mflops);
    else
        mx = text_at(d, tx, panel_line_y(&p, 4), limit, DIM_COLOUR, "- MFLOPS");
    /* The step: the control statement that runs the program. */
    int statement = job->next_statement - 1;
    if (statement >= 0 && statement < job->deck.statement_count && job->step_running) {
        int sx2 = mx + 3 * d->rom.width;
        char step[160];
        snprintf(step, sizeof step, "step %d: %s  program %s", statement + 1,
                 job->deck.statements[statement].text, job->program_name);
        if ((int)strlen(step) * d->rom.width > limit - sx2)
            snprintf(step, sizeof step, "%s %s", job->deck.statements[statement].text,
                     job->program_name);
        text_at(d, sx2, panel_line_y(&p, 4), limit, DIM_COLOUR, step);
    }
}

static void draw_memory(struct display *d, int y)
{
    struct os *os = d->os;
    const struct field_map *map = &os->fields;
    char right[80];
    snprintf(right, sizeof right, "%" PRIu32 " words free, largest hole %" PRIu32,
             field_free_words(map), field_largest_hole(map));
    struct panel p = panel_open(d, DISPLAY_MARGIN, y, d->width - 2 * DISPLAY_MARGIN,
                                DISPLAY_MEMORY_HEIGHT, DISPLAY_MEMORY_COLOUR, "memory map");
    header_right(d, &p, right);
    int tx = p.x + DISPLAY_PAD, limit = panel_right(&p);
    textf_at(d, tx, panel_line_y(&p, 0), limit, DISPLAY_TEXT_COLOUR,
             "%" PRIu32 " words (octal 0-%" PRIo32 "), %d fields", map->memory_words,
             map->memory_words - 1, map->count);
    int bx = tx, bw = p.w - 2 * DISPLAY_PAD, by = panel_line_y(&p, 1) + 1, bh = 20;
    fill(d, bx, by, bw, bh, FREE_COLOUR);
    double scale = (double)bw / (double)map->memory_words;
    for (int f = 0; f < map->count; f++) {
        const struct field *fl = &map->field[f];
        int x0 = bx + (int)((double)fl->base * scale);
        int x1 = bx + (int)((double)(fl->base + fl->length) * scale);
        if (x1 < x0 + 2)
            x1 = x0 + 2;   /* every field is seen, however small */
        fill(d, x0, by, x1 - x0, bh, job_colour(fl->owner));
        const struct job *job = os_find_job(os, fl->owner);
        if (job && x1 - x0 >= (int)strlen(job->name) * d->rom.width + 4)
            text_at(d, x0 + 2, by + (bh - d->rom.height) / 2, x1, DISPLAY_BACKGROUND, job->name);
    }
    frame_rect(d, bx - 1, by - 1, bw + 2, bh + 2, DIM_COLOUR);
    /* The legend: each field and each hole, in address order. */
    int lx = tx, line = 0, ly = by + bh + 4;
    uint32_t at = 0;
    for (int f = 0; f <= map->count && line < 2; f++) {
        char item[80];
        uint32_t next = f < map->count ? map->field[f].base : map->memory_words;
        uint32_t colour = DIM_COLOUR;
        int pass = next > at ? 0 : 1;
        for (; pass < 2 && line < 2; pass++) {
            if (pass == 0) {
                snprintf(item, sizeof item, "free %" PRIo32 "-%" PRIo32, at, next - 1);
                colour = DIM_COLOUR;
            } else if (f < map->count) {
                const struct field *fl = &map->field[f];
                const struct job *job = os_find_job(os, fl->owner);
                snprintf(item, sizeof item, "%s %" PRIo32 "-%" PRIo32, job ? job->name : "?",
                         fl->base, fl->base + fl->length - 1);
                colour = job_colour(fl->owner);
            } else {
                break;
            }
            int w = ((int)strlen(item) + 3) * d->rom.width;
            if (lx + w > limit && lx > tx) {
                line++;
                lx = tx;
                if (line >= 2)
                    break;
            }
            text_at(d, lx, ly + line * DISPLAY_LINE, limit, colour, item);
            lx += w;
        }
        if (f < map->count)
            at = map->field[f].base + map->field[f].length;
    }
}

static void draw_queue(struct display *d, int x, int y, int w, int h)
{
    struct os *os = d->os;
    char right[32];
    snprintf(right, sizeof right, "%d waiting", os->waiting_count);
    struct panel p = panel_open(d, x, y, w, h, DISPLAY_QUEUE_COLOUR, "input queue");
    header_right(d, &p, right);
    int tx = p.x + DISPLAY_PAD, limit = panel_right(&p), lines = panel_lines(&p), line = 0;
    /* Classes in the order they run (rank), each with its jobs in the order
     * they will start (os->waiting is best first). */
    int order[OS_MAX_CLASSES];
    for (int c = 0; c < os->class_count; c++)
        order[c] = c;
    for (int i = 1; i < os->class_count; i++)
        for (int j = i; j > 0 && os->classes[order[j]].rank < os->classes[order[j - 1]].rank; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (int k = 0; k < os->class_count && line < lines; k++) {
        const struct job_class *class = &os->classes[order[k]];
        int n = 0;
        for (int i = 0; i < os->waiting_count; i++)
            n += os->waiting[i]->class_index == order[k];
        textf_at(d, tx, panel_line_y(&p, line++), limit,
                 class->enabled ? DISPLAY_TEXT_COLOUR : WARN_COLOUR, "%-8s %d job%s%s",
                 class->name, n, n == 1 ? "" : "s", class->enabled ? "" : "  (held: CLASS OFF)");
        for (int i = 0, shown = 0; i < os->waiting_count && line < lines; i++) {
            const struct job *job = os->waiting[i];
            if (job->class_index != order[k])
                continue;
            if (shown == n - 1 || line < lines - 1)
                textf_at(d, tx + 2 * d->rom.width, panel_line_y(&p, line++), limit,
                         DISPLAY_TEXT_COLOUR, "job %-5d %-7s %-8s P%-2d %s", job->number,
                         job->name, job->user, job->priority, job->origin ? "restart" : "");
            else
                textf_at(d, tx + 2 * d->rom.width, panel_line_y(&p, line++), limit, DIM_COLOUR,
                         "... and %d more", n - shown);
            shown++;
        }
    }
}

struct dropfile_entry {
    char name[64];
    off_t size;
    long job, drop;          /* from NAME.JOBID.N.drop, or -1 */
};

/* Newest first, by the machine's numbers rather than the host's file
 * times (the same site gives the same picture): job id, then the job's
 * drop count, then the name. */
static int compare_dropfiles(const void *a, const void *b)
{
    const struct dropfile_entry *x = a, *y = b;
    if (x->job != y->job)
        return x->job > y->job ? -1 : 1;
    if (x->drop != y->drop)
        return x->drop > y->drop ? -1 : 1;
    return strcmp(x->name, y->name);
}

static void draw_dropfiles(struct display *d, int x, int y, int w, int h)
{
    struct os *os = d->os;
    static const char title[] = "dropfiles";
    char folder[SITE_PATH_MAX];
    struct dropfile_entry *entries = calloc(DROPFILES_MAX, sizeof *entries);
    int n = 0;
    DIR *dir = NULL;
    if (entries && !site_path(&os->site, "drop", NULL, folder, sizeof folder))
        dir = opendir(folder);
    for (struct dirent *e; dir && (e = readdir(dir)) && n < DROPFILES_MAX;) {
        size_t length = strlen(e->d_name);
        if (e->d_name[0] == '.' || length < 6 || length >= sizeof entries[0].name ||
            strcmp(e->d_name + length - 5, ".drop"))
            continue;
        struct stat st;
        if (fstatat(dirfd(dir), e->d_name, &st, 0) || !S_ISREG(st.st_mode))
            continue;
        memcpy(entries[n].name, e->d_name, length + 1);
        entries[n].size = st.st_size;
        if (sscanf(e->d_name, "%*[^.].%ld.%ld.drop", &entries[n].job, &entries[n].drop) != 2)
            entries[n].job = entries[n].drop = -1;
        n++;
    }
    if (dir)
        closedir(dir);
    char right[32];
    snprintf(right, sizeof right, "%d in SITE/drop", n);
    struct panel p = panel_open(d, x, y, w, h, DISPLAY_DROP_COLOUR, title);
    header_right(d, &p, right);
    int tx = p.x + DISPLAY_PAD, limit = panel_right(&p), lines = panel_lines(&p);
    if (n == 0)
        text_at(d, tx, panel_line_y(&p, 0), limit, DIM_COLOUR, "none");
    if (entries)
        qsort(entries, (size_t)n, sizeof entries[0], compare_dropfiles);
    for (int i = 0; i < n && i < lines; i++) {
        if (i == lines - 1 && n > lines) {
            textf_at(d, tx, panel_line_y(&p, i), limit, DIM_COLOUR, "... and %d older", n - i);
            break;
        }
        textf_at(d, tx, panel_line_y(&p, i), limit, i == 0 ? WARN_COLOUR : DISPLAY_TEXT_COLOUR,
                 "%-34s %6.1f KB", entries[i].name, (double)entries[i].size / 1024.0);
    }
    free(entries);
}

static uint32_t dayfile_colour(const char *line)
{
    /* "CCCCCCCCCCCC EVENT    ...": colour by the event. */
    const char *event = strchr(line, ' ');
    if (!event)
        return DISPLAY_TEXT_COLOUR;
    event++;
    if (!strncmp(event, "DROP", 4) || !strncmp(event, "REQUEUED", 8))
        return WARN_COLOUR;
    if (!strncmp(event, "ABORT", 5) || !strncmp(event, "REJECT", 6) || !strncmp(event, "ERROR", 5))
        return BAD_COLOUR;
    if (!strncmp(event, "END", 3))
        return GOOD_COLOUR;
    if (!strncmp(event, "OPERATOR", 8))
        return OPERATOR_COLOUR;
    if (!strncmp(event, "BOOT", 4) || !strncmp(event, "SHUTDOWN", 8) || !strncmp(event, "STOP", 4))
        return 0xffffff;
    return DISPLAY_TEXT_COLOUR;
}

static void draw_dayfile(struct display *d, int x, int y, int w, int h)
{
    struct os *os = d->os;
    struct panel p = panel_open(d, x, y, w, h, DISPLAY_DAYFILE_COLOUR, "dayfile");
    header_right(d, &p, "latest events, machine clock first");
    int tx = p.x + DISPLAY_PAD, limit = panel_right(&p), lines = panel_lines(&p);
    char path[SITE_PATH_MAX];
    if (site_path(&os->site, "dayfile", NULL, path, sizeof path))
        return;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    char *tail = malloc(DAYFILE_TAIL_BYTES + 1);
    struct stat st;
    ssize_t n = -1;
    off_t from = 0;
    if (tail && !fstat(fd, &st)) {
        from = st.st_size > DAYFILE_TAIL_BYTES ? st.st_size - DAYFILE_TAIL_BYTES : 0;
        n = pread(fd, tail, DAYFILE_TAIL_BYTES, from);
    }
    close(fd);
    if (n <= 0) {
        free(tail);
        return;
    }
    tail[n] = '\0';
    /* The last whole lines: skip a partial first line when the tail is cut. */
    char *start = tail;
    if (from > 0) {
        char *nl = strchr(tail, '\n');
        start = nl ? nl + 1 : tail + n;
    }
    char *line_starts[256];
    int count = 0;
    for (char *c = start; *c && count < 256;) {
        char *nl = strchr(c, '\n');
        if (!nl)
            break;   /* a line being written */
        *nl = '\0';
        line_starts[count++] = c;
        c = nl + 1;
    }
    int first = count > lines ? count - lines : 0;
    for (int i = first; i < count; i++) {
        char *bar = strstr(line_starts[i], "  | ");
        if (bar)
            *bar = '\0';   /* the wall clock: shown by the title bar's site, not here */
        text_at(d, tx, panel_line_y(&p, i - first), limit, dayfile_colour(line_starts[i]),
                line_starts[i]);
    }
    free(tail);
}

static void render(struct display *d)
{
    struct os *os = d->os;
    fill(d, 0, 0, d->width, d->height, DISPLAY_BACKGROUND);
    draw_title(d);
    for (unsigned pc = 0; pc < os->config.pcs; pc++) {
        int column = (int)pc % d->columns, row = (int)pc / d->columns;
        draw_pc(d, pc, DISPLAY_MARGIN + column * (d->pc_width + DISPLAY_GAP),
                DISPLAY_PCS_TOP + row * (DISPLAY_PC_HEIGHT + DISPLAY_GAP));
    }
    int y = DISPLAY_PCS_TOP + d->rows * (DISPLAY_PC_HEIGHT + DISPLAY_GAP);
    draw_memory(d, y);
    y += DISPLAY_MEMORY_HEIGHT + DISPLAY_GAP;
    int half = (DISPLAY_BOTTOM_HEIGHT - DISPLAY_GAP) / 2;
    draw_queue(d, DISPLAY_MARGIN, y, DISPLAY_LEFT_WIDTH, half);
    draw_dropfiles(d, DISPLAY_MARGIN, y + half + DISPLAY_GAP, DISPLAY_LEFT_WIDTH,
                   DISPLAY_BOTTOM_HEIGHT - half - DISPLAY_GAP);
    int dx = DISPLAY_MARGIN + DISPLAY_LEFT_WIDTH + DISPLAY_GAP;
    draw_dayfile(d, dx, y, d->width - DISPLAY_MARGIN - dx, DISPLAY_BOTTOM_HEIGHT);
}

/* ---- the display's life ---------------------------------------------------------------- */

struct display *display_create(struct os *os, bool window, char *error, size_t size)
{
    struct display *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(error, size, "out of memory");
        return NULL;
    }
    d->os = os;
    if (charrom_parse(&d->rom, charrom_source, error, size)) {
        free(d);
        return NULL;
    }
    d->forms = isa_forms_create();
    unsigned pcs = os->config.pcs;
    d->columns = pcs <= 4 ? (int)pcs : 4;
    d->rows = ((int)pcs + d->columns - 1) / d->columns;
    d->width = DISPLAY_WIDTH;
    d->pc_width = (d->width - 2 * DISPLAY_MARGIN - (d->columns - 1) * DISPLAY_GAP) / d->columns;
    d->height = DISPLAY_PCS_TOP + d->rows * (DISPLAY_PC_HEIGHT + DISPLAY_GAP) +
                DISPLAY_MEMORY_HEIGHT + DISPLAY_GAP + DISPLAY_BOTTOM_HEIGHT + DISPLAY_MARGIN;
    d->surface = SDL_CreateRGBSurfaceWithFormat(0, d->width, d->height, 32,
                                                SDL_PIXELFORMAT_ARGB8888);
    if (!d->forms || !d->surface) {
        snprintf(error, size, "cannot make the display's picture: %s",
                 d->forms ? SDL_GetError() : "out of memory");
        display_destroy(d);
        return NULL;
    }
    if (window) {
        /* Ctrl-C stops c1 as it does without a window. */
        SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
        if (SDL_InitSubSystem(SDL_INIT_VIDEO)) {
            snprintf(error, size, "cannot open the display: %s (with no screen, set "
                     "SDL_VIDEODRIVER=offscreen)", SDL_GetError());
            display_destroy(d);
            return NULL;
        }
        d->sdl_started = true;
        /* With no screen SDL falls back to a driver that shows nothing; a
         * user who asked for a window must hear it, not watch a headless run. */
        const char *driver = SDL_GetCurrentVideoDriver();
        const char *asked = getenv("SDL_VIDEODRIVER");
        if (driver && (!strcmp(driver, "offscreen") || !strcmp(driver, "dummy")) &&
            !(asked && !strcmp(asked, driver))) {
            snprintf(error, size, "cannot open the display: there is no screen (SDL found none "
                     "and fell back to its '%s' driver); set DISPLAY, or SDL_VIDEODRIVER=offscreen "
                     "to run the display without one, or use --screenshot-at", driver);
            display_destroy(d);
            return NULL;
        }
        char title[64];
        snprintf(title, sizeof title, "C-1 site %s", os->site.name);
        d->window = SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                                     d->width, d->height, SDL_WINDOW_RESIZABLE);
        if (!d->window) {
            snprintf(error, size, "cannot open the display's window: %s", SDL_GetError());
            display_destroy(d);
            return NULL;
        }
        d->last_frame = -1;
        display_frame(d);
    }
    return d;
}

void display_destroy(struct display *display)
{
    if (!display)
        return;
    if (display->window)
        SDL_DestroyWindow(display->window);
    if (display->sdl_started)
        SDL_Quit();   /* c1 uses SDL for the display alone */
    if (display->surface)
        SDL_FreeSurface(display->surface);
    isa_forms_destroy(display->forms);
    free(display);
}

void display_sample(struct display *display)
{
    struct os *os = display->os;
    double period = clock_period_ns(os);
    for (unsigned pc = 0; pc < os->config.pcs; pc++) {
        const struct cpu *cpu = &os->machine->cpu[pc];
        struct pc_sample *s = &display->pcs[pc];
        int job = os->pc_job[pc] >= 0 ? os->pc_job[pc] : 0;
        if (job != s->job || cpu->flops < s->flops || cpu->clock < s->clock) {
            *s = (struct pc_sample){.job = job, .clock = cpu->clock, .flops = cpu->flops};
            continue;
        }
        uint64_t clocks = cpu->clock - s->clock;
        if (clocks < SAMPLE_MIN_CLOCKS)
            continue;
        s->mflops = (double)(cpu->flops - s->flops) / ((double)clocks * period * 1e-9) / 1e6;
        s->measured = true;
        s->clock = cpu->clock;
        s->flops = cpu->flops;
    }
}

static void close_window(struct display *d)
{
    SDL_DestroyWindow(d->window);
    d->window = NULL;
}

static void present(struct display *d)
{
    SDL_Surface *target = SDL_GetWindowSurface(d->window);
    if (!target)
        return;
    if (target->w == d->width && target->h == d->height)
        SDL_BlitSurface(d->surface, NULL, target, NULL);
    else
        SDL_BlitScaled(d->surface, NULL, target, NULL);
    SDL_UpdateWindowSurface(d->window);
}

void display_frame(struct display *display)
{
    if (!display->window)
        return;
    SDL_Event event;
    bool expose = false;
    while (display->window && SDL_PollEvent(&event)) {
        if (event.type == SDL_QUIT ||
            (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE)) {
            close_window(display);
            return;
        }
        if (event.type == SDL_WINDOWEVENT && (event.window.event == SDL_WINDOWEVENT_EXPOSED ||
                                              event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED))
            expose = true;
    }
    double now = wall_seconds();
    if (now - display->last_frame >= 1.0 / DISPLAY_FPS) {
        display->last_frame = now;
        render(display);
        present(display);
    } else if (expose) {
        present(display);
    }
}

int display_screenshot(struct display *display, const char *path, char *error, size_t size)
{
    render(display);
    SDL_Surface *s = display->surface;
    if (SDL_MUSTLOCK(s))
        SDL_LockSurface(s);
    int status = png_write_argb(path, (const uint32_t *)s->pixels, s->w, s->h, s->pitch / 4, error,
                                size);
    if (SDL_MUSTLOCK(s))
        SDL_UnlockSurface(s);
    return status;
}

int display_screenshot_hook(void *context, const char *path, char *error, size_t size)
{
    return display_screenshot(context, path, error, size);
}

void display_size(const struct display *display, int *width, int *height)
{
    *width = display->width;
    *height = display->height;
}
