/*
 * raw_input.c - one tensor from a file of raw bytes (see raw_input.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byteorder.h"
#include "errbuf.h"
#include "file_util.h"
#include "raw_input.h"

int raw_input_read(const char *path, inductor_dtype dt, const int64_t *sizes,
                   size_t ndim, inductor_tensor **out, char *err,
                   size_t errlen)
{
    size_t esize = inductor_dtype_size(dt), len = 0;
    char *buf = NULL;
    inductor_tensor *t;

    *out = NULL;
    if (inductor_tensor_zeros(dt, sizes, ndim, &t) != INDUCTOR_OK) {
        errbuf_set(err, errlen, "%s", inductor_last_error());
        return -1;
    }
    if (input_file_read(path, &buf, &len) != 0) {
        errbuf_set(err, errlen, "cannot read: %s", input_file_error(errno));
        inductor_tensor_free(t);
        return -1;
    }
    if (len != inductor_tensor_nbytes(t)) {
        errbuf_set(err, errlen, "raw file has %zu bytes, %zu %s elements "
                   "need %zu", len, inductor_tensor_numel(t),
                   inductor_dtype_name(dt), inductor_tensor_nbytes(t));
        free(buf);
        inductor_tensor_free(t);
        return -1;
    }
    memcpy(inductor_tensor_mutable_data(t), buf, len);
    free(buf);
    /* The file is little-endian everywhere. */
    byteorder_le_to_host(inductor_tensor_mutable_data(t),
                         inductor_tensor_numel(t), esize);
    *out = t;
    return 0;
}
