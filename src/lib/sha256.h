/*
 * sha256.h - streaming SHA-256 over OpenSSL's libcrypto, in lowercase hex.
 * The extraction cache's keys (cache_key.c).  Internal: no symbol is
 * exported (the CLI's provenance records hash through libcrypto
 * themselves, src/cli/digest.c: the CLI sees only the public header).
 */
#ifndef INDUCTOR_SHA256_H
#define INDUCTOR_SHA256_H

#include <stddef.h>

#define SHA256_HEX_LEN 64 /* hex digits, without the NUL */

typedef struct sha256_ctx {
    void *evp;  /* EVP_MD_CTX */
    int failed; /* an update failed: sha256_final() will say so */
} sha256_ctx;

/* Starts a digest.  0, or -1 (nothing to free) when libcrypto fails. */
int sha256_init(sha256_ctx *c);
/* Adds `len` bytes; a failure is remembered for sha256_final(). */
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* Writes the digest into hex[SHA256_HEX_LEN + 1] and frees the context
 * (always).  0, or -1 when any step failed. */
int sha256_final(sha256_ctx *c, char *hex);

/* The digest of one buffer. */
int sha256_hex(const void *data, size_t len, char *hex);

#endif /* INDUCTOR_SHA256_H */
