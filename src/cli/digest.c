/*
 * digest.c - SHA-256 over libcrypto's EVP interface (see digest.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "digest.h"

static void to_hex(const unsigned char *md, unsigned int n, char *hex)
{
    static const char digits[] = "0123456789abcdef";

    for (unsigned int i = 0; i < n; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * n] = '\0';
}

int digest_sha256_hex(const void *data, size_t len, char *hex)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1 ||
        n * 2 != DIGEST_HEX_LEN)
        return -1;
    to_hex(md, n, hex);
    return 0;
}

/* Feeds the whole of fd to ctx; *bytes counts it.  0, or an errno. */
static int feed(EVP_MD_CTX *ctx, int fd, uint64_t *bytes)
{
    enum { CHUNK = 1 << 20 };
    char *buf = malloc(CHUNK);
    ssize_t n;
    int err = 0;

    if (buf == NULL)
        return ENOMEM;
    while (err == 0 && (n = read(fd, buf, CHUNK)) != 0) {
        if (n < 0)
            err = errno == EINTR ? 0 : errno;
        else if (EVP_DigestUpdate(ctx, buf, (size_t)n) != 1)
            err = EIO;
        else
            *bytes += (uint64_t)n;
    }
    free(buf);
    return err;
}

int digest_sha256_file(const char *path, char *hex, uint64_t *bytes)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC), err;

    *bytes = 0;
    if (fd < 0)
        err = errno;
    else if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
        err = EIO;
    else
        err = feed(ctx, fd, bytes);
    if (err == 0 && (EVP_DigestFinal_ex(ctx, md, &n) != 1 ||
                     n * 2 != DIGEST_HEX_LEN))
        err = EIO;
    if (err == 0)
        to_hex(md, n, hex);
    if (fd >= 0)
        close(fd);
    EVP_MD_CTX_free(ctx);
    errno = err;
    return err ? -1 : 0;
}
