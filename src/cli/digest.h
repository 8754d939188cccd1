/*
 * digest.h - SHA-256 in lowercase hex for provenance records, straight
 * from libcrypto's EVP interface.  (The library's own SHA-256, for the
 * extraction cache's keys, is internal to it: the CLI sees only the
 * public header.)
 */
#ifndef INDUCTOR_CLI_DIGEST_H
#define INDUCTOR_CLI_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define DIGEST_HEX_LEN 64 /* hex digits, without the NUL */

/* The digest of data[0..len) into hex[DIGEST_HEX_LEN + 1].  0, or -1 when
 * libcrypto fails. */
int digest_sha256_hex(const void *data, size_t len, char *hex);

/* The digest of the file at `path`, read in 1 MiB pieces (a package can
 * be gigabytes); *bytes gets its length.  0, or -1 with errno set. */
int digest_sha256_file(const char *path, char *hex, uint64_t *bytes);

#endif /* INDUCTOR_CLI_DIGEST_H */
