/*
 * call_spec.c - reads torch.utils._pytree's serialized TreeSpec.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "call_spec.h"

/* A pytree deeper than this is not a model signature: refuse rather than
 * recurse without bound on hostile input. */
#define MAX_DEPTH 64

static int count_node(json_object *node, int depth, size_t *n)
{
    json_object *type, *children;

    if (depth > MAX_DEPTH || !json_object_is_type(node, json_type_object) ||
        !json_object_object_get_ex(node, "type", &type) ||
        !json_object_object_get_ex(node, "children_spec", &children) ||
        !json_object_is_type(children, json_type_array))
        return -1;
    if (type == NULL || json_object_is_type(type, json_type_null)) {
        (*n)++; /* a leaf: one tensor */
        return 0;
    }
    for (size_t i = 0; i < json_object_array_length(children); i++)
        if (count_node(json_object_array_get_idx(children, i), depth + 1, n))
            return -1;
    return 0;
}

inductor_status call_spec_count_leaves(const char *spec_json, size_t *n)
{
    json_object *root;
    int bad;

    *n = 0;
    if (spec_json == NULL || *spec_json == '\0')
        return inductor__fail(INDUCTOR_ERR_UNSUPPORTED,
                              "the model has no call spec");
    root = json_tokener_parse(spec_json);
    bad = root == NULL || !json_object_is_type(root, json_type_array) ||
          json_object_array_length(root) != 2 ||
          count_node(json_object_array_get_idx(root, 1), 0, n) != 0;
    json_object_put(root);
    if (bad) {
        *n = 0;
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "the model's call spec is not a valid pytree spec");
    }
    return INDUCTOR_OK;
}

/* ---- keys: what dict contexts say about each leaf -------------------- */

/* The walk's state: the keys collected so far and the current path. */
typedef struct key_walk {
    call_keys *out;
    size_t cap;
    char path[CALL_SPEC_MAX_KEY + 1];
    int keyword; /* inside the kwargs dict of an input spec */
} key_walk;

void call_keys_free(call_keys *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->key[i]);
    free(k->key);
    free(k->keyword);
    k->key = NULL;
    k->keyword = NULL;
    k->n = 0;
}

static int is_dict_type(const char *type)
{
    return strcmp(type, "builtins.dict") == 0 ||
           strcmp(type, "collections.OrderedDict") == 0 ||
           strcmp(type, "collections.defaultdict") == 0 ||
           strcmp(type, "torch.fx.immutable_collections.immutable_dict") == 0;
}

/* A dict node's context is a JSON string holding the list of keys (for a
 * defaultdict, an object whose "dict_context" is that list).  Returns the
 * parsed root to release and sets *keys, or NULL if it is not one. */
static json_object *dict_keys(json_object *node, json_object **keys)
{
    json_object *ctx, *root, *inner;

    if (!json_object_object_get_ex(node, "context", &ctx) ||
        !json_object_is_type(ctx, json_type_string))
        return NULL;
    root = json_tokener_parse(json_object_get_string(ctx));
    *keys = root;
    if (json_object_is_type(root, json_type_object) &&
        json_object_object_get_ex(root, "dict_context", &inner))
        *keys = inner;
    if (!json_object_is_type(*keys, json_type_array)) {
        json_object_put(root);
        return NULL;
    }
    return root;
}

/* A node of another type whose context is a JSON string holding a list of
 * as many non-empty strings as it has children: the field names of a
 * dataclass-like node (transformers' ModelOutput registers its fields so,
 * "context": "[\"last_hidden_state\", ...]").  They name the leaves as
 * dict keys do.  Returns the parsed root to release and sets *keys, or
 * NULL (a tuple's "null", a namedtuple's type name, anything else). */
static json_object *field_names(json_object *node, size_t n,
                                json_object **keys)
{
    json_object *ctx, *root;

    if (n == 0 || !json_object_object_get_ex(node, "context", &ctx) ||
        !json_object_is_type(ctx, json_type_string))
        return NULL;
    root = json_tokener_parse(json_object_get_string(ctx));
    if (!json_object_is_type(root, json_type_array) ||
        json_object_array_length(root) != n)
        goto not_names;
    for (size_t i = 0; i < n; i++) {
        json_object *k = json_object_array_get_idx(root, i);
        if (!json_object_is_type(k, json_type_string) ||
            json_object_get_string_len(k) == 0)
            goto not_names;
    }
    *keys = root;
    return root;
not_names:
    json_object_put(root);
    return NULL;
}

/* Appends one component to the path; -1 if the path gets too long. */
static int path_push(key_walk *w, json_object *key, size_t index, size_t *mark)
{
    size_t used = strlen(w->path);
    const char *text;
    char num[32];
    int n;

    *mark = used;
    if (key == NULL) {
        snprintf(num, sizeof num, "%zu", index);
        text = num;
    } else if (json_object_is_type(key, json_type_string)) {
        text = json_object_get_string(key);
    } else {
        text = json_object_to_json_string_ext(key, JSON_C_TO_STRING_PLAIN);
    }
    n = snprintf(w->path + used, sizeof w->path - used, "%s%s",
                 used ? "." : "", text);
    return n < 0 || (size_t)n >= sizeof w->path - used ? -1 : 0;
}

