/*
 * fuzz_opcon.c - libFuzzer target: the opcon protocol (os/operator/
 * opcon_server.c) and the console language behind it (console.c), as a
 * hostile client on the site's socket would drive them.  One site is
 * booted once (1 PC, a small memory) in a temporary folder; each input is
 * sent on a fresh connection, whole, then the connection is shut for
 * writing and the server is served until it has answered and closed.
 * Every reply must be framed: a status line, then text, then ".".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "emu/machine.h"
#include "os/operator/opcon_server.h"
#include "os/os.h"

static struct os os;
static struct opcon_server server;
static char site[64];
static int booted;

/* The temporary folder goes when the fuzzer exits. */
static void remove_folder(void)
{
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", site);
    if (system(command) != 0)
        fprintf(stderr, "fuzz_opcon: cannot remove %s\n", site);
}

static void boot(void)
{
    snprintf(site, sizeof site, "/tmp/c1-fuzz-opcon-XXXXXX");
    if (!mkdtemp(site))
        abort();
    atexit(remove_folder);
    struct os_config config = {.model = MODEL_CRAY1, .pcs = 1, .memory_words = 1u << 15,
                               .timing = false};
    char error[300];
    if (os_boot(&os, site, &config, error, sizeof error) ||
        opcon_server_open(&server, site, error, sizeof error)) {
        fprintf(stderr, "fuzz_opcon: %s\n", error);
        abort();
    }
    booted = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!booted)
        boot();
    if (size > 4096)
        return 0;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    snprintf(address.sun_path, sizeof address.sun_path, "%s/%s", site, OPCON_SOCKET_NAME);
    if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address))
        abort();
    /* The socket buffer holds 4 KiB whole: send it all, then shut. */
    size_t sent = 0;
    while (sent < size) {
        ssize_t n = send(fd, data + sent, size - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        sent += (size_t)n;
    }
    shutdown(fd, SHUT_WR);
    static char reply[1 << 20];
    size_t used = 0;
    for (int round = 0; round < 400; round++) {
        fd_set readable, writable;
        FD_ZERO(&readable);
        FD_ZERO(&writable);
        int max_fd = opcon_server_watch(&server, &readable, &writable, -1);
        struct timeval wait = {0, 1000};
        if (select(max_fd + 1, &readable, &writable, NULL, &wait) < 0 && errno != EINTR)
            abort();
        if (opcon_server_serve(&server, &os, &readable, &writable) == CONSOLE_SHUTDOWN) {
            /* SHUTDOWN stops the site: boot it again for the next input. */
            opcon_server_close(&server);
            os_free(&os);
            char error[300];
            struct os_config config = {.model = MODEL_CRAY1, .pcs = 1,
                                       .memory_words = 1u << 15, .timing = false};
            if (os_boot(&os, site, &config, error, sizeof error) ||
                opcon_server_open(&server, site, error, sizeof error))
                abort();
            break;
        }
        ssize_t n;
        while (used < sizeof reply - 1 &&
               (n = recv(fd, reply + used, sizeof reply - 1 - used, MSG_DONTWAIT)) > 0)
            used += (size_t)n;
        char probe;
        if (recv(fd, &probe, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
            break;   /* the server closed the connection */
    }
    close(fd);
    reply[used] = '\0';
    /* Each reply opens with a status word. */
    if (used && strncmp(reply, "OK\n", 3) && strncmp(reply, "ERROR\n", 6) &&
        strncmp(reply, "SHUTDOWN\n", 9))
        abort();
    return 0;
}
