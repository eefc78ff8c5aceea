/*
 * opcon.c - the operator console of a running site, over its socket:
 *
 *   opcon --site DIR                 attach: readline, history, completion
 *   opcon --site DIR -c "COMMAND"    run one command and exit
 *
 * It speaks the console's command language (HELP lists it; console.h) to
 * the c1 that runs the site, through SITE/opcon.sock (opcon_server.h has
 * the protocol).  Several operators may be attached at once; every command
 * that changes something is in the dayfile, marked "opcon".  A file name
 * given to RESTART or SCREENSHOT is taken relative to opcon's own folder
 * (c1 may run in another): opcon sends it as an absolute path.
 *
 * With standard input not a terminal and no -c, the commands are read
 * from it, one a line.
 *
 * Exit status: 0 when every command succeeded (SHUTDOWN too), 1 when one
 * failed, 2 when no c1 answers on the site or it went away mid-reply.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "os/operator/console.h"
#include "os/operator/opcon_server.h"

struct connection {
    int fd;
    char buffer[4096];
    size_t start, end;     /* unread bytes of buffer */
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: opcon --site DIR [-c COMMAND]\n"
            "  Attaches to the c1 running the site in DIR (through DIR/opcon.sock) and\n"
            "  runs operator commands there: STATUS, QUEUE, DROP id, KILL id, RESTART\n"
            "  file, SUBMIT deck, TAIL [JOB id] [n], CHECKPOINT id, PRIORITY, CLASS, LIMIT,\n"
            "  SCREENSHOT file.png, SHUTDOWN, HELP.\n"
            "  With -c, runs one command and exits; without, reads commands with\n"
            "  readline (history, Tab completes command names), or from standard\n"
            "  input when it is not a terminal.\n"
            "  Exit status: 0 when the commands succeeded, 1 when one failed, 2 when\n"
            "  no c1 answers on the site.\n");
}

static int attach(struct connection *c, const char *site)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    int n = snprintf(address.sun_path, sizeof address.sun_path, "%s/%s", site, OPCON_SOCKET_NAME);
    if (n < 0 || (size_t)n >= sizeof address.sun_path) {
        fprintf(stderr, "opcon: the path %s/%s is too long for a socket\n", site,
                OPCON_SOCKET_NAME);
        return -1;
    }
    c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&address, sizeof address)) {
        fprintf(stderr, "opcon: no c1 answers on %s: %s\n", address.sun_path, strerror(errno));
        if (c->fd >= 0)
            close(c->fd);
        c->fd = -1;
        return -1;
    }
    c->start = c->end = 0;
    return 0;
}

/* One line of the reply (without '\n') into line; -1 when the connection
 * ends first. */
