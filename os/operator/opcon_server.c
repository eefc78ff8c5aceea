/*
 * opcon_server.c - the operator console's socket (see opcon_server.h).
 */
#include "opcon_server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static const char *const status_words[] = {"OK", "ERROR", "SHUTDOWN"};

void opcon_frame_reply(struct text *out, enum console_result status, const char *text)
{
    text_printf(out, "%s\n", status_words[status <= CONSOLE_SHUTDOWN ? status : CONSOLE_ERROR]);
    const char *line = text ? text : "";
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        if (line[0] == '.')
            text_append(out, ".", 1);
        text_append(out, line, length);
        text_append(out, "\n", 1);
        line += length + (end ? 1 : 0);
    }
    text_append(out, ".\n", 2);
}

static int set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* Does a c1 answer on the socket at path? */
static bool socket_answers(const struct sockaddr_un *address)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    bool answers = connect(fd, (const struct sockaddr *)address, sizeof *address) == 0;
    close(fd);
    return answers;
}

static int socket_address(struct sockaddr_un *address, const char *site_root, char *path,
                          size_t size)
{
    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    int n = snprintf(path, size, "%s/%s", site_root, OPCON_SOCKET_NAME);
    if (n < 0 || (size_t)n >= sizeof address->sun_path || (size_t)n >= size)
        return -1;
    memcpy(address->sun_path, path, (size_t)n + 1);
    return 0;
}

bool opcon_server_running(const char *site_root)
{
    struct sockaddr_un address;
    char path[SITE_PATH_MAX];
    struct stat st;
    return !socket_address(&address, site_root, path, sizeof path) && lstat(path, &st) == 0 &&
           S_ISSOCK(st.st_mode) && socket_answers(&address);
}

int opcon_server_open(struct opcon_server *server, const char *site_root, char *error,
                      size_t size)
{
    memset(server, 0, sizeof *server);
    server->fd = -1;
    for (int c = 0; c < OPCON_CLIENTS_MAX; c++)
        server->clients[c].fd = -1;
    struct sockaddr_un address;
    if (socket_address(&address, site_root, server->path, sizeof server->path)) {
        snprintf(error, size, "the site's path is too long for its operator socket %s/%s",
                 site_root, OPCON_SOCKET_NAME);
        server->path[0] = '\0';
        return -1;
    }

    struct stat st;
    if (lstat(server->path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            snprintf(error, size, "%s is in the way of the operator socket (not a socket)",
                     server->path);
            server->path[0] = '\0';
            return -1;
        }
        if (socket_answers(&address)) {
            snprintf(error, size, "another c1 is running this site (%s answers)", server->path);
            server->path[0] = '\0';
            return -1;
        }
        unlink(server->path);   /* left by a c1 that did not stop cleanly */
    }

    server->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (server->fd < 0) {
        snprintf(error, size, "cannot make the operator socket: %s", strerror(errno));
        server->path[0] = '\0';
        return -1;
    }
    /* The socket file is made by bind with the umask's mode: make it 0600
     * from the start, then say so again before anyone can connect. */
    mode_t old_mask = umask(077);
    int bound = bind(server->fd, (const struct sockaddr *)&address, sizeof address);
    int bind_errno = errno;
    umask(old_mask);
    if (bound) {
        snprintf(error, size, "cannot bind %s: %s", server->path, strerror(bind_errno));
        close(server->fd);
        server->fd = -1;
        server->path[0] = '\0';
        return -1;
    }
    if (chmod(server->path, 0600) || set_nonblocking(server->fd) || listen(server->fd, 8)) {
        snprintf(error, size, "cannot listen on %s: %s", server->path, strerror(errno));
        opcon_server_close(server);
        return -1;
    }
    return 0;
}

int opcon_server_watch(const struct opcon_server *server, fd_set *readable, fd_set *writable,
                       int max_fd)
{
    if (server->fd < 0)
        return max_fd;
    FD_SET(server->fd, readable);
    if (server->fd > max_fd)
        max_fd = server->fd;
    for (int c = 0; c < OPCON_CLIENTS_MAX; c++) {
        const struct opcon_client *client = &server->clients[c];
        if (client->fd < 0)
            continue;
        /* The next request is read only when the last reply is sent. */
        if (client->sent < client->reply.length)
            FD_SET(client->fd, writable);
        else
            FD_SET(client->fd, readable);
        if (client->fd > max_fd)
            max_fd = client->fd;
    }
    return max_fd;
}

static void drop_client(struct opcon_client *client)
{
    if (client->fd >= 0)
        close(client->fd);
    text_free(&client->reply);
    memset(client, 0, sizeof *client);
    client->fd = -1;
}

