/*
 * test_opcon.c - the operator socket's server (os/operator/opcon_server.c) over a
 * booted site with no jobs: the reply framing, the socket's mode, requests
 * whole, split, overlong, with control characters, half sent, and
 * SHUTDOWN; a stale socket replaced and a live one respected.
 */
#include "test_support.h"

#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "os/operator/console.h"
#include "os/operator/opcon_server.h"
#include "os/os.h"

struct fixture {
    char dir[64];
    struct os *os;
    struct opcon_server server;
};

static void serve_once(struct fixture *f, int timeout_ms, enum console_result *result)
{
    fd_set readable, writable;
    FD_ZERO(&readable);
    FD_ZERO(&writable);
    int max_fd = opcon_server_watch(&f->server, &readable, &writable, -1);
    struct timeval tv = {0, timeout_ms * 1000};
    if (select(max_fd + 1, &readable, &writable, NULL, &tv) > 0) {
        enum console_result r = opcon_server_serve(&f->server, f->os, &readable, &writable);
        if (result && r == CONSOLE_SHUTDOWN)
            *result = r;
    }
}

static int client(const struct fixture *f)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    snprintf(address.sun_path, sizeof address.sun_path, "%s/%s", f->dir, OPCON_SOCKET_NAME);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&address, sizeof address), 0);
    return fd;
}

static void send_all(int fd, const void *bytes, size_t length)
{
    assert_int_equal(send(fd, bytes, length, MSG_NOSIGNAL), (ssize_t)length);
}

static void send_str(int fd, const char *text) { send_all(fd, text, strlen(text)); }

