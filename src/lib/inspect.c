/*
 * inspect.c - files, kernel binaries and weights of a package's models,
 * from the zip alone (see inspect.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"

#define MODELS_DIR "/data/aotinductor/"

int inspect_in_model_dir(const char *name, const char *model)
{
    const char *slash = strchr(name, '/');
    size_t n = strlen(model);

    if (slash == NULL || strncmp(slash, MODELS_DIR, strlen(MODELS_DIR)) != 0)
        return 0;
    slash += strlen(MODELS_DIR);
    return strncmp(slash, model, n) == 0 && slash[n] == '/' &&
           slash[n + 1] != '\0';
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

inductor_status inspect_read_wrapper(const inductor_package *p,
                                     const char *model, char **text)
{
    size_t n = pt2_archive_count(p->archive);

    *text = NULL;
    for (size_t i = 0; i < n; i++) {
        const pt2_entry *e = pt2_archive_entry(p->archive, i);
        if (inspect_in_model_dir(e->name, model) &&
            ends_with(e->name, ".wrapper.cpp"))
            return pt2_archive_read(p->archive, e, INSPECT_MAX_WRAPPER_BYTES,
                                    text, NULL);
    }
    return inductor__fail(INDUCTOR_ERR_UNSUPPORTED,
                          "model '%s' has no wrapper source in the package",
                          model);
}

char *inspect_wrapper_string(const char *text, const char *var)
{
    size_t vlen = strlen(var);
    const char *p = text, *start, *end;

    /* The assignment, not a use: "in_spec_ = R\"(" with the name whole. */
    while ((p = strstr(p, var)) != NULL) {
        int whole = p == text || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
                                   (p[-1] >= 'A' && p[-1] <= 'Z') ||
                                   (p[-1] >= '0' && p[-1] <= '9'));
        p += vlen;
        if (whole && strncmp(p, " = R\"(", 6) == 0)
            break;
    }
    if (p == NULL)
        return NULL;
    start = p + 6;
    /* JSON never holds `)"` outside a string, and inside one a quote is
     * escaped, so the first `)";` ends the raw string (AOTInductor's own
     * compiler reads it the same way). */
    if ((end = strstr(start, ")\";")) == NULL)
        return NULL;
    return strndup(start, (size_t)(end - start));
}

void inspect_wrapper_weights(const char *text, uint64_t *bytes, size_t *count)
{
    static const char field[] = "].data_size = ";
    const char *p = text;

    *bytes = 0;
    *count = 0;
    while ((p = strstr(p, "constants_info_[")) != NULL) {
        const char *q = p + strlen("constants_info_[");
        uint64_t v = 0;
        int digits = 0;

        p = q;
        while (*q >= '0' && *q <= '9')
            q++;
        if (q == p || strncmp(q, field, strlen(field)) != 0)
            continue;
        for (q += strlen(field); *q >= '0' && *q <= '9' && digits < 19; q++, digits++)
            v = v * 10 + (uint64_t)(*q - '0');
        if (digits == 0 || *q != ';')
            continue;
        *bytes += v;
        (*count)++;
    }
}

void inspect_kernel_counts(const inductor_package *p, const char *model,
                           size_t *cuda, size_t *rocm)
{
    *cuda = inductor_package_kernel_count(p, model, "cubin") +
            inductor_package_kernel_count(p, model, "fatbin") +
            inductor_package_kernel_count(p, model, "ptx");
    *rocm = inductor_package_kernel_count(p, model, "hsaco");
}

/* ---- public: files, kernels, weights ---------------------------------- */

size_t inductor_package_num_files(const inductor_package *p)
{
    return p ? pt2_archive_count(p->archive) : 0;
}

const char *inductor_package_file_name(const inductor_package *p, size_t i)
{
    return pt2_archive_entry_name(p ? p->archive : NULL, i);
}

uint64_t inductor_package_file_size(const inductor_package *p, size_t i)
{
    return pt2_archive_entry_size(p ? p->archive : NULL, i);
}

size_t inductor_package_kernel_count(const inductor_package *p,
                                     const char *model, const char *kind)
{
    char suffix[16];
    size_t n = 0;

    if (p == NULL || model == NULL || kind == NULL ||
        (strcmp(kind, "cubin") != 0 && strcmp(kind, "fatbin") != 0 &&
         strcmp(kind, "ptx") != 0 && strcmp(kind, "hsaco") != 0))
        return 0;
    snprintf(suffix, sizeof suffix, ".%s", kind);
    for (size_t i = 0; i < pt2_archive_count(p->archive); i++) {
        const char *name = pt2_archive_entry(p->archive, i)->name;
        n += inspect_in_model_dir(name, model) && ends_with(name, suffix);
    }
    return n;
}

inductor_status inductor_package_weights(const inductor_package *p,
                                         const char *model, uint64_t *bytes,
                                         size_t *count)
{
    char *text = NULL;
    size_t n = 0;
    inductor_status s;

    inductor__clear_error();
    if (p == NULL || model == NULL || bytes == NULL)
        return inductor__fail(INDUCTOR_ERR_INVALID_ARGUMENT,
                              "package, model or bytes is NULL");
    *bytes = 0;
    if (count)
        *count = 0;
    if ((s = package_require_model(p, model)) != INDUCTOR_OK)
        return s;
    if ((s = inspect_read_wrapper(p, model, &text)) != INDUCTOR_OK)
        return s;
    inspect_wrapper_weights(text, bytes, &n);
    free(text);
    if (count)
        *count = n;
    return INDUCTOR_OK;
}
