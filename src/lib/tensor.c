/*
 * tensor.c - dense host tensors, owned or borrowed from the caller.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct inductor_tensor {
    inductor_dtype dtype;
    size_t ndim;
    int64_t sizes[INDUCTOR_MAX_DIMS];
    size_t numel;
    size_t nbytes;
    void *data;
    int borrowed; /* data belongs to the caller: never freed here */
    /* Adopted memory (a backend's result): release(release_ctx) frees it. */
    void (*release)(void *);
    void *release_ctx;
};

/* Validates dtype and sizes and computes numel and nbytes with overflow
 * checks, so a hostile shape cannot wrap around into a small allocation. */
static inductor_status check_shape(inductor_dtype dt, const int64_t *sizes,
                                   size_t ndim, size_t *numel, size_t *nbytes)
{
    size_t esize = inductor_dtype_size(dt);
    size_t n = 1;

    if (esize == 0)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "unknown dtype %d", (int)dt);
    if (ndim > INDUCTOR_MAX_DIMS)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "%zu dimensions: at most %d are supported",
                              ndim, INDUCTOR_MAX_DIMS);
    if (ndim > 0 && sizes == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT, "sizes is NULL");
    for (size_t i = 0; i < ndim; i++) {
        if (sizes[i] < 0)
            return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                                  "dimension %zu is negative (%lld)", i,
                                  (long long)sizes[i]);
        if (sizes[i] != 0 && n > SIZE_MAX / (uint64_t)sizes[i])
            return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                                  "shape is too large: element count overflows");
        n *= (size_t)sizes[i];
    }
    if (n > SIZE_MAX / esize)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "shape is too large: byte size overflows");
    *numel = n;
    *nbytes = n * esize;
    return INDUCTOR_OK;
}

static inductor_status tensor_alloc(inductor_dtype dt, const int64_t *sizes,
                                    size_t ndim, inductor_tensor **out)
{
    inductor_tensor *t;
    size_t numel = 0, nbytes = 0;
    inductor_status s = check_shape(dt, sizes, ndim, &numel, &nbytes);

    if (s != INDUCTOR_OK)
        return s;
    t = calloc(1, sizeof *t);
    if (t == NULL)
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "out of memory");
    t->dtype = dt;
    t->ndim = ndim;
    if (ndim > 0)
        memcpy(t->sizes, sizes, ndim * sizeof sizes[0]);
    t->numel = numel;
    t->nbytes = nbytes;
    *out = t;
    return INDUCTOR_OK;
}

inductor_status inductor_tensor_from_data(inductor_dtype dt,
                                          const int64_t *sizes, size_t ndim,
                                          const void *data, size_t nbytes,
                                          unsigned flags, inductor_tensor **out)
{
    inductor_tensor *t = NULL;
    inductor_status s;

    inductor__clear_error();
    if (out == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT, "out is NULL");
    *out = NULL;
    if (flags & ~(unsigned)INDUCTOR_TENSOR_BORROW)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "unknown tensor flags 0x%x", flags);
    s = tensor_alloc(dt, sizes, ndim, &t);
    if (s != INDUCTOR_OK)
        return s;
    if (nbytes != t->nbytes) {
        s = inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                           "%zu bytes of data for %zu %s elements (%zu bytes)",
                           nbytes, t->numel, inductor_dtype_name(dt),
                           t->nbytes);
        free(t);
        return s;
    }
    if (nbytes > 0 && data == NULL) {
        free(t);
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT, "data is NULL");
    }
    if (flags & INDUCTOR_TENSOR_BORROW) {
        t->data = (void *)data; /* the caller keeps ownership */
        t->borrowed = 1;
    } else {
        t->data = malloc(nbytes ? nbytes : 1);
        if (t->data == NULL) {
            free(t);
            return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY,
                                  "out of memory for %zu bytes", nbytes);
        }
        if (nbytes > 0)
            memcpy(t->data, data, nbytes);
    }
    *out = t;
    return INDUCTOR_OK;
}

inductor_status inductor_tensor_zeros(inductor_dtype dt, const int64_t *sizes,
                                      size_t ndim, inductor_tensor **out)
{
    inductor_tensor *t = NULL;
    inductor_status s;

    inductor__clear_error();
    if (out == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT, "out is NULL");
    *out = NULL;
    s = tensor_alloc(dt, sizes, ndim, &t);
    if (s != INDUCTOR_OK)
        return s;
    t->data = calloc(t->nbytes ? t->nbytes : 1, 1);
    if (t->data == NULL) {
        size_t nbytes = t->nbytes;
        free(t);
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY,
                              "out of memory for %zu bytes", nbytes);
    }
    *out = t;
    return INDUCTOR_OK;
}

inductor_status inductor__tensor_adopt(inductor_dtype dt, const int64_t *sizes,
                                      size_t ndim, void *data, size_t nbytes,
                                      void (*release)(void *), void *ctx,
                                      inductor_tensor **out)
{
    inductor_tensor *t = NULL;
    inductor_status s = tensor_alloc(dt, sizes, ndim, &t);

    if (s != INDUCTOR_OK)
        return s;
    if (nbytes != t->nbytes || (nbytes > 0 && data == NULL) || !release) {
        s = inductor__fail(INDUCTOR_ERR_INTERNAL,
                           "adopting %zu bytes for %zu %s elements", nbytes,
                           t->numel, inductor_dtype_name(dt));
        free(t);
        return s;
    }
    t->data = data;
    t->release = release;
    t->release_ctx = ctx;
    *out = t;
    return INDUCTOR_OK;
}

void inductor_tensor_free(inductor_tensor *t)
{
    if (t == NULL)
        return;
    if (t->release)
        t->release(t->release_ctx);
    else if (!t->borrowed)
        free(t->data);
    free(t);
}

inductor_dtype inductor_tensor_dtype(const inductor_tensor *t)
{
    return t ? t->dtype : INDUCTOR_DTYPE_INVALID;
}

size_t inductor_tensor_ndim(const inductor_tensor *t)
{
    return t ? t->ndim : 0;
}

const int64_t *inductor_tensor_sizes(const inductor_tensor *t)
{
    return t ? t->sizes : NULL;
}

size_t inductor_tensor_numel(const inductor_tensor *t)
{
    return t ? t->numel : 0;
}

size_t inductor_tensor_nbytes(const inductor_tensor *t)
{
    return t ? t->nbytes : 0;
}

const void *inductor_tensor_data(const inductor_tensor *t)
{
    return t ? t->data : NULL;
}

void *inductor_tensor_mutable_data(inductor_tensor *t)
{
    return (t && !t->borrowed) ? t->data : NULL;
}
