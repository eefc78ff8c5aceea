/*
 * pds.c - the permanent dataset store of a site (see pds.h): name checks,
 * the file header, atomic SAVE, ACCESS with its access rules, DELETE,
 * hash lookups for restart, listing.
 */
#include "pds.h"
#include "os/rules/names.h"
#include "os/disk/disk.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PDS_MAX_FILE_BYTES ((uint64_t)1 << 40)   /* refuse anything absurd */

/* ---- names ------------------------------------------------------------------------------ */

_Static_assert(PDS_NAME_MAX == RULES_PDS_NAME_MAX, "one bound for permanent names");

/* os/rules' rule for permanent names (the dropfile reader holds owners and
 * names to it too), with this store's messages; out gets it upper case. */
static int check(const char *name, const char *what, bool empty_ok, char out[PDS_NAME_MAX + 1],
                 struct dataset_error *error)
{
    size_t n = name ? strlen(name) : 0, at = 0;
    unsigned char c = 0;
    int code = rules_pds_name(name, empty_ok, &at);
    if (n)
        c = (unsigned char)name[at];
    switch (code) {
    case 0: break;
    case 1: return dataset_error_set(error, "%s MISSING", what);
    case 2: return dataset_error_set(error, "%s LONGER THAN %d CHARACTERS", what, PDS_NAME_MAX);
    case 3: return dataset_error_set(error, "%s MAY NOT START WITH A DOT", what);
    case 4: return dataset_error_set(error, "%s MAY NOT START WITH -", what);
    case 5: return dataset_error_set(error, "%s MAY NOT CONTAIN ..", what);
    case 6: return dataset_error_set(error, "%s MAY NOT CONTAIN A PATH SEPARATOR (%c)", what, c);
    case 7:
        return dataset_error_set(error, "%s MAY NOT CONTAIN CHARACTER 0x%02X (AT %zu)", what, c,
                                 at + 1);
    default:
        return dataset_error_set(error, "%s MAY NOT CONTAIN '%c' (LETTERS, DIGITS, $ @ %% _ - "
                                 "ONLY)", what, c);
    }
    for (size_t i = 0; i < n; i++)
        out[i] = (char)toupper((unsigned char)name[i]);
    out[n] = '\0';
    return 0;
}

int pds_check_name(const char *name, const char *what, char out[PDS_NAME_MAX + 1],
                   struct dataset_error *error)
{
    return check(name, what ? what : "NAME", false, out, error);
}

int pds_check_id(const char *id, char out[PDS_NAME_MAX + 1], struct dataset_error *error)
{
    return check(id, "ID", true, out, error);
}

/* ---- the store ---------------------------------------------------------------------------- */

static char *join(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + (c ? strlen(c) + 1 : 0) + 2;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, c ? "%s/%s/%s" : "%s/%s", a, b, c ? c : "");
    return path;
}

int pds_open(struct pds *pds, const char *site, struct dataset_error *error)
{
    pds->root = NULL;
    pds->disk = NULL;
    struct stat st;
    if (!site || !site[0])
        return dataset_error_set(error, "no site folder given");
    if (stat(site, &st))
        return dataset_error_set(error, "site folder %s: %s", site, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return dataset_error_set(error, "site %s is not a folder", site);
    if (!(pds->root = join(site, PDS_FOLDER, NULL)))
        return dataset_error_set(error, "out of memory");
    if (mkdir(pds->root, 0755) && errno != EEXIST) {
        dataset_error_set(error, "cannot create %s: %s", pds->root, strerror(errno));
        pds_close(pds);
        return -1;
    }
    return 0;
}

void pds_close(struct pds *pds)
{
    free(pds->root);
    pds->root = NULL;
}

/* The whole file: 0, or the errno (EINVAL for a file we refuse) and why. */
static int read_whole(const char *path, uint8_t **bytes, size_t *size, struct dataset_error *why)
{
    *bytes = NULL;
    *size = 0;
    struct stat st;
    int fd = open(path, O_RDONLY), e = 0;
    if (fd < 0 || fstat(fd, &st)) {
        e = errno;
        dataset_error_set(why, "%s", strerror(e));
    } else if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > PDS_MAX_FILE_BYTES) {
        e = EINVAL;
        dataset_error_set(why, "%s", S_ISREG(st.st_mode) ? "file too large" : "not a file");
    } else if (!(*bytes = malloc(st.st_size ? (size_t)st.st_size : 1))) {
        e = ENOMEM;
        dataset_error_set(why, "out of memory for %lld bytes", (long long)st.st_size);
    }
    for (size_t n = e ? 0 : (size_t)st.st_size; *size < n;) {
        ssize_t got = read(fd, *bytes + *size, n - *size);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            e = got < 0 ? errno : EIO;
            dataset_error_set(why, "%s", got < 0 ? strerror(e) : "the file shrank while read");
            break;
        }
        *size += (size_t)got;
    }
    if (fd >= 0)
        close(fd);
    if (e) {
        free(*bytes);
        *bytes = NULL;
        *size = 0;
    }
    return e;
}

