/*
 * byteorder.h - the one byte-swapping helper: the CLI's file formats
 * (.npy, raw tensors) are little-endian on every host.
 *
 * Include config.h first: configure defines WORDS_BIGENDIAN on a
 * big-endian host (AC_C_BIGENDIAN).  Without it the host is asked at run
 * time, which the compiler folds to a constant.
 */
#ifndef INDUCTOR_CLI_BYTEORDER_H
#define INDUCTOR_CLI_BYTEORDER_H

#include <stddef.h>
#include <stdint.h>

static inline int byteorder_host_is_little(void)
{
#ifdef WORDS_BIGENDIAN
    return 0;
#else
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
#endif
}

/* Reverses the bytes of each of `numel` elements of `esize` bytes. */
static inline void byteorder_swap(void *data, size_t numel, size_t esize)
{
    for (size_t i = 0; esize > 1 && i < numel; i++) {
        unsigned char *e = (unsigned char *)data + i * esize;
        for (size_t a = 0, z = esize - 1; a < z; a++, z--) {
            unsigned char t = e[a];
            e[a] = e[z];
            e[z] = t;
        }
    }
}

/* Little-endian file bytes to host order, or back: the same swap, done
 * only on a big-endian host. */
static inline void byteorder_le_to_host(void *data, size_t numel,
                                        size_t esize)
{
    if (!byteorder_host_is_little())
        byteorder_swap(data, numel, esize);
}

#endif /* INDUCTOR_CLI_BYTEORDER_H */
