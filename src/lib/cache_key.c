/*
 * cache_key.c - SHA-256 identity of a package (see cache_key.h).
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "cache_key.h"
#include "internal.h"

/* OpenSSL's default start-up reads openssl.cnf (which may name provider
 * modules to dlopen: code this library did not ask for) and registers every
 * algorithm; a SHA-256 needs neither.  Skipping both makes the first hash
 * ~0.2 ms instead of ~0.8 ms, which a cache hit pays once per process.  In
 * a program that has already initialised OpenSSL this changes nothing. */
static void crypto_init(void)
{
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG |
                            OPENSSL_INIT_NO_ADD_ALL_CIPHERS |
                            OPENSSL_INIT_NO_ADD_ALL_DIGESTS,
                        NULL);
}

inductor_status cache_key(const pt2_archive *a, char *key)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE], size[8];
    uint64_t fs = pt2_archive_file_size(a);
    unsigned int n = 0;
    size_t cd_len = 0;
    const unsigned char *cd = pt2_archive_central_dir(a, &cd_len);
    EVP_MD_CTX *ctx;
    int good;

    for (int i = 0; i < 8; i++)
        size[i] = (unsigned char)(fs >> (8 * i));
    crypto_init(); /* before any other OpenSSL call, which would init it */
    ctx = EVP_MD_CTX_new();
    good = ctx != NULL && cd != NULL &&
           EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
           EVP_DigestUpdate(ctx, cd, cd_len) == 1 &&
           EVP_DigestUpdate(ctx, size, sizeof size) == 1 &&
           EVP_DigestFinal_ex(ctx, md, &n) == 1 && n * 2 == CACHE_KEY_LEN;
    EVP_MD_CTX_free(ctx);
    if (!good)
        return inductor__fail(INDUCTOR_ERR_INTERNAL,
                              "%s: cannot compute the SHA-256 cache key",
                              pt2_archive_path(a));
    for (unsigned int i = 0; i < n; i++) {
        key[2 * i] = hex[md[i] >> 4];
        key[2 * i + 1] = hex[md[i] & 15];
    }
    key[CACHE_KEY_LEN] = '\0';
    return INDUCTOR_OK;
}

int cache_is_key(const char *name)
{
    size_t i;

    for (i = 0; name[i]; i++)
        if (!((name[i] >= '0' && name[i] <= '9') ||
              (name[i] >= 'a' && name[i] <= 'f')))
            return 0;
    return i == CACHE_KEY_LEN;
}