/* ---- the header ------------------------------------------------------------------------------ */

struct header_writer {
    uint8_t bytes[8 + 4 + 4 + 3 * (2 + PDS_NAME_MAX) + 8];
    size_t size;
};

static void put(struct header_writer *w, uint64_t value, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--)
        w->bytes[w->size++] = (uint8_t)(value >> (8 * i));
}

static void put_string(struct header_writer *w, const char *s)
{
    size_t n = strlen(s);
    put(w, n, 2);
    memcpy(w->bytes + w->size, s, n);
    w->size += n;
}

static uint64_t take(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v = v << 8 | p[i];
    return v;
}

/* Parse and check a file's header; *body is where the dataset bytes start. */
static int parse_header(const uint8_t *bytes, size_t size, struct pds_info *info, size_t *body,
                        struct dataset_error *error)
{
    memset(info, 0, sizeof *info);
    if (size < 16 || memcmp(bytes, PDS_MAGIC, 8))
        return dataset_error_set(error, "not a permanent dataset file (%s)",
                                 size < 8 ? "too short" : size < 16 ? "header cut short"
                                                                    : "bad magic");
    uint32_t version = (uint32_t)take(bytes + 8, 4);
    if (version != PDS_FORMAT_VERSION)
        return dataset_error_set(error, "permanent dataset format version %u unknown", version);
    info->permissions = (unsigned)take(bytes + 12, 4);
    if (info->permissions & ~PDS_PERMISSION_MASK)
        return dataset_error_set(error, "permission bits 0x%08X unknown", info->permissions);
    size_t at = 16;
    char *fields[3] = {info->owner, info->name, info->id};
    static const char *const names[3] = {"OWNER", "PERMANENT DATASET NAME", "ID"};
    for (int i = 0; i < 3; i++) {
        if (size - at < 2)
            return dataset_error_set(error, "header cut short at byte %zu", size);
        size_t n = (size_t)take(bytes + at, 2);
        at += 2;
        if (n > PDS_NAME_MAX || n > size - at)
            return dataset_error_set(error, "header %s length %zu at byte %zu is impossible",
                                     names[i], n, at - 2);
        char raw[PDS_NAME_MAX + 1];
        memcpy(raw, bytes + at, n);
        raw[n] = '\0';
        at += n;
        if (memchr(raw, '\0', n) || check(raw, names[i], i == 2, fields[i], error))
            return dataset_error_set(error, "header %s is not a valid name", names[i]);
        if (strcmp(raw, fields[i]))
            return dataset_error_set(error, "header %s is not upper case", names[i]);
    }
    if (size - at < 8)
        return dataset_error_set(error, "header cut short at byte %zu", size);
    uint64_t stored = take(bytes + at, 8), actual = dataset_hash_bytes(bytes, at);
    if (stored != actual)
        return dataset_error_set(error, "header checksum mismatch (the file is damaged)");
    *body = at + 8;
    return 0;
}

/* ---- reading one dataset ---------------------------------------------------------------------- */

struct stored {
    char owner[PDS_NAME_MAX + 1], name[PDS_NAME_MAX + 1];
    uint8_t *bytes;
    size_t size, body;
    struct pds_info info;
};

