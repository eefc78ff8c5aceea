/*
 * opcon_client.c - a raw client of c1's operator socket for
 * tests/e2e/opcon.sh: it sends exactly the bytes it is given, so that the
 * test can send what opcon never would (an overlong line, control
 * characters, half a command).
 *
 *   opcon_client SOCKET send [N]      send standard input, print the
 *                                     replies until N end markers (1) or EOF
 *   opcon_client SOCKET hold S [N]    connect, say "connected" on standard
 *                                     error, wait S seconds, then as send
 *   opcon_client SOCKET partial       send standard input and hang up
 *                                     without reading
 *
 * Exit status 0 when the replies came (or were not wanted), 1 when the
 * connection ended first, 2 when it could not connect.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: opcon_client SOCKET send|hold S|partial [N]\n");
        return 2;
    }
    const char *mode = argv[2];
    int wait_seconds = 0, replies = 1, next = 3;
    if (!strcmp(mode, "hold") && argc > 3)
        wait_seconds = atoi(argv[next++]);
    if (argc > next)
        replies = atoi(argv[next]);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    snprintf(address.sun_path, sizeof address.sun_path, "%s", argv[1]);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address)) {
        perror("opcon_client: connect");
        return 2;
    }
    if (wait_seconds) {
        fprintf(stderr, "connected\n");   /* the test waits for this */
        sleep((unsigned)wait_seconds);
    }
    char buffer[65536];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0)
        for (size_t sent = 0; sent < n;) {
            ssize_t k = send(fd, buffer + sent, n - sent, MSG_NOSIGNAL);
            if (k <= 0) {
                perror("opcon_client: send");
                return 1;
            }
            sent += (size_t)k;
        }
    if (!strcmp(mode, "partial")) {
        close(fd);
        return 0;
    }
    /* Print the replies; count the end markers (a line "."). */
    int seen = 0;
    size_t line_length = 0;
    char first = 0;
    while (seen < replies) {
        ssize_t k = recv(fd, buffer, sizeof buffer, 0);
        if (k <= 0)
            break;
        fwrite(buffer, 1, (size_t)k, stdout);
        for (ssize_t i = 0; i < k && seen < replies; i++) {
            if (buffer[i] == '\n') {
                seen += line_length == 1 && first == '.';
                line_length = 0;
            } else if (line_length++ == 0) {
                first = buffer[i];
            }
        }
    }
    close(fd);
    return seen >= replies ? 0 : 1;
}
