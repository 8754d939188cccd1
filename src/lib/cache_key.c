/*
 * cache_key.c - SHA-256 identity of a package (see cache_key.h).
 */
#include "config.h"

#include <string.h>

#include "cache_key.h"
#include "internal.h"
#include "sha256.h"

inductor_status cache_key(const pt2_archive *a, char *key)
{
    unsigned char size[8];
    uint64_t fs = pt2_archive_file_size(a);
    size_t cd_len = 0;
    const unsigned char *cd = pt2_archive_central_dir(a, &cd_len);
    sha256_ctx c;

    for (int i = 0; i < 8; i++)
        size[i] = (unsigned char)(fs >> (8 * i));
    if (cd == NULL || sha256_init(&c) != 0)
        return inductor__fail(INDUCTOR_ERR_INTERNAL,
                              "%s: cannot compute the SHA-256 cache key",
                              pt2_archive_path(a));
    sha256_update(&c, cd, cd_len);
    sha256_update(&c, size, sizeof size);
    if (sha256_final(&c, key) != 0)
        return inductor__fail(INDUCTOR_ERR_INTERNAL,
                              "%s: cannot compute the SHA-256 cache key",
                              pt2_archive_path(a));
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