/* Send what the client is owed; drop it if it has gone. */
static void send_reply(struct opcon_client *client)
{
    while (client->sent < client->reply.length) {
        ssize_t n = send(client->fd, client->reply.data + client->sent,
                         client->reply.length - client->sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            client->sent += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        drop_client(client);   /* gone: the command it sent has been done */
        return;
    }
    text_free(&client->reply);
    client->sent = 0;
}

static void reply(struct opcon_client *client, enum console_result status, const char *text)
{
    if (client->reply.length - client->sent > OPCON_REPLY_MAX) {
        drop_client(client);   /* it does not read its replies */
        return;
    }
    opcon_frame_reply(&client->reply, status, text);
    send_reply(client);
}

/* A request line, checked: control characters are refused. */
static enum console_result run_request(struct opcon_client *client, struct os *os)
{
    char *line = client->request;
    size_t length = client->length;
    if (length > 0 && line[length - 1] == '\r')
        length--;
    line[length] = '\0';
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)line[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            reply(client, CONSOLE_ERROR, "request refused: it holds a control character\n");
            return CONSOLE_OK;
        }
    }
    struct text out = {0};
    enum console_result result = console_execute(os, line, "opcon", &out);
    reply(client, result, out.data);
    text_free(&out);
    return result;
}

/* Read what the client sent; run each complete line.  A request is
 * consumed byte by byte up to its '\n', so bytes after it stay in the
 * socket until the reply has gone. */
static enum console_result read_requests(struct opcon_client *client, struct os *os)
{
    enum console_result result = CONSOLE_OK;
    while (client->fd >= 0 && client->sent >= client->reply.length) {
        char buffer[256];
        ssize_t n = recv(client->fd, buffer, sizeof buffer, MSG_PEEK | MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            drop_client(client);   /* gone: a partial line is forgotten */
            return result;
        }
        if (n < 0)
            return result;
        char *newline = memchr(buffer, '\n', (size_t)n);
        size_t take = newline ? (size_t)(newline - buffer) + 1 : (size_t)n;
        ssize_t got = recv(client->fd, buffer, take, MSG_DONTWAIT);
        if (got != (ssize_t)take) {
            drop_client(client);
            return result;
        }
        size_t data = newline ? take - 1 : take;
        if (!client->skipping) {
            if (client->length + data > OPCON_REQUEST_MAX) {
                client->skipping = true;
                client->length = 0;
                char message[96];
                snprintf(message, sizeof message,
                         "request refused: longer than %d bytes\n", OPCON_REQUEST_MAX);
                reply(client, CONSOLE_ERROR, message);
                if (client->fd < 0)
                    return result;
            } else {
                memcpy(client->request + client->length, buffer, data);
                client->length += data;
            }
        }
        if (newline) {
            bool skipped = client->skipping;
            client->skipping = false;
            if (!skipped && run_request(client, os) == CONSOLE_SHUTDOWN)
                result = CONSOLE_SHUTDOWN;
            client->length = 0;
            if (result == CONSOLE_SHUTDOWN)
                return result;
        }
    }
    return result;
}

static void accept_clients(struct opcon_server *server)
{
    for (;;) {
        int fd = accept(server->fd, NULL, NULL);
        if (fd < 0)
            return;
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        if (set_nonblocking(fd)) {
            close(fd);
            continue;
        }
        struct opcon_client *client = NULL;
        for (int c = 0; c < OPCON_CLIENTS_MAX && !client; c++)
            if (server->clients[c].fd < 0)
                client = &server->clients[c];
        if (!client) {
            struct text busy = {0};
            char message[80];
            snprintf(message, sizeof message, "%d operators are attached already\n",
                     OPCON_CLIENTS_MAX);
            opcon_frame_reply(&busy, CONSOLE_ERROR, message);
            if (send(fd, busy.data, busy.length, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
                (void)0;
            text_free(&busy);
            close(fd);
            continue;
        }
        memset(client, 0, sizeof *client);
        client->fd = fd;
    }
}

enum console_result opcon_server_serve(struct opcon_server *server, struct os *os,
                                       const fd_set *readable, const fd_set *writable)
{
    if (server->fd < 0)
        return CONSOLE_OK;
    enum console_result result = CONSOLE_OK;
    for (int c = 0; c < OPCON_CLIENTS_MAX && result != CONSOLE_SHUTDOWN; c++) {
        struct opcon_client *client = &server->clients[c];
        if (client->fd < 0)
            continue;
        if (FD_ISSET(client->fd, writable))
            send_reply(client);
        if (client->fd >= 0 && FD_ISSET(client->fd, readable))
            result = read_requests(client, os);
    }
    if (result != CONSOLE_SHUTDOWN && FD_ISSET(server->fd, readable))
        accept_clients(server);
    return result;
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

void opcon_server_close(struct opcon_server *server)
{
    double give_up = now_seconds() + 1.0;
    for (int c = 0; c < OPCON_CLIENTS_MAX; c++) {
        struct opcon_client *client = &server->clients[c];
        while (client->fd >= 0 && client->sent < client->reply.length) {
            double left = give_up - now_seconds();
            struct pollfd p = {.fd = client->fd, .events = POLLOUT};
            if (left <= 0 || poll(&p, 1, (int)(left * 1000) + 1) <= 0)
                break;
            send_reply(client);
        }
        if (client->fd >= 0)
            drop_client(client);
    }
    if (server->fd >= 0) {
        close(server->fd);
        server->fd = -1;
    }
    if (server->path[0]) {
        unlink(server->path);
        server->path[0] = '\0';
    }
}