/* Serve until `replies` end markers have come to fd; the bytes into out. */
static void replies(struct fixture *f, int fd, int count, char *out, size_t size,
                    enum console_result *result)
{
    size_t used = 0;
    int seen = 0;
    for (int round = 0; round < 200 && seen < count; round++) {
        serve_once(f, 10, result);
        ssize_t n;
        while ((n = recv(fd, out + used, size - 1 - used, MSG_DONTWAIT)) > 0)
            used += (size_t)n;
        out[used] = '\0';
        seen = 0;
        for (const char *p = out; (p = strstr(p, "\n.\n")); p += 2)
            seen++;
        if (!strncmp(out, ".\n", 2))
            seen++;
    }
    assert_int_equal(seen, count);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_temp_dir(f->dir, sizeof f->dir, "opcon", 0);
    f->os = calloc(1, sizeof *f->os);
    struct os_config config = {.model = MODEL_CRAY1, .pcs = 1, .memory_words = 1u << 16,
                               .timing = true};
    char error[300];
    assert_int_equal(os_boot(f->os, f->dir, &config, error, sizeof error), 0);
    assert_int_equal(opcon_server_open(&f->server, f->dir, error, sizeof error), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    opcon_server_close(&f->server);
    os_free(f->os);
    free(f->os);
    assert_int_equal(test_remove_tree(f->dir), 0);
    free(f);
    return 0;
}

static void framing(void **state)
{
    (void)state;
    struct text out = {0};
    opcon_frame_reply(&out, CONSOLE_ERROR, "one\n.two\n..\nlast without newline");
    assert_string_equal(out.data, "ERROR\none\n..two\n...\nlast without newline\n.\n");
    text_free(&out);
    opcon_frame_reply(&out, CONSOLE_OK, NULL);
    opcon_frame_reply(&out, CONSOLE_SHUTDOWN, "");
    assert_string_equal(out.data, "OK\n.\nSHUTDOWN\n.\n");
    text_free(&out);
}

static void socket_mode(void **state)
{
    struct fixture *f = *state;
    struct stat st;
    assert_int_equal(lstat(f->server.path, &st), 0);
    assert_true(S_ISSOCK(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_true(opcon_server_running(f->dir));
}

static void commands(void **state)
{
    struct fixture *f = *state;
    int fd = client(f);
    char out[8192];
    /* A request split over two sends, then two in one. */
    send_str(fd, "STA");
    serve_once(f, 10, NULL);
    send_str(fd, "TUS\nQUEUE\r\nBOGUS\n");
    replies(f, fd, 3, out, sizeof out, NULL);
    assert_non_null(strstr(out, "OK\nclock 0"));
    assert_non_null(strstr(out, "OK\nqueue empty\n.\n"));
    assert_non_null(strstr(out, "ERROR\nBOGUS: unknown command"));
    close(fd);
}

static void bad_requests(void **state)
{
    struct fixture *f = *state;
    int fd = client(f);
    char out[8192];
    /* Overlong: one error, the rest of the line skipped, the next runs. */
    char line[3000];
    memset(line, 'K', sizeof line);
    send_all(fd, line, sizeof line);
    send_str(fd, "ILL 1\nQUEUE\n");
    replies(f, fd, 2, out, sizeof out, NULL);
    assert_non_null(strstr(out, "ERROR\nrequest refused: longer than"));
    assert_non_null(strstr(out, "OK\nqueue empty"));
    /* Control characters and NUL. */
    send_str(fd, "LIMIT\0331\n");
    send_all(fd, "LIMIT 1\0\n", 9);
    replies(f, fd, 2, out, sizeof out, NULL);
    assert_non_null(strstr(out, "control character"));
    assert_int_equal(f->os->config.job_limit, 0);
    close(fd);
    /* Half a command, then hang up: not run. */
    fd = client(f);
    send_str(fd, "LIMIT 2");
    serve_once(f, 10, NULL);
    close(fd);
    for (int i = 0; i < 5; i++)
        serve_once(f, 10, NULL);
    assert_int_equal(f->os->config.job_limit, 0);
    /* A whole one, then hang up before the reply: run. */
    fd = client(f);
    send_str(fd, "LIMIT 3\n");
    close(fd);
    for (int i = 0; i < 5; i++)
        serve_once(f, 10, NULL);
    assert_int_equal(f->os->config.job_limit, 3);
    for (int c = 0; c < OPCON_CLIENTS_MAX; c++)
        assert_int_equal(f->server.clients[c].fd, -1);
}

static void too_many(void **state)
{
    struct fixture *f = *state;
    int fds[OPCON_CLIENTS_MAX + 1];
    for (int i = 0; i < OPCON_CLIENTS_MAX; i++) {
        fds[i] = client(f);
        serve_once(f, 10, NULL);
    }
    fds[OPCON_CLIENTS_MAX] = client(f);
    char out[512];
    replies(f, fds[OPCON_CLIENTS_MAX], 1, out, sizeof out, NULL);
    assert_non_null(strstr(out, "ERROR\n16 operators are attached already"));
    send_str(fds[0], "HELP\n");
    char help[8192];
    replies(f, fds[0], 1, help, sizeof help, NULL);
    assert_non_null(strstr(help, "SCREENSHOT"));
    for (int i = 0; i <= OPCON_CLIENTS_MAX; i++)
        close(fds[i]);
}

static void screenshot_without_display(void **state)
{
    struct fixture *f = *state;
    int fd = client(f);
    char out[512];
    send_str(fd, "SCREENSHOT x.png\n");
    replies(f, fd, 1, out, sizeof out, NULL);
    assert_non_null(strstr(out, "ERROR\nSCREENSHOT: this front end has no status display"));
    close(fd);
}

static int fake_shot(void *context, const char *path, char *error, size_t size)
{
    (void)error;
    (void)size;
    snprintf(context, 64, "%s", path);
    return 0;
}

static void screenshot_hook(void **state)
{
    struct fixture *f = *state;
    char seen[64] = "";
    f->os->screenshot = fake_shot;
    f->os->screenshot_context = seen;
    int fd = client(f);
    char out[512];
    send_str(fd, "sc /Tmp/Shot.png\n");
    replies(f, fd, 1, out, sizeof out, NULL);
    assert_non_null(strstr(out, "OK\nscreenshot of clock 0 written to /Tmp/Shot.png"));
    assert_string_equal(seen, "/Tmp/Shot.png");   /* the file keeps its case */
    f->os->screenshot = NULL;
    close(fd);
}

static void shutdown_command(void **state)
{
    struct fixture *f = *state;
    int fd = client(f);
    char out[512];
    enum console_result result = CONSOLE_OK;
    send_str(fd, "SHUTDOWN\nSTATUS\n");
    replies(f, fd, 1, out, sizeof out, &result);
    assert_int_equal(result, CONSOLE_SHUTDOWN);
    assert_non_null(strstr(out, "SHUTDOWN\nshutdown:"));
    assert_null(strstr(out, "OK\n"));   /* nothing after SHUTDOWN ran */
    opcon_server_close(&f->server);
    char path[128];
    snprintf(path, sizeof path, "%s/%s", f->dir, OPCON_SOCKET_NAME);
    assert_int_equal(access(path, F_OK), -1);
    char buffer[16];
    assert_true(recv(fd, buffer, sizeof buffer, 0) <= 0);   /* hung up */
    close(fd);
}

static void stale_and_live(void **state)
{
    struct fixture *f = *state;
    char error[300];
    /* Live: a second server on the site is refused. */
    struct opcon_server second;
    assert_int_equal(opcon_server_open(&second, f->dir, error, sizeof error), -1);
    assert_non_null(strstr(error, "another c1"));
    /* Stale: the socket file of a server that is gone is replaced. */
    char path[128];
    snprintf(path, sizeof path, "%s/%s", f->dir, OPCON_SOCKET_NAME);
    close(f->server.fd);
    f->server.fd = -1;
    f->server.path[0] = '\0';   /* as if killed: the file stays */
    assert_int_equal(access(path, F_OK), 0);
    assert_false(opcon_server_running(f->dir));
    assert_int_equal(opcon_server_open(&f->server, f->dir, error, sizeof error), 0);
    assert_true(opcon_server_running(f->dir));
    /* Something else in the way is not removed. */
    opcon_server_close(&f->server);
    FILE *file = fopen(path, "w");
    fclose(file);
    assert_int_equal(opcon_server_open(&f->server, f->dir, error, sizeof error), -1);
    assert_non_null(strstr(error, "not a socket"));
    unlink(path);
    assert_int_equal(opcon_server_open(&f->server, f->dir, error, sizeof error), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(framing),
        cmocka_unit_test_setup_teardown(socket_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(commands, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(too_many, setup, teardown),
        cmocka_unit_test_setup_teardown(screenshot_without_display, setup, teardown),
        cmocka_unit_test_setup_teardown(screenshot_hook, setup, teardown),
        cmocka_unit_test_setup_teardown(shutdown_command, setup, teardown),
        cmocka_unit_test_setup_teardown(stale_and_live, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