/* Check names, read and check owner's file pdn; NULL owner: user. */
static int read_stored(const struct pds *pds, const char *owner, const char *pdn,
                       struct stored *s, struct dataset_error *error)
{
    memset(s, 0, sizeof *s);
    if (pds_check_name(owner, "OWNER", s->owner, error) ||
        pds_check_name(pdn, "PERMANENT DATASET NAME", s->name, error))
        return -1;
    char *path = join(pds->root, s->owner, s->name);
    if (!path)
        return dataset_error_set(error, "out of memory");
    struct dataset_error why = {{0}};
    int status = read_whole(path, &s->bytes, &s->size, &why);
    free(path);
    if (status == ENOENT || status == ENOTDIR)
        return dataset_error_set(error, "PERMANENT DATASET %s OF %s NOT FOUND", s->name,
                                 s->owner);
    if (status)
        return dataset_error_set(error, "PERMANENT DATASET %s OF %s UNREADABLE: %s", s->name,
                                 s->owner, why.message);
    /* The dataset bytes end with their own checksum: checked here, so that
     * even a lookup notices damage (dataset_parse checks everything else). */
    size_t n = 0;
    if (parse_header(s->bytes, s->size, &s->info, &s->body, &why) == 0) {
        n = s->size - s->body;
        if (strcmp(s->info.owner, s->owner) || strcmp(s->info.name, s->name))
            dataset_error_set(&why, "its header names %s OF %s", s->info.name, s->info.owner);
        else if (n < 8)
            dataset_error_set(&why, "its contents are cut short");
        else if (take(s->bytes + s->size - 8, 8) != dataset_hash_bytes(s->bytes + s->body, n - 8))
            dataset_error_set(&why, "its contents fail their checksum");
        else
            why.message[0] = '\0';
    }
    if (why.message[0]) {
        free(s->bytes);
        s->bytes = NULL;
        return dataset_error_set(error, "PERMANENT DATASET %s OF %s DAMAGED: %s", s->name,
                                 s->owner, why.message);
    }
    s->info.size = n;
    s->info.hash = dataset_hash_bytes(s->bytes + s->body, n);
    return 0;
}

static int check_id(const struct stored *s, const char *id, struct dataset_error *error)
{
    char want[PDS_NAME_MAX + 1];
    if (pds_check_id(id, want, error))
        return -1;
    if (strcmp(want, s->info.id))
        return dataset_error_set(error, "PERMANENT DATASET %s OF %s: ID %s DOES NOT MATCH",
                                 s->name, s->owner, want[0] ? want : "(NONE)");
    return 0;
}

static const char *owner_or_user(const char *owner, const char *user)
{
    return owner && owner[0] ? owner : user;
}

/* Write head + body to folder/name atomically (os/disk: a temporary file
 * created exclusively, fsync, rename, fsync of the folder). */
static int write_atomic(struct disk *disk, const char *folder, const char *name,
                        const uint8_t *head, size_t head_size, const uint8_t *body,
                        size_t body_size, struct dataset_error *error)
{
    char *final = join(folder, name, NULL);
    uint8_t *all = malloc(head_size + body_size + 1);
    int status = -1;
    if (!final || !all) {
        dataset_error_set(error, "out of memory");
    } else {
        memcpy(all, head, head_size);
        if (body_size)
            memcpy(all + head_size, body, body_size);
        if (disk_write_atomic(disk, final, all, head_size + body_size, 0600))
            dataset_error_set(error, "cannot write %s: %s", final, strerror(errno));
        else
            status = 0;
    }
    free(all);
    free(final);
    return status;
}

/* The owner's folder, made if missing. */
static int make_folder(struct disk *disk, const char *folder, struct dataset_error *error)
{
    if (disk_make_folder(disk, folder) == 0)
        return 0;
    return dataset_error_set(error, "cannot create %s: %s", folder, strerror(errno));
}

