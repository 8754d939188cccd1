/*
 * cache_key.h - the identity of a package in the extraction cache.
 * Internal to libinductor.
 *
 * The key is the SHA-256, in lowercase hex, of the archive's raw central
 * directory bytes followed by its file size as 8 bytes little-endian.  The
 * central directory names every entry with its sizes, offsets and CRC-32,
 * so two packages share an entry only if they agree on all of them; the
 * file's data is not hashed (that would read a 200 MB package on every
 * load, the cost the cache exists to avoid): every byte is checked
 * against its CRC-32 as it is extracted, through the descriptor that was
 * validated, and a cached entry is only ever made by such an extraction in
 * a directory nobody else can write.
 */
#ifndef INDUCTOR_CACHE_KEY_H
#define INDUCTOR_CACHE_KEY_H

#include "pt2_archive.h"

#define CACHE_KEY_LEN 64 /* hex digits, without the NUL */

/* Writes the key of `a` into key[CACHE_KEY_LEN + 1]. */
inductor_status cache_key(const pt2_archive *a, char *key);

/* 1 when `name` has the form of a key (64 lowercase hex digits). */
int cache_is_key(const char *name);

#endif /* INDUCTOR_CACHE_KEY_H */
