/*
 * info_facts.h - what `inductor info` knows about one model of a package,
 * gathered once (cmd_info.c) and rendered as text or JSON (info_render.c).
 */
#ifndef INDUCTOR_CLI_INFO_FACTS_H
#define INDUCTOR_CLI_INFO_FACTS_H

#include <json-c/json.h>

#include "inductor.h"

typedef struct model_facts {
    const char *name;
    int load_tried;              /* --load: the model was opened */
    int loaded;
    size_t n_in, n_out;          /* from the loaded model */
    char load_error[512];        /* when not loaded */
    inductor_signature *sig;     /* NULL if unreadable */
    char sig_error[512];
    int have_weights;
    uint64_t weights_bytes;
    size_t n_constants;
    size_t kernels[4];           /* cubin, fatbin, ptx, hsaco */
    int compatible;
    char why[512];               /* when not compatible */
    int threads_known;           /* the kernel source could be read */
    int thread_limit, threads_pinned; /* inductor_package_cpu_threads() */
    long host_cpus;              /* CPUs this process may run on */
    char warning[512];           /* compatible, but: ("" when none) */
} model_facts;

extern const char *const info_kernel_kinds[4];

void info_print_text(const char *path, const inductor_package *p,
                     const model_facts *f, size_t n);
json_object *info_json(const char *path, const inductor_package *p,
                       const model_facts *f, size_t n);

#endif /* INDUCTOR_CLI_INFO_FACTS_H */
