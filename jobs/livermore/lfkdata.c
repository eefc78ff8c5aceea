/*
 * lfkdata.c - the Livermore kernels' standard data for C-1's CAL kernels,
 * and the host-side helpers of tests/e2e/livermore.sh and bench/livermore.sh.
 *
 *   lfkdata data K    the data module of kernel K (CAL source on stdout):
 *                     the kernel's initial arrays and scalars as Cray words
 *   lfkdata ieee K    kernel K run on the host in IEEE double with the same
 *                     data, span and repetitions as the reference, and its
 *                     checksum (checks this generator against the published
 *                     checksums)
 *   lfkdata word W    the Cray floating-point word W (octal digits) as a
 *                     decimal number
 *   lfkdata digits A B  the number of matching significant digits of A and B
 *
 * The data follow McMahon's generator (SIGNEL in liverm.f; the flat fill in
 * Longbottom's lloops.c): every array of a common block takes successive
 * values of one sequence,
 *     buzz <- (1 - fuzz)*buzz + fuzz;  fuzz <- -fuzz;  value = (buzz - fizz)*0.1
 * from fuzz = 0.0012345, buzz = 1 + fuzz, fizz = 1.1*fuzz.  The sequence
 * starts again at the second block (P onwards).  The scalars q, r, s, t ...
 * are the first values of the same sequence (XTRA(k) = value k).  All of it
 * is computed in IEEE double, exactly as the reference computes it, and each
 * double is then rounded to the nearest 48-bit Cray coefficient (ties to
 * even) and written as an octal CON.  Constants written in a kernel's own
 * code (0.01 in kernel 6, s and t in 18, 0.175 in 23) are emitted the same
 * way, rather than left to the assembler, which truncates.  Data modules
 * exist for kernels 1, 2, 3, 5, 6, 7, 9, 10, 11, 12, 18, 19, 21, 23, 24.
 *
 * Build: cc -std=c11 -O2 -ffp-contract=off -o lfkdata lfkdata.c -lm
 * (no fused multiply-add: the reference arithmetic is plain IEEE double).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the fill ----------------------------------------------------------- */

/* Common block 1 (U ... SB) and block 2 (P ... U3): where each array starts
 * in its block, in words, and how long it is; the fill runs straight through
 * a block, so an index past an array's end reads its neighbour, as in the
 * reference (kernel 1 reads Z(k+11) up to the 1012th word). */
enum { BLOCK1_WORDS = 19977, BLOCK2_WORDS = 34132 };
struct array { const char *name; int block, at, len; };
static const struct array arrays[] = {
    {"U", 1, 0, 1001},     {"V", 1, 1001, 1001},  {"W", 1, 2002, 1001},
    {"X", 1, 3003, 1001},  {"Y", 1, 4004, 1001},  {"Z", 1, 5005, 1001},
    {"G", 1, 6006, 1001},
    /* DU1..DU3 (3x101), GRD, DEX, XI, EX, EX1, DEX1, VX, XX, RX (9x1001),
     * RH (2048), VSP, VSTP, VXNE, VXND, VE3, VLR, VLIN (7x101) */
    {"B5", 1, 19074, 101},  /* PLAN, D (2x300) */
    {"SA", 1, 19775, 101}, {"SB", 1, 19876, 101},
    {"P", 2, 0, 2048},     {"PX", 2, 2048, 2525}, {"CX", 2, 4573, 2525},
    {"VY", 2, 7098, 2525}, {"VH", 2, 9623, 707},  {"VF", 2, 10330, 707},
    {"VG", 2, 11037, 707}, {"VS", 2, 11744, 707}, {"ZA", 2, 12451, 707},
    {"ZP", 2, 13158, 707}, {"ZQ", 2, 13865, 707}, {"ZR", 2, 14572, 707},
    {"ZM", 2, 15279, 707}, {"ZB", 2, 15986, 707}, {"ZU", 2, 16693, 707},
    {"ZV", 2, 17400, 707}, {"ZZ", 2, 18107, 707}, {"B", 2, 18814, 4096},
    {"C", 2, 22910, 4096}, {"H", 2, 27006, 4096}, {"U1", 2, 31102, 1010},
    {"U2", 2, 32112, 1010}, {"U3", 2, 33122, 1010},
};

