/*
 * fuzz_restart.c - libFuzzer target: the restart path of a hostile
 * dropfile, as c1sub --restart or the operator's RESTART hand it to a
 * running site: read, checked, queued, the job rebuilt from it
 * (job_from_dropfile) and run for a bounded number of clocks, then killed.
 * The first byte chooses the mode:
 *   bit 0: reseal the file first (every checksum made right), so that
 *          mutations reach the values and not only the checksums;
 *   bit 1: hand it over under another user (BOB);
 *   bit 2: FORCE.
 * Nothing may crash, overflow or leak, and no file may appear outside the
 * site.  One site is booted once in a temporary folder.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu/machine.h"
#include "os/dropfile/dropfile.h"
#include "os/os.h"

static struct os os;
static char top[64], site[96], file[128];
static int booted;

/* The temporary folder goes when the fuzzer exits. */
static void remove_folder(void)
{
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", top);
    if (system(command) != 0)
        fprintf(stderr, "fuzz_restart: cannot remove %s\n", top);
}

static void boot(void)
{
    snprintf(top, sizeof top, "/tmp/c1-fuzz-restart-XXXXXX");
    if (!mkdtemp(top))
        abort();
    atexit(remove_folder);
    snprintf(site, sizeof site, "%s/site", top);
    snprintf(file, sizeof file, "%s/input.drop", top);
    struct os_config config = {.model = MODEL_CRAY1, .pcs = 1, .memory_words = 1u << 16,
                               .timing = false};
    char error[300];
    if (os_boot(&os, site, &config, error, sizeof error)) {
        fprintf(stderr, "fuzz_restart: %s\n", error);
        abort();
    }
    booted = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!booted)
        boot();
    if (size < 1 || size > (1u << 20))
        return 0;
    unsigned mode = data[0];
    size--;
    uint8_t *bytes = malloc(size ? size : 1);
    if (!bytes)
        return 0;
    memcpy(bytes, data + 1, size);
    if (mode & 1)
        dropfile_reseal(bytes, size);
    FILE *f = fopen(file, "wb");
    if (!f || fwrite(bytes, 1, size, f) != size || fclose(f))
        abort();
    free(bytes);
    char error[300];
    if (os_restart_file(&os, file, mode & 2 ? "BOB" : NULL, 1, -1, mode & 4, error,
                        sizeof error) == 0) {
        os_run(&os, os.now + 20000);
        for (int i = 0; i < os.job_count; i++)
            if (os.jobs[i])
                os_kill_job(&os, os.jobs[i]->number);
        os_forget_finished(&os);
    } else if (!error[0]) {
        abort();   /* every refusal says why */
    }
    /* Nothing outside the site but the input itself. */
    char unexpected[160];
    snprintf(unexpected, sizeof unexpected, "%s/PWNED.log", top);
    if (access(unexpected, F_OK) == 0)
        abort();
    return 0;
}