int pds_save(const struct pds *pds, const char *user, const char *pdn, const char *id,
             unsigned permissions, struct dataset *ds, struct dataset_error *error)
{
    char owner[PDS_NAME_MAX + 1], name[PDS_NAME_MAX + 1], ident[PDS_NAME_MAX + 1];
    if (pds_check_name(user, "USER", owner, error) ||
        pds_check_name(pdn, "PERMANENT DATASET NAME", name, error) ||
        pds_check_id(id, ident, error))
        return -1;
    if (permissions & ~PDS_PERMISSION_MASK)
        return dataset_error_set(error, "PERMISSION BITS 0x%X UNKNOWN", permissions);
    uint8_t *body;
    size_t body_size;
    if (dataset_serialize(ds, &body, &body_size, error))
        return -1;
    struct header_writer w = {.size = 0};
    memcpy(w.bytes, PDS_MAGIC, 8);
    w.size = 8;
    put(&w, PDS_FORMAT_VERSION, 4);
    put(&w, permissions, 4);
    put_string(&w, owner);
    put_string(&w, name);
    put_string(&w, ident);
    put(&w, dataset_hash_bytes(w.bytes, w.size), 8);

    char *folder = join(pds->root, owner, NULL);
    int status = -1;
    if (!folder)
        dataset_error_set(error, "out of memory");
    else if (make_folder(pds->disk, folder, error) == 0)
        status = write_atomic(pds->disk, folder, name, w.bytes, w.size, body, body_size, error);
    if (status == 0) {
        struct dataset_permanent *p = &ds->permanent;
        memset(p, 0, sizeof *p);
        p->present = true;
        memcpy(p->owner, owner, sizeof owner);
        memcpy(p->name, name, sizeof name);
        memcpy(p->id, ident, sizeof ident);
        p->hash = dataset_hash_bytes(body, body_size);
        p->size = body_size;
    }
    free(folder);
    free(body);
    return status;
}

int pds_load(const struct pds *pds, const char *user, const char *owner, const char *pdn,
             const char *id, struct dataset *ds, struct dataset_error *error)
{
    char who[PDS_NAME_MAX + 1];
    struct stored s;
    if (pds_check_name(user, "USER", who, error) ||
        read_stored(pds, owner_or_user(owner, user), pdn, &s, error))
        return -1;
    bool own = !strcmp(who, s.owner);
    int status = -1;
    if (!own && !(s.info.permissions & PDS_PUBLIC_READ)) {
        dataset_error_set(error, "PERMANENT DATASET %s OF %s IS PRIVATE: USER %s MAY NOT "
                          "ACCESS IT", s.name, s.owner, who);
    } else if (check_id(&s, id, error) == 0) {
        struct dataset_error why;
        if (dataset_parse(ds, s.bytes + s.body, s.size - s.body, &why)) {
            dataset_error_set(error, "PERMANENT DATASET %s OF %s DAMAGED: %s", s.name, s.owner,
                              why.message);
        } else {
            struct dataset_permanent *p = &ds->permanent;
            memset(p, 0, sizeof *p);
            p->present = true;
            memcpy(p->owner, s.owner, sizeof p->owner);
            memcpy(p->name, s.name, sizeof p->name);
            memcpy(p->id, s.info.id, sizeof p->id);
            p->hash = s.info.hash;
            p->size = s.info.size;
            p->read_only = !own;
            status = 0;
        }
    }
    free(s.bytes);
    return status;
}

int pds_delete(const struct pds *pds, const char *user, const char *owner, const char *pdn,
               const char *id, struct dataset_error *error)
{
    char who[PDS_NAME_MAX + 1], whose[PDS_NAME_MAX + 1];
    if (pds_check_name(user, "USER", who, error) ||
        pds_check_name(owner_or_user(owner, user), "OWNER", whose, error))
        return -1;
    if (strcmp(who, whose))
        return dataset_error_set(error, "USER %s MAY NOT DELETE A DATASET OF %s", who, whose);
    struct stored s;
    if (read_stored(pds, who, pdn, &s, error))
        return -1;
    free(s.bytes);
    if (check_id(&s, id, error))
        return -1;
    char *folder = join(pds->root, s.owner, NULL), *path = join(pds->root, s.owner, s.name);
    int status = -1;
    if (!folder || !path)
        dataset_error_set(error, "out of memory");
    else if (access(path, F_OK) || disk_unlink(pds->disk, path))
        dataset_error_set(error, "cannot delete %s: %s", path, strerror(errno));
    else
        status = 0;
    free(folder);
    free(path);
    return status;
}