static double block1[BLOCK1_WORDS], block2[BLOCK2_WORDS], xtra[40];

static void fill(double *out, int n)
{
    double scaled = 1.0 / 10.0, one = 1.0;
    double fuzz = 0.0012345, buzz = 1.0 + fuzz, fizz = 1.1 * fuzz;
    for (int k = 0; k < n; k++) {
        buzz = (one - fuzz) * buzz + fuzz;
        fuzz = -fuzz;
        out[k] = (buzz - fizz) * scaled;
    }
}

static double *arr(const char *name)
{
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        if (!strcmp(arrays[i].name, name))
            return (arrays[i].block == 1 ? block1 : block2) + arrays[i].at;
    fprintf(stderr, "lfkdata: no array %s\n", name);
    exit(2);
}

/* The scalars of the reference's XTRA block. */
#define Q xtra[28]
#define R xtra[30]
#define S xtra[32]
#define T xtra[36]
#define STB5 xtra[35]
#define C0 xtra[12]
#define DM(k) xtra[(k) - 6]   /* DM22 .. DM28 = XTRA(16 .. 22) */

static void init(void)
{
    fill(block1, BLOCK1_WORDS);
    fill(block2, BLOCK2_WORDS);
    double first[39];
    fill(first, 39);
    for (int k = 1; k < 40; k++)
        xtra[k] = first[k - 1];
}

/* ---- spans and repetitions (long spans; refdata/livermore-checksums.csv) */

static const int span_long[25] = {0,   1001, 101, 1001, 1001, 1001, 64,  995, 100,
                                  101, 101,  1001, 1000, 64, 1001, 101, 75,
                                  101, 100,  101, 1000, 101, 101, 100, 1001};
static const int passes_long[25] = {0, 7, 67, 9, 14, 10, 3, 4, 10, 36, 34, 11, 12,
                                    36, 2, 1, 25, 35, 2, 39, 1, 1, 11, 8, 5};
static int reps(int k) { return 200 * passes_long[k]; } /* x200 for the long spans */

/* ---- Cray words ------------------------------------------------------------ */

/* The double d rounded to the nearest Cray float (48-bit coefficient, no
 * hidden bit, exponent biased by 040000; ties to even). */
static uint64_t to_cray(double d)
{
    if (d == 0.0)
        return 0;
    uint64_t sign = d < 0 ? UINT64_C(1) << 63 : 0;
    int e;
    double m = frexp(fabs(d), &e);               /* d = m * 2^e, 0.5 <= m < 1 */
    uint64_t m53 = (uint64_t)ldexp(m, 53);        /* exact: 53 significant bits */
    uint64_t coef = m53 >> 5, rest = m53 & 31;
    if (rest > 16 || (rest == 16 && (coef & 1)))
        coef++;
    if (coef >> 48) {                             /* rounded up to 1.0 */
        coef >>= 1;
        e++;
    }
    return sign | ((uint64_t)(e + 040000) << 48) | coef;
}

static double from_cray(uint64_t w)
{
    uint64_t coef = w & ((UINT64_C(1) << 48) - 1);
    int e = (int)((w >> 48) & 077777) - 040000;
    double v = ldexp((double)coef, e - 48);       /* exact: 48 bits fit a double */
    return (w >> 63) ? -v : v;
}

/* ---- the data modules ------------------------------------------------------ */

static void con(const char *label, double d)
{
    printf("%-8s CON       O'%022llo\n", label ? label : "", (unsigned long long)to_cray(d));
}

