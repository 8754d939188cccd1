/*
 * extract.h - the extraction cache: unpack a .pt2 once into a private,
 * content-keyed directory and let libtorch load the runner from there,
 * instead of letting AOTIModelPackageLoader unzip the whole package into a
 * fresh /tmp/XXXXXX on every load.  Internal to libinductor.
 *
 * Where: $INDUCTOR_CACHE_DIR, else $XDG_CACHE_HOME/inductor, else
 * $HOME/.cache/inductor, else $TMPDIR (or /tmp)/inductor-cache-<uid>.
 * INDUCTOR_NO_CACHE=1 turns the cache off (libtorch then extracts as before).
 *
 * Key: a 64-bit FNV-1a hash of the zip's central directory (every entry's
 * name, method, sizes and CRC-32) and of the file's size.  Hashing the
 * bytes would be stronger but would read a 200 MB package on every load,
 * which is the cost the cache exists to avoid; the CRC-32s are themselves
 * a digest of every byte, verified as each entry is extracted.
 *
 * Concurrency: each extraction goes into a mkdtemp() staging directory
 * (0700) beside the entries and is published with one rename(); a process
 * that loses the race discards its copy and uses the winner's.  An entry is
 * used only if its marker file (written last, before the rename) matches
 * the key and every listed file has its recorded size; otherwise it is
 * moved aside, removed and extracted again.
 */
#ifndef INDUCTOR_EXTRACT_H
#define INDUCTOR_EXTRACT_H

#include <stddef.h>

#include "pt2_archive.h"

typedef struct extract_result {
    char dir[4096]; /* the extracted package's root, for the loader */
    int cache_hit;  /* 1: a valid entry was already there */
} extract_result;

/* Finds or makes the cache entry for the open archive `a`.  On failure
 * (cache directory unusable, disk full, bad CRC) returns the status with
 * inductor_last_error() set; the caller may then load from the zip. */
inductor_status extract_cached(const pt2_archive *a, extract_result *out);

/* Non-zero when INDUCTOR_NO_CACHE=1 is set. */
int extract_cache_disabled(void);

/* The cache root chosen from the environment into buf; -1 if none fits. */
int extract_cache_root(char *buf, size_t len);

#endif /* INDUCTOR_EXTRACT_H */