static int add_leaf(key_walk *w, int has_dict)
{
    call_keys *k = w->out;

    if (k->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 8;
        char **keys = realloc(k->key, cap * sizeof *keys);
        unsigned char *kw;

        if (keys == NULL)
            return -1;
        k->key = keys;
        if ((kw = realloc(k->keyword, cap)) == NULL)
            return -1;
        k->keyword = kw;
        w->cap = cap;
    }
    k->key[k->n] = NULL;
    k->keyword[k->n] = (unsigned char)w->keyword;
    if (has_dict && (k->key[k->n] = strdup(w->path)) == NULL)
        return -1;
    k->n++;
    return 0;
}

static int walk_keys(key_walk *w, json_object *node, int depth, int has_dict)
{
    json_object *type, *children, *keys = NULL, *ctx_root = NULL;
    size_t n, mark;
    int rc = 0;

    if (depth > MAX_DEPTH || !json_object_is_type(node, json_type_object) ||
        !json_object_object_get_ex(node, "type", &type) ||
        !json_object_object_get_ex(node, "children_spec", &children) ||
        !json_object_is_type(children, json_type_array))
        return -1;
    if (type == NULL || json_object_is_type(type, json_type_null))
        return add_leaf(w, has_dict);
    n = json_object_array_length(children);
    if (json_object_is_type(type, json_type_string) &&
        is_dict_type(json_object_get_string(type)) &&
        ((ctx_root = dict_keys(node, &keys)) == NULL ||
         json_object_array_length(keys) != n)) {
        json_object_put(ctx_root);
        return -1; /* a dict whose keys do not match its children */
    }
    if (ctx_root == NULL && json_object_is_type(type, json_type_string))
        ctx_root = field_names(node, n, &keys);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (path_push(w, keys ? json_object_array_get_idx(keys, i) : NULL, i,
                      &mark) != 0)
            rc = -1;
        else
            rc = walk_keys(w, json_object_array_get_idx(children, i),
                           depth + 1, has_dict || keys != NULL);
        w->path[mark] = '\0';
    }
    json_object_put(ctx_root);
    return rc;
}

/* Parses [version, root] and returns root (borrowed from *doc). */
static json_object *spec_root(const char *spec_json, json_object **doc)
{
    *doc = json_tokener_parse(spec_json);
    if (*doc == NULL || !json_object_is_type(*doc, json_type_array) ||
        json_object_array_length(*doc) != 2)
        return NULL;
    return json_object_array_get_idx(*doc, 1);
}

/* A leaf is a node whose type is null, whatever children it claims:
 * call_spec_count_leaves() and walk_keys() both read it that way. */
static int is_leaf(json_object *node)
{
    json_object *t;

    return !json_object_object_get_ex(node, "type", &t) || t == NULL ||
           json_object_is_type(t, json_type_null);
}

/* An input spec's root is a 2-tuple: (args tuple, kwargs dict).  Anything
 * else (a leaf root, or args that are not a container) is walked plainly,
 * so that the walk always finds as many leaves as the count does. */
static int walk_inputs(key_walk *w, json_object *root)
{
    json_object *children, *args, *kwargs, *t;
    int rc = 0;

    if (is_leaf(root) ||
        !json_object_object_get_ex(root, "children_spec", &children) ||
        !json_object_is_type(children, json_type_array) ||
        json_object_array_length(children) != 2 ||
        !json_object_object_get_ex(
            kwargs = json_object_array_get_idx(children, 1), "type", &t) ||
        !json_object_is_type(t, json_type_string) ||
        !is_dict_type(json_object_get_string(t)))
        return walk_keys(w, root, 0, 0); /* not (args, kwargs): plain */
    args = json_object_array_get_idx(children, 0);
    if (is_leaf(args))
        return walk_keys(w, root, 0, 0);
    if (!json_object_object_get_ex(args, "children_spec", &children) ||
        !json_object_is_type(children, json_type_array))
        return -1;
    /* Positional arguments: paths start below each argument. */
    for (size_t i = 0; rc == 0 && i < json_object_array_length(children); i++)
        rc = walk_keys(w, json_object_array_get_idx(children, i), 1, 0);
    w->keyword = 1;
    if (rc == 0)
        rc = walk_keys(w, kwargs, 1, 0);
    return rc;
}

static inductor_status decode_keys(const char *spec_json, int inputs,
                                   call_keys *out)
{
    key_walk w;
    json_object *doc = NULL, *root;
    int rc;

    memset(out, 0, sizeof *out);
    if (spec_json == NULL || *spec_json == '\0')
        return inductor__fail(INDUCTOR_ERR_UNSUPPORTED,
                              "the model has no call spec");
    memset(&w, 0, sizeof w);
    w.out = out;
    root = spec_root(spec_json, &doc);
    rc = root == NULL ? -1 : inputs ? walk_inputs(&w, root)
                                    : walk_keys(&w, root, 0, 0);
    json_object_put(doc);
    if (rc != 0) {
        call_keys_free(out);
        return inductor__fail(INDUCTOR_ERR_BAD_PACKAGE,
                              "the model's %s spec is not a valid pytree spec",
                              inputs ? "input" : "output");
    }
    return INDUCTOR_OK;
}

inductor_status call_spec_input_keys(const char *spec_json, call_keys *out)
{
    return decode_keys(spec_json, 1, out);
}

inductor_status call_spec_output_keys(const char *spec_json, call_keys *out)
{
    return decode_keys(spec_json, 0, out);
}
