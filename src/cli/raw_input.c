/*
 * raw_input.c - one tensor from a file of raw bytes (little-endian,
 * row-major), its dtype and shape given on the command line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input_file.h"
#include "tensor_io.h"

static int host_is_little(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

int raw_input_read(const char *path, inductor_dtype dt, const int64_t *sizes,
                   size_t ndim, inductor_tensor **out, char *err,
                   size_t errlen)
{
    size_t esize = inductor_dtype_size(dt), len = 0;
    char *buf = NULL;
    inductor_tensor *t;

    *out = NULL;
    if (inductor_tensor_zeros(dt, sizes, ndim, &t) != INDUCTOR_OK) {
        snprintf(err, errlen, "%s", inductor_last_error());
        return -1;
    }
    if (input_file_read(path, &buf, &len) != 0) {
        snprintf(err, errlen, "cannot read: %s", input_file_error(errno));
        inductor_tensor_free(t);
        return -1;
    }
    if (len != inductor_tensor_nbytes(t)) {
        snprintf(err, errlen, "raw file has %zu bytes, %zu %s elements need "
                              "%zu", len, inductor_tensor_numel(t),
                 inductor_dtype_name(dt), inductor_tensor_nbytes(t));
        free(buf);
        inductor_tensor_free(t);
        return -1;
    }
    memcpy(inductor_tensor_mutable_data(t), buf, len);
    free(buf);
    /* The file is little-endian everywhere; swap on a big-endian host. */
    for (size_t i = 0; !host_is_little() && esize > 1 &&
                       i < inductor_tensor_numel(t); i++) {
        char *e = (char *)inductor_tensor_mutable_data(t) + i * esize;
        for (size_t a = 0, z = esize - 1; a < z; a++, z--) {
            char c = e[a];
            e[a] = e[z];
            e[z] = c;
        }
    }
    *out = t;
    return 0;
}