/* Array NAME as CAL label L<NAME>, words 0..n-1 (n may run past the end). */
static void emit_array(const char *name, int n)
{
    const double *a = arr(name);
    char label[16];
    snprintf(label, sizeof label, "L%s", name);
    printf("*        %s(0:%d)\n", name, n - 1);
    for (int i = 0; i < n; i++)
        con(i ? NULL : label, a[i]);
}

static void emit_scalar(const char *label, double d) { con(label, d); }

static int data_module(int k)
{
    printf("*        Livermore kernel %d: standard data, generated by lfkdata.c\n"
           "*        (IEEE double values rounded to 48-bit Cray coefficients).\n", k);
    printf("         IDENT     LFKDATA\n");
    switch (k) {
    case 1:
        printf("         ENTRY     LY,LZ,LQ,LR,LT\n");
        emit_scalar("LQ", Q), emit_scalar("LR", R), emit_scalar("LT", T);
        emit_array("Y", 1001), emit_array("Z", 1012);
        break;
    case 3:
        printf("         ENTRY     LX,LZ\n");
        emit_array("X", 1001), emit_array("Z", 1001);
        break;
    case 5:
        printf("         ENTRY     LX,LY,LZ\n");
        emit_array("X", 1001), emit_array("Y", 1001), emit_array("Z", 1001);
        break;
    case 6:
        printf("         ENTRY     LW,LB,LC01\n");
        emit_scalar("LC01", 0.01);
        emit_array("W", 64), emit_array("B", 4096);
        break;
    case 7:
        printf("         ENTRY     LU,LY,LZ,LQ,LR,LT\n");
        emit_scalar("LQ", Q), emit_scalar("LR", R), emit_scalar("LT", T);
        emit_array("U", 1001), emit_array("Y", 1001), emit_array("Z", 1001);
        break;
    case 11:
        printf("         ENTRY     LY\n");
        emit_array("Y", 1001);
        break;
    case 12:
        printf("         ENTRY     LY\n");
        emit_array("Y", 1001);
        break;
    case 18:
        printf("         ENTRY     LZA,LZB,LZP,LZQ,LZR,LZM,LZU,LZV,LZZ,LS,LT\n");
        emit_scalar("LS", 0.0041), emit_scalar("LT", 0.0037);
        emit_array("ZA", 707), emit_array("ZB", 707), emit_array("ZP", 707);
        emit_array("ZQ", 707), emit_array("ZR", 707), emit_array("ZM", 707);
        emit_array("ZU", 707), emit_array("ZV", 707), emit_array("ZZ", 707);
        break;
    case 21:
        printf("         ENTRY     LPX,LCX,LVY\n");
        emit_array("PX", 2525), emit_array("CX", 2525), emit_array("VY", 2525);
        break;
    case 2:
        printf("         ENTRY     LX,LV\n");
        emit_array("X", 1001), emit_array("V", 1001);
        break;
    case 9:
        printf("         ENTRY     LPX,LC0,LDM22,LDM23,LDM24,LDM25,LDM26,LDM27,LDM28\n");
        emit_scalar("LC0", C0);
        emit_scalar("LDM22", DM(22)), emit_scalar("LDM23", DM(23)), emit_scalar("LDM24", DM(24));
        emit_scalar("LDM25", DM(25)), emit_scalar("LDM26", DM(26)), emit_scalar("LDM27", DM(27));
        emit_scalar("LDM28", DM(28));
        emit_array("PX", 2525);
        break;
    case 10:
        printf("         ENTRY     LPX,LCX\n");
        emit_array("PX", 2525), emit_array("CX", 2525);
        break;
    case 19:
        printf("         ENTRY     LSA,LSB,LB5,LSTB5\n");
        emit_scalar("LSTB5", STB5);
        emit_array("SA", 101), emit_array("SB", 101), emit_array("B5", 101);
        break;
    case 23:
        printf("         ENTRY     LZA,LZB,LZR,LZU,LZV,LZZ,LC175\n");
        emit_scalar("LC175", 0.175);
        emit_array("ZA", 707), emit_array("ZB", 707), emit_array("ZR", 707);
        emit_array("ZU", 707), emit_array("ZV", 707), emit_array("ZZ", 707);
        break;
    case 24:
        printf("         ENTRY     LX\n");
        arr("X")[1001 / 2] = -1.0e+10;
        emit_array("X", 1001);
        break;
    default:
        fprintf(stderr, "lfkdata: no data module for kernel %d\n", k);
        return 2;
    }
    printf("         END\n");
    return 0;
}

