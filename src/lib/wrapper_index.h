/*
 * wrapper_index.h - the statements of a generated wrapper source that the
 * signature reader follows (wrapper_signature.c), indexed by name in one
 * pass per pattern.  Internal.
 *
 * Looking each name up by searching the whole text would cost the text's
 * length per output and per hop, which a hostile package (thousands of
 * outputs in a big source) turns into a hang; sorted tables keep the
 * reader linear in the text plus logarithmic per lookup.  Each table holds
 * at most WRAPPER_INDEX_MAX entries: beyond that, statements are not
 * indexed, and what they would have told stays unknown.
 */
#ifndef INDUCTOR_WRAPPER_INDEX_H
#define INDUCTOR_WRAPPER_INDEX_H

#include "internal.h"

#define WRAPPER_INDEX_MAX ((size_t)1 << 18)
/* Longest identifier indexed. */
#define WRAPPER_MAX_IDENT 128

typedef struct wrapper_entry {
    const char *name; /* into the text; not NUL-terminated */
    size_t len;
    const char *list; /* "{...}": sizes (arrays, assertions) */
    const char *src;  /* allocations: the size array; aliases: the source */
    size_t src_len;
    const char *view; /* views: their size array; NULL for std::move */
    size_t view_len;
    int64_t rank;     /* allocations and views */
    inductor_dtype dtype; /* allocations */
} wrapper_entry;

typedef struct wrapper_table {
    wrapper_entry *v;
    size_t n, cap;
} wrapper_table;

typedef struct wrapper_index {
    wrapper_table arrays;  /* "int_array_0[] = {s43, 6L}" */
    wrapper_table allocs;  /* aoti_torch_empty_strided(..., &buf0_handle) */
    wrapper_table aliases; /* auto buf2 = std::move(buf1) / a reinterpret view */
    wrapper_table asserts; /* assert_size_stride(arg1_1, {...}, ...) */
} wrapper_index;

/* Indexes text[0..end).  INDUCTOR_ERR_OUT_OF_MEMORY is the only failure;
 * on it the index is empty. */
inductor_status wrapper_index_build(const char *text, const char *end,
                                    wrapper_index *ix);
void wrapper_index_free(wrapper_index *ix);

/* The first entry (in text order) called name[0..len), or NULL. */
const wrapper_entry *wrapper_index_find(const wrapper_table *t,
                                        const char *name, size_t len);

/* Shared scanning helpers. */
const char *wrapper_find(const char *p, const char *end, const char *needle);
size_t wrapper_ident_len(const char *p, const char *end);
int wrapper_ident_char(char c);
/* A non-negative integer with an optional L suffix ("6L"): its end, or
 * NULL when there is none or it is too big to be a size. */
const char *wrapper_parse_size(const char *p, const char *end, int64_t *v);
/* The dtype named at p ("int64" in "aoti_torch_dtype_int64()"). */
inductor_dtype wrapper_dtype_at(const char *p, const char *end);

#endif /* INDUCTOR_WRAPPER_INDEX_H */
