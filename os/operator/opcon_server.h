/*
 * opcon_server.h - the operator console on a local socket: while c1 runs a
 * site it listens on SITE/opcon.sock, and opcon (or any client) speaks the
 * console's command language there (console.h).
 *
 * The socket is a Unix stream socket created with mode 0600: only the
 * site's owner may operate the site.  A socket left by a c1 that was killed
 * is removed at boot; one that still answers belongs to a live c1, and the
 * second c1 refuses to run the site.
 *
 * Protocol (one request, one reply, any number of times per connection):
 *
 *   request:  one line of at most OPCON_REQUEST_MAX bytes ended by '\n'
 *             (a '\r' before it is ignored): a console command
 *   reply:    a status line "OK", "ERROR" or "SHUTDOWN" (enum
 *             console_result), the command's text, one line at a time, and
 *             a line holding a single "." that ends the reply.  A text line
 *             that starts with '.' is sent with one more '.' in front (as
 *             SMTP does), so the end marker can never be part of the text.
 *
 * A request that is too long, or holds a control character or a NUL, gets
 * an ERROR reply and is not run (the bytes of an overlong line are skipped
 * up to its '\n').  A command runs only when its whole line has arrived,
 * whole, between two slices of the machine: a client that disconnects
 * before its '\n' leaves nothing behind, and one that disconnects after it
 * leaves the command done (and in the dayfile, as every operator command
 * is, with who = "opcon").  A client's next request is read only when the
 * reply to its last one has been sent, so a client that does not read its
 * replies holds up itself alone.  Up to OPCON_CLIENTS_MAX operators may be
 * attached at once; one more gets an ERROR reply and is disconnected.
 *
 * The server never blocks: the front end asks for the descriptors to
 * watch (opcon_server_watch), waits on them with its other input (select),
 * and hands the result back (opcon_server_serve).
 */
#ifndef C1_OS_OPCON_SERVER_H
#define C1_OS_OPCON_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/select.h>

#include "console.h"
#include "os/log.h"
#include "os/os.h"
#include "os/site.h"

#define OPCON_SOCKET_NAME "opcon.sock"
#define OPCON_REQUEST_MAX 500         /* bytes of a request, without its '\n' */
#define OPCON_CLIENTS_MAX 16
#define OPCON_REPLY_MAX (1u << 20)     /* bytes of replies a client may leave unread */

struct opcon_client {
    int fd;                            /* -1: a free slot */
    char request[OPCON_REQUEST_MAX + 2];
    size_t length;                     /* bytes of request so far */
    bool skipping;                     /* an overlong line: skip to its '\n' */
    struct text reply;                 /* what is still to be sent */
    size_t sent;                       /* bytes of reply sent */
};

struct opcon_server {
    int fd;                            /* the listening socket, -1 when closed */
    char path[SITE_PATH_MAX];
    struct opcon_client clients[OPCON_CLIENTS_MAX];
};

/* Listen on SITE/opcon.sock (site_root/opcon.sock).  0, or -1 with a
 * message (the path is too long for a socket, another c1 serves the site,
 * the socket cannot be made). */
int opcon_server_open(struct opcon_server *server, const char *site_root, char *error,
                      size_t size);

/* Does a c1 serve the site at site_root (its socket answers)? */
bool opcon_server_running(const char *site_root);

/* Add the descriptors to wait on to the sets; returns the highest
 * descriptor (or max_fd if it is higher). */
int opcon_server_watch(const struct opcon_server *server, fd_set *readable, fd_set *writable,
                       int max_fd);

/* Accept, read, run complete requests, send replies: whatever the sets
 * (from select over opcon_server_watch's descriptors) say is ready.
 * Returns CONSOLE_SHUTDOWN when a client's command was SHUTDOWN, else
 * CONSOLE_OK. */
enum console_result opcon_server_serve(struct opcon_server *server, struct os *os,
                                       const fd_set *readable, const fd_set *writable);

/* Send what is still owed (waiting at most about a second in all), close
 * every connection and the socket, and remove SITE/opcon.sock. */
void opcon_server_close(struct opcon_server *server);

/* The reply framing, shared with the clients: append status and text as
 * one reply to out. */
void opcon_frame_reply(struct text *out, enum console_result status, const char *text);

#endif
