/*
 * pds.h - the permanent dataset store of a site: SITE/pds/<USER>/<PDN>.
 *
 * SAVE makes a job's local dataset permanent, ACCESS makes a permanent one
 * local again (possibly in a later job, after a restart elsewhere, under
 * another user), DELETE removes one.  Each file holds a small header and
 * then the dataset's canonical bytes (os/datasets/dataset.h):
 *   magic "\x89C1PDSF\n" (8), u32 version (1), u32 permissions (PAM bits,
 *   PDS_PUBLIC_READ only), u16 length + owner, u16 length + PDN, u16
 *   length + ID, u64 XXH3-64 of the header bytes before it; big-endian.
 * A permanent dataset is identified by owner, PDN and ID (COS): ACCESS and
 * DELETE must give the ID it was saved with ("" if none).  SAVE under an
 * existing PDN replaces that dataset, whatever its ID.
 *
 * Access rules: a user reads and writes its own datasets; it may ACCESS
 * (read only) another owner's dataset saved with PAM=R (PDS_PUBLIC_READ);
 * anything else is refused with a message naming the reason.
 *
 * Names (user, PDN, ID) are checked before any file is touched: 1-64 of
 * A-Z a-z 0-9 $ @ % _ - (not starting with -), upper-cased; path
 * separators, dots, control characters and over-long names are refused.
 *
 * Saving is atomic (DESIGN.md principle 5): a temporary file ".PDN.XXXXXX"
 * in the owner's folder, fsync, rename over the final name, fsync of the
 * folder.  Names never start with a dot, so temporary files never collide
 * with datasets and are skipped when listing.
 *
 * Functions return 0, or -1 with the reason in the optional
 * struct dataset_error.
 */
#ifndef C1_OS_PDS_H
#define C1_OS_PDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataset.h"

#define PDS_NAME_MAX DATASET_PDS_NAME_MAX   /* 64 */
#define PDS_MAGIC "\x89" "C1PDSF\n"          /* 8 bytes */
#define PDS_FORMAT_VERSION 1u
#define PDS_FOLDER "pds"

/* PAM permission bits. */
#define PDS_PUBLIC_READ (1u << 0)   /* PAM=R: any user may ACCESS it */
#define PDS_PERMISSION_MASK PDS_PUBLIC_READ

/* A site's store.  root is SITE/pds (malloc'ed). */
struct disk;

struct pds {
    char *root;
    struct disk *disk;    /* the site's durable steps (NULL: counted nowhere) */
};

/* What a stored dataset's header says, and its contents' hash. */
struct pds_info {
    char owner[PDS_NAME_MAX + 1], name[PDS_NAME_MAX + 1], id[PDS_NAME_MAX + 1];
    unsigned permissions;
    uint64_t hash;          /* dataset_hash_bytes() of its canonical bytes */
    uint64_t size;          /* their length */
};

/* Use SITE/pds, creating that folder if missing (SITE must exist). */
int pds_open(struct pds *pds, const char *site, struct dataset_error *error);
void pds_close(struct pds *pds);

/* Check a name and put it upper-cased in out.  what names it in messages
 * ("USER", "PERMANENT DATASET NAME"). */
int pds_check_name(const char *name, const char *what, char out[PDS_NAME_MAX + 1],
                   struct dataset_error *error);
/* The same for an ID, which may be empty (NULL reads as ""). */
int pds_check_id(const char *id, char out[PDS_NAME_MAX + 1], struct dataset_error *error);

/* SAVE ds's contents as user's dataset pdn (replacing one of that name).
 * On success ds->permanent refers to it (owner, name, id, hash, size). */
int pds_save(const struct pds *pds, const char *user, const char *pdn, const char *id,
             unsigned permissions, struct dataset *ds, struct dataset_error *error);

/* ACCESS for user the dataset pdn of owner (NULL or "": user's own) with id
 * (NULL: ""): ds's contents are replaced and rewound, ds->permanent filled
 * (read_only for another owner's; unique false: the caller sets UQ). */
int pds_load(const struct pds *pds, const char *user, const char *owner, const char *pdn,
             const char *id, struct dataset *ds, struct dataset_error *error);

/* DELETE: only user's own (owner NULL, "" or user) dataset, with its id. */
int pds_delete(const struct pds *pds, const char *user, const char *owner, const char *pdn,
               const char *id, struct dataset_error *error);

/* Whether owner's dataset pdn exists (false for bad names). */
bool pds_exists(const struct pds *pds, const char *owner, const char *pdn);

/* Whether owner's dataset pdn exists and every user may read it (PAM=R),
 * from its header alone (false for bad names or a damaged header). */
bool pds_public(const struct pds *pds, const char *owner, const char *pdn);

/* The header and content hash of owner's dataset pdn (no access check). */
int pds_info(const struct pds *pds, const char *owner, const char *pdn, struct pds_info *info,
             struct dataset_error *error);

/* For restart's "changed since the drop?" check; has the type of
 * dropfile_pds_lookup (context: const struct pds *).  0 and the current
 * hash, or -1 if the dataset is gone, unreadable or has another ID. */
int pds_lookup_hash(void *context, const char *owner, const char *name, const char *id,
                    uint64_t *hash);

/* user's dataset names, sorted (malloc'ed; free with pds_list_free).  A
 * user with no folder has none. */
int pds_list(const struct pds *pds, const char *user, char ***names, size_t *count,
             struct dataset_error *error);
void pds_list_free(char **names, size_t count);

#endif