/* ---- the kernels in IEEE double (the check of the data) ------------------- */

static double ieee(int k)
{
    int n = span_long[k], loops = reps(k);
    double sum = 0;
    double *x = arr("X"), *y = arr("Y"), *z = arr("Z"), *u = arr("U");
    switch (k) {
    case 1:
        for (int l = 0; l < loops; l++)
            for (int i = 0; i < n; i++)
                x[i] = Q + y[i] * (R * z[i + 10] + T * z[i + 11]);
        for (int i = 0; i < n; i++)
            sum += x[i] * (i + 1);
        return sum;
    case 2: {
        double *v = arr("V");
        for (int l = 0; l < loops; l++) {
            int ii = n, ipntp = 0, ipnt, i;
            do {
                ipnt = ipntp;
                ipntp += ii;
                ii /= 2;
                i = ipntp;
                for (int kk = ipnt + 1; kk < ipntp; kk += 2) {
                    i++;
                    x[i] = x[kk] - v[kk] * x[kk - 1] - v[kk + 1] * x[kk + 1];
                }
            } while (ii > 0);
        }
        for (int i = 0; i < 2 * n; i++)
            sum += x[i] * (i + 1);
        return sum;
    }
    case 9:
    case 10: {
        double(*px)[25] = (double(*)[25])arr("PX"), (*cx)[25] = (double(*)[25])arr("CX");
        for (int l = 0; l < loops; l++)
            for (int i = 0; i < n; i++) {
                if (k == 9) {
                    px[i][0] = DM(28) * px[i][12] + DM(27) * px[i][11] + DM(26) * px[i][10] +
                               DM(25) * px[i][9] + DM(24) * px[i][8] + DM(23) * px[i][7] +
                               DM(22) * px[i][6] + C0 * (px[i][4] + px[i][5]) + px[i][2];
                    continue;
                }
                double ar, br, cr;
                ar = cx[i][4];
                br = ar - px[i][4], px[i][4] = ar;
                cr = br - px[i][5], px[i][5] = br;
                ar = cr - px[i][6], px[i][6] = cr;
                br = ar - px[i][7], px[i][7] = ar;
                cr = br - px[i][8], px[i][8] = br;
                ar = cr - px[i][9], px[i][9] = cr;
                br = ar - px[i][10], px[i][10] = ar;
                cr = br - px[i][11], px[i][11] = br;
                px[i][13] = cr - px[i][12], px[i][12] = cr;
            }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < 25; j++)
                if (25 * i + j + 1 < 15 * n + 1)
                    sum += px[i][j] * (25 * i + j + 1);
        return sum;
    }
    case 19: {
        double *sa = arr("SA"), *sb = arr("SB"), *b5 = arr("B5"), stb5 = STB5;
        for (int l = 0; l < loops; l++) {
            for (int i = 0; i < n; i++)
                b5[i] = sa[i] + stb5 * sb[i], stb5 = b5[i] - stb5;
            for (int i = 1; i <= n; i++)
                b5[n - i] = sa[n - i] + stb5 * sb[n - i], stb5 = b5[n - i] - stb5;
        }
        sum = stb5;
        for (int i = 0; i < n; i++)
            sum += b5[i] * (i + 1);
        return sum;
    }
    case 3: {
        double q = 0;
        for (int i = 0; i < n; i++)
            q += z[i] * x[i];
        return q;
    }
    case 5:
        for (int l = 0; l < loops; l++)
            for (int i = 1; i < n; i++)
                x[i] = z[i] * (y[i] - x[i - 1]);
        for (int i = 1; i < n; i++)
            sum += x[i] * i;
        return sum;
    case 6: {
        double *w = arr("W"), (*b)[64] = (double(*)[64])arr("B");
        for (int l = 0; l < loops; l++)
            for (int i = 1; i < n; i++) {
                w[i] = 0.01;
                for (int kk = 0; kk < i; kk++)
                    w[i] += b[kk][i] * w[(i - kk) - 1];
            }
        for (int i = 0; i < n; i++)
            sum += w[i] * (i + 1);
        return sum;
    }
    case 7:
        for (int i = 0; i < n; i++)
            x[i] = u[i] + R * (z[i] + R * y[i]) +
                   T * (u[i + 3] + R * (u[i + 2] + R * u[i + 1]) +
                        T * (u[i + 6] + Q * (u[i + 5] + Q * u[i + 4])));
        for (int i = 0; i < n; i++)
            sum += x[i] * (i + 1);
        return sum;
    case 11:
        x[0] = y[0];
        for (int i = 1; i < n; i++)
            x[i] = x[i - 1] + y[i];
        for (int i = 1; i < n; i++)
            sum += x[i] * i;
        return sum;
    case 12:
        for (int i = 0; i < n; i++)
            x[i] = y[i + 1] - y[i];
        for (int i = 0; i < n - 1; i++)
            sum += x[i] * (i + 1);
        return sum;
    case 18: {
        double(*za)[101] = (double(*)[101])arr("ZA"), (*zb)[101] = (double(*)[101])arr("ZB");
        double(*zp)[101] = (double(*)[101])arr("ZP"), (*zq)[101] = (double(*)[101])arr("ZQ");
        double(*zr)[101] = (double(*)[101])arr("ZR"), (*zm)[101] = (double(*)[101])arr("ZM");
        double(*zu)[101] = (double(*)[101])arr("ZU"), (*zv)[101] = (double(*)[101])arr("ZV");
        double(*zz)[101] = (double(*)[101])arr("ZZ");
        double t = 0.0037, s = 0.0041;
        for (int l = 0; l < loops; l++) {
            for (int kk = 1; kk < 6; kk++)
                for (int j = 1; j < n; j++) {
                    za[kk][j] = (zp[kk + 1][j - 1] + zq[kk + 1][j - 1] - zp[kk][j - 1] - zq[kk][j - 1]) *
                                (zr[kk][j] + zr[kk][j - 1]) / (zm[kk][j - 1] + zm[kk + 1][j - 1]);
                    zb[kk][j] = (zp[kk][j - 1] + zq[kk][j - 1] - zp[kk][j] - zq[kk][j]) *
                                (zr[kk][j] + zr[kk - 1][j]) / (zm[kk][j] + zm[kk][j - 1]);
                }
            for (int kk = 1; kk < 6; kk++)
                for (int j = 1; j < n; j++) {
                    zu[kk][j] += s * (za[kk][j] * (zz[kk][j] - zz[kk][j + 1]) -
                                      za[kk][j - 1] * (zz[kk][j] - zz[kk][j - 1]) -
                                      zb[kk][j] * (zz[kk][j] - zz[kk - 1][j]) +
                                      zb[kk + 1][j] * (zz[kk][j] - zz[kk + 1][j]));
                    zv[kk][j] += s * (za[kk][j] * (zr[kk][j] - zr[kk][j + 1]) -
                                      za[kk][j - 1] * (zr[kk][j] - zr[kk][j - 1]) -
                                      zb[kk][j] * (zr[kk][j] - zr[kk - 1][j]) +
                                      zb[kk + 1][j] * (zr[kk][j] - zr[kk + 1][j]));
                }
            for (int kk = 1; kk < 6; kk++)
                for (int j = 1; j < n; j++) {
                    zr[kk][j] = zr[kk][j] + t * zu[kk][j];
                    zz[kk][j] = zz[kk][j] + t * zv[kk][j];
                }
        }
        for (int kk = 0; kk < 7; kk++)
            for (int j = 0; j < 101; j++) {
                int m = 101 * kk + j + 1;
                if (m < 7 * n + 1)
                    sum += (zz[kk][j] + zr[kk][j]) * m;
            }
        return sum;
    }
    case 21: {
        double(*px)[25] = (double(*)[25])arr("PX"), (*cx)[25] = (double(*)[25])arr("CX");
        double(*vy)[101] = (double(*)[101])arr("VY");
        for (int l = 0; l < loops; l++)
            for (int kk = 0; kk < 25; kk++)
                for (int i = 0; i < 25; i++)
                    for (int j = 0; j < n; j++)
                        px[j][i] += vy[kk][i] * cx[j][kk];
        for (int kk = 0; kk < n; kk++)
            for (int i = 0; i < 25; i++)
                sum += px[kk][i] * (25 * kk + i + 1);
        return sum;
    }
    case 23: {
        double(*za)[101] = (double(*)[101])arr("ZA"), (*zb)[101] = (double(*)[101])arr("ZB");
        double(*zr)[101] = (double(*)[101])arr("ZR"), (*zu)[101] = (double(*)[101])arr("ZU");
        double(*zv)[101] = (double(*)[101])arr("ZV"), (*zz)[101] = (double(*)[101])arr("ZZ");
        for (int l = 0; l < loops; l++)
            for (int j = 1; j < 6; j++)
                for (int kk = 1; kk < n; kk++) {
                    double qa = za[j + 1][kk] * zr[j][kk] + za[j - 1][kk] * zb[j][kk] +
                                za[j][kk + 1] * zu[j][kk] + za[j][kk - 1] * zv[j][kk] + zz[j][kk];
                    za[j][kk] += 0.175 * (qa - za[j][kk]);
                }
        for (int j = 0; j < 7; j++)
            for (int kk = 0; kk < 101; kk++)
                if (101 * j + kk + 1 < 7 * n + 1)
                    sum += za[j][kk] * (101 * j + kk + 1);
        return sum;
    }
    case 24: {
        x[n / 2] = -1.0e+10;
        int m = 0;
        for (int i = 1; i < n; i++)
            if (x[i] < x[m])
                m = i;
        return m;
    }
    }
    fprintf(stderr, "lfkdata: no IEEE kernel %d\n", k);
    exit(2);
}

/* ---- digits ------------------------------------------------------------------ */

/* Matching significant digits of a against the reference b: -log10 of the
 * relative difference, 16 when equal (the reference's own measure). */
static double digits(double a, double b)
{
    if (a == b)
        return 16;
    if (a * b <= 0)
        return 0;
    double rel = fabs(a - b) / fabs(b);
    double d = -log10(rel);
    return d < 0 ? 0 : d > 16 ? 16 : d;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "data")) {
        init();
        return data_module(atoi(argv[2]));
    }
    if (argc == 3 && !strcmp(argv[1], "ieee")) {
        init();
        printf("%.15e\n", ieee(atoi(argv[2])));
        return 0;
    }
    if (argc == 3 && !strcmp(argv[1], "word")) {
        uint64_t w = strtoull(argv[2], NULL, 8);
        printf("%.15e\n", from_cray(w));
        return 0;
    }
    if (argc == 4 && !strcmp(argv[1], "digits")) {
        printf("%.1f\n", digits(strtod(argv[2], NULL), strtod(argv[3], NULL)));
        return 0;
    }
    fprintf(stderr, "usage: lfkdata data K | ieee K | word OCTAL | digits A B\n");
    return 2;
}