static int read_line(struct connection *c, char *line, size_t size)
{
    size_t used = 0;
    for (;;) {
        while (c->start < c->end) {
            char ch = c->buffer[c->start++];
            if (ch == '\n') {
                line[used] = '\0';
                return 0;
            }
            if (used + 1 < size)
                line[used++] = ch;
        }
        ssize_t n = recv(c->fd, c->buffer, sizeof c->buffer, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        c->start = 0;
        c->end = (size_t)n;
    }
}

/* Relative file names of RESTART and SCREENSHOT made absolute. */
static void absolute_files(const char *line, char *out, size_t size)
{
    snprintf(out, size, "%s", line);
    char copy[OPCON_REQUEST_MAX + 64];
    snprintf(copy, sizeof copy, "%s", line);
    char *save = NULL;
    char *verb = strtok_r(copy, " \t", &save);
    char *file = verb ? strtok_r(NULL, " \t", &save) : NULL;
    if (!file || file[0] == '/' ||
        !(!strncasecmp(verb, "RES", 3) || !strncasecmp(verb, "SC", 2)))
        return;
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return;
    const char *rest = line + (file - copy) + strlen(file);
    snprintf(out, size, "%s %s/%s%s", verb, cwd, file, rest);
}

/* Send one command and print its reply.  Returns the status: 0, 1 (the
 * command failed), 2 (the connection ended), 3 (SHUTDOWN). */
static int run_command(struct connection *c, const char *command)
{
    char line[8192];
    absolute_files(command, line, sizeof line);
    size_t length = strcspn(line, "\r\n");
    if (length > OPCON_REQUEST_MAX) {
        fprintf(stderr, "opcon: a command is at most %d characters\n", OPCON_REQUEST_MAX);
        return 1;
    }
    line[length++] = '\n';
    for (size_t sent = 0; sent < length;) {
        ssize_t n = send(c->fd, line + sent, length - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fprintf(stderr, "opcon: c1 has gone away\n");
            return 2;
        }
        sent += (size_t)n;
    }
    char reply[8192];
    if (read_line(c, reply, sizeof reply)) {
        fprintf(stderr, "opcon: c1 has gone away\n");
        return 2;
    }
    int status = !strcmp(reply, "OK") ? 0 : !strcmp(reply, "SHUTDOWN") ? 3 : 1;
    bool known = status != 1 || !strcmp(reply, "ERROR");
    for (;;) {
        if (read_line(c, reply, sizeof reply)) {
            fflush(stdout);
            fprintf(stderr, "opcon: c1 has gone away in the middle of its reply\n");
            return 2;
        }
        if (!strcmp(reply, "."))
            break;
        puts(reply[0] == '.' ? reply + 1 : reply);
    }
    if (!known)
        fprintf(stderr, "opcon: c1 answered '%s'\n", reply);
    fflush(stdout);
    return status;
}

static char *complete_command(const char *text, int state)
{
    static int index;   /* readline's generator protocol */
    const char *const *names = console_command_names();
    if (!state)
        index = 0;
    while (names[index]) {
        const char *name = names[index++];
        if (!strncasecmp(name, text, strlen(text)))
            return strdup(name);
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    if (start == 0) {
        rl_attempted_completion_over = 1;
        return rl_completion_matches(text, complete_command);
    }
    return NULL;   /* file names for RESTART and SCREENSHOT */
}

static int interactive(struct connection *c, const char *site)
{
    rl_attempted_completion_function = complete;
    char prompt[64];
    const char *name = strrchr(site, '/');
    snprintf(prompt, sizeof prompt, "opcon %s> ", name && name[1] ? name + 1 : site);
    printf("attached to the site %s (HELP lists the commands; Ctrl-D detaches)\n", site);
    int worst = 0;
    for (;;) {
        char *line = readline(prompt);
        if (!line) {
            printf("\n");
            return worst;
        }
        if (*line)
            add_history(line);
        int status = run_command(c, line);
        free(line);
        if (status == 2 || status == 3)
            return status == 2 ? 2 : worst;
        if (status > worst)
            worst = status;
    }
}

static int from_stdin(struct connection *c)
{
    char line[OPCON_REQUEST_MAX + 64];
    int worst = 0;
    while (fgets(line, sizeof line, stdin)) {
        int status = run_command(c, line);
        if (status == 2)
            return 2;
        if (status == 3)
            break;
        if (status > worst)
            worst = status;
    }
    return worst;
}

int main(int argc, char **argv)
{
    const char *site = NULL, *command = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--site") && i + 1 < argc) {
            site = argv[++i];
        } else if (!strcmp(argv[i], "-c") && i + 1 < argc) {
            command = argv[++i];
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "opcon: unexpected argument '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!site) {
        usage(stderr);
        return 2;
    }
    struct connection c;
    if (attach(&c, site))
        return 2;
    int status;
    if (command) {
        status = run_command(&c, command);
        if (status == 3)
            status = 0;
    } else if (isatty(0)) {
        status = interactive(&c, site);
    } else {
        status = from_stdin(&c);
    }
    close(c.fd);
    return status;
}
