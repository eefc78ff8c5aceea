/*
 * c1dis - the disassembler: prints CAL source for a C-1 executable or raw
 * image, which c1cal assembles back into the same words (cal_disassemble()
 * in os/cal/disasm.c does the work).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/cal/cal.h"
#include "os/cal/executable.h"
#include "emu/isa.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: c1dis [--model cray1|xmp] [--raw] FILE\n"
            "\n"
            "Print CAL source for the C-1 executable FILE (or, with --raw or when FILE has no\n"
            "executable header, for a raw image of big-endian 64-bit words from word 0).\n"
            "c1cal --model MODEL turns the text back into the same words.\n"
            "\n"
            "  --model cray1|xmp  decode the parcels as this machine does; default: xmp if\n"
            "                     the executable was assembled for the X-MP only, else cray1\n"
            "  --raw              read FILE as a raw image even if it looks like an executable\n"
            "  -h, --help         this text\n");
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    unsigned model = 0;
    bool raw = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--model") && i + 1 < argc) {
            model = isa_model_from_name(argv[++i]);
            if (!model) {
                fprintf(stderr, "c1dis: unknown model %s (cray1 or xmp)\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(argv[i], "--raw")) {
            raw = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "c1dis: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (!path) {
            path = argv[i];
        } else {
            fprintf(stderr, "c1dis: more than one file\n");
            return 2;
        }
    }
    if (!path) {
        usage(stderr);
        return 2;
    }
    struct executable exe;
    char error[512];
    if (executable_read_file(path, raw ? EXE_KIND_RAW : EXE_KIND_ANY, &exe, error, sizeof error)) {
        fprintf(stderr, "c1dis: %s\n", error);
        return 1;
    }
    if (!model)
        model = exe.models == MODEL_XMP ? MODEL_XMP : MODEL_CRAY1;
    char *text = cal_disassemble(&exe, model);
    executable_free(&exe);
    if (!text) {
        fprintf(stderr, "c1dis: out of memory\n");
        return 2;
    }
    fputs(text, stdout);
    free(text);
    return fflush(stdout) == 0 ? 0 : 2;
}
