/*
 * bench_dropfile.c - drop and restart of a job with a 1 M-word field
 * (make bench): the time to write its dropfile as a site does (encode,
 * write through os/disk, the group commit that makes it durable: one
 * fsync) against writing the same number of raw bytes with fsync on the
 * same disk, and as the dropfile tool does (dropfile_write_file: an fsync
 * of the file, then of its folder, "tool ms"),
 * the time until a restart is ready to run (read, verify, restore on a new
 * processor at another base), and the file size and compression ratio, for
 * three fields: a realistic one (code, float arrays, an index table, the
 * rest zero), an all-zero one and a random one (the worst case).
 *
 * Each figure is the best of 5.  The restart goes into a machine that
 * exists already, as a site's does (its memory allocated at boot); the
 * first restart into it, which also pays for the host's first touch of
 * those pages, is shown apart ("cold ms").
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emu/cpu.h"
#include "emu/cray_float.h"
#include "os/dropfile/dropfile.h"
#include "emu/isa.h"
#include "emu/memory.h"
#include "os/disk/disk.h"

#define FIELD (1u << 20)
#define BASE (1u << 16)

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void fill(uint64_t *field, int kind)
{
    uint64_t seed = 99;
    for (uint32_t i = 0; i < FIELD; i++) {
        uint64_t w = 0;
        if (kind == 2) {
            w = next_random(&seed);
        } else if (kind == 0) {
            if (i < 6144)
                w = next_random(&seed) & UINT64_C(0xFE3FFE3FFE3FFE3F);   /* code-like */
            else if (i < 6144 + 600000) {
                double x = (i - 6144) * 0.001;
                w = cray_float_from_double(sin(x) * 1e3 + x * x);      /* three float arrays */
            } else if (i < 6144 + 650000) {
                w = (i * 7) % 100003;                                  /* an index table */
            }
        }
        field[i] = w;
    }
}

static int raw_write(const char *path, const void *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    const char *p = data;
    while (size) {
        ssize_t k = write(fd, p, size);
        if (k <= 0) {
            close(fd);
            return -1;
        }
        p += k;
        size -= (size_t)k;
    }
    int status = fsync(fd);
    close(fd);
    return status;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "build/bench";
    mkdir(dir, 0755);
    struct isa_decoder *decoder = malloc(sizeof *decoder);
    if (!decoder)
        return 1;
    isa_decoder_init(decoder, MODEL_CRAY1);
    const char *names[3] = {"realistic", "all zero", "random"};
    printf("%-10s %12s %7s %8s %12s %6s %8s %11s %8s\n", "field", "file bytes", "ratio",
           "drop ms", "raw write ms", "x raw", "tool ms", "restart ms", "cold ms");
    for (int kind = 0; kind < 3; kind++) {
        struct memory memory;
        if (memory_init(&memory, 2 * FIELD))
            return 1;
        struct cpu *cpu = calloc(1, sizeof *cpu), *other = calloc(1, sizeof *other);
        if (!cpu || !other)
            return 1;
        cpu_init(cpu, MODEL_CRAY1, &memory, decoder);
        cpu_set_field(cpu, BASE, BASE + FIELD);
        fill(memory.word + BASE, kind);
        for (int r = 0; r < 8; r++)
            cpu->s[r] = cray_float_from_double(r * 1.5), cpu->a[r] = (uint32_t)r * 7;

        struct dropfile df;
        dropfile_init(&df);
        dropfile_set_string(&df.identity.job_name, "BENCH");
        dropfile_set_string(&df.identity.job_id, "1");
        dropfile_set_string(&df.identity.user, "ALICE");
        dropfile_set_string(&df.identity.site, "BENCH");
        df.drop.reason = DROP_REASON_TIME_LIMIT;
        if (dropfile_capture_cpu(&df, cpu))
            return 1;
        char path[512], raw[512];
        snprintf(path, sizeof path, "%s/bench%d.drop", dir, kind);
        snprintf(raw, sizeof raw, "%s/bench%d.raw", dir, kind);
        double best_drop = 1e9, best_raw = 1e9, best_tool = 1e9, best_restart = 1e9, cold = 0;
        struct dropfile_report report;
        struct memory target;
        if (memory_init(&target, 4 * FIELD))
            return 1;
        for (int rep = 0; rep < 5; rep++) {
            unlink(path);
            struct disk disk;
            disk_init(&disk);
            disk.group = true;
            double a = now();
            uint8_t *bytes;
            size_t size;
            if (dropfile_encode(&df, &bytes, &size, &report) ||
                disk_write_new(&disk, path, bytes, size, 0600) || disk_commit(&disk)) {
                fprintf(stderr, "drop: %s\n", report.message);
                return 1;
            }
            double b = now();
            free(bytes);
            double b2 = now();
            if (raw_write(raw, memory.word + BASE, (size_t)FIELD * 8))
                return 1;
            double c = now();
            if (dropfile_write_file(path, &df, &report)) {
                fprintf(stderr, "write: %s\n", report.message);
                return 1;
            }
            double c2 = now();
            if (c2 - c < best_tool)
                best_tool = c2 - c;
            cpu_init(other, MODEL_CRAY1, &target, decoder);
            struct dropfile back;
            double d = now();
            if (dropfile_read_file(path, &back, &report) ||
                dropfile_restore_cpu(&back, other, 2 * FIELD)) {
                fprintf(stderr, "restart: %s\n", report.message);
                return 1;
            }
            double e = now();
            if (memcmp(target.word + 2 * FIELD, memory.word + BASE, (size_t)FIELD * 8)) {
                fprintf(stderr, "restart: the field differs\n");
                return 1;
            }
            dropfile_free(&back);
            if (rep == 0)
                cold = e - d;
            if (b - a < best_drop)
                best_drop = b - a;
            if (c - b2 < best_raw)
                best_raw = c - b2;
            if (e - d < best_restart)
                best_restart = e - d;
        }
        struct stat st;
        stat(path, &st);
        printf("%-10s %12lld %6.1f:1 %8.1f %12.1f %6.2f %8.1f %11.1f %8.1f\n", names[kind],
               (long long)st.st_size, 8.0 * FIELD / (double)st.st_size, best_drop * 1e3,
               best_raw * 1e3, best_drop / best_raw, best_tool * 1e3, best_restart * 1e3,
               cold * 1e3);
        memory_free(&target);
        unlink(path);
        unlink(raw);
        dropfile_free(&df);
        memory_free(&memory);
        free(cpu);
        free(other);
    }
    printf("aims (issue #15): drop <= 1.5x the raw write with fsync; restart ready in <= 10 ms\n");
    free(decoder);
    return 0;
}