/* ---- lookups -------------------------------------------------------------------------------------- */

/* The path of owner's dataset pdn (malloc'd), their checked names in who
 * and name; NULL for a bad name (or no memory). */
static char *path_of(const struct pds *pds, const char *owner, const char *pdn,
                     char who[PDS_NAME_MAX + 1], char name[PDS_NAME_MAX + 1])
{
    if (pds_check_name(owner, "OWNER", who, NULL) ||
        pds_check_name(pdn, "PERMANENT DATASET NAME", name, NULL))
        return NULL;
    return join(pds->root, who, name);
}

bool pds_exists(const struct pds *pds, const char *owner, const char *pdn)
{
    char who[PDS_NAME_MAX + 1], name[PDS_NAME_MAX + 1];
    char *path = path_of(pds, owner, pdn, who, name);
    struct stat st;
    bool found = path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    return found;
}

bool pds_public(const struct pds *pds, const char *owner, const char *pdn)
{
    char who[PDS_NAME_MAX + 1], name[PDS_NAME_MAX + 1];
    char *path = path_of(pds, owner, pdn, who, name);
    int fd = path ? open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) : -1;
    free(path);
    if (fd < 0)
        return false;
    uint8_t bytes[sizeof ((struct header_writer *)0)->bytes];
    struct stat st;
    ssize_t got = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? pread(fd, bytes, sizeof bytes, 0) : -1;
    close(fd);
    struct pds_info info;
    size_t body;
    struct dataset_error e;
    return got > 0 && parse_header(bytes, (size_t)got, &info, &body, &e) == 0 &&
           !strcmp(info.owner, who) && !strcmp(info.name, name) &&
           (info.permissions & PDS_PUBLIC_READ);
}

int pds_info(const struct pds *pds, const char *owner, const char *pdn, struct pds_info *info,
             struct dataset_error *error)
{
    struct stored s;
    if (read_stored(pds, owner, pdn, &s, error))
        return -1;
    *info = s.info;
    free(s.bytes);
    return 0;
}

int pds_lookup_hash(void *context, const char *owner, const char *name, const char *id,
                    uint64_t *hash)
{
    struct stored s;
    if (!context || read_stored(context, owner, name, &s, NULL))
        return -1;
    free(s.bytes);
    if (check_id(&s, id, NULL))
        return -1;
    *hash = s.info.hash;
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int pds_list(const struct pds *pds, const char *user, char ***names, size_t *count,
             struct dataset_error *error)
{
    *names = NULL;
    *count = 0;
    char who[PDS_NAME_MAX + 1];
    if (pds_check_name(user, "USER", who, error))
        return -1;
    char *folder = join(pds->root, who, NULL);
    if (!folder)
        return dataset_error_set(error, "out of memory");
    DIR *dir = opendir(folder);
    if (!dir) {
        int e = errno;
        if (e != ENOENT)
            dataset_error_set(error, "cannot list %s: %s", folder, strerror(e));
        free(folder);
        return e == ENOENT ? 0 : -1;
    }
    char **list = NULL;
    size_t n = 0, capacity = 0;
    int status = 0;
    for (struct dirent *entry; status == 0 && (entry = readdir(dir));) {
        char name[PDS_NAME_MAX + 1];
        if (check(entry->d_name, "NAME", false, name, NULL) || strcmp(name, entry->d_name) ||
            !pds_exists(pds, who, name))
            continue;   /* temporary files, strays */
        if (n == capacity) {
            capacity = capacity ? capacity * 2 : 16;
            char **more = realloc(list, capacity * sizeof *list);
            if (!more) {
                status = -1;
                break;
            }
            list = more;
        }
        if (!(list[n] = strdup(name)))
            status = -1;
        else
            n++;
    }
    closedir(dir);
    free(folder);
    if (status) {
        pds_list_free(list, n);
        return dataset_error_set(error, "out of memory");
    }
    if (n > 1)
        qsort(list, n, sizeof *list, compare_names);
    *names = list;
    *count = n;
    return 0;
}

void pds_list_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}
