/*
 * test_wrapper_signature.c - reading a model's signature from the wrapper
 * source AOTInductor generates: excerpts of a real one (torch 2.13,
 * python/scripts/generate_plain_export.py --model plain_output), variants
 * that state less or contradict themselves, truncated and hostile text;
 * and the call spec's dataclass-like field names.
 */
#include <stdlib.h>
#include <string.h>

#include "call_spec.h"
#include "tap.h"
#include "wrapper_signature.h"

/* Trimmed from a real wrapper: constructor, both check functions (stride
 * and device checks left out), run_impl's assertions and allocations. */
static const char REAL[] =
    "    : AOTInductorModelBase(2,\n"
    "                           2,\n"
    "                           1,\n"
    "                           device_str,\n"
    "                           std::move(cubin_dir),\n"
    "                           true) {\n"
    "    inputs_info_[0].name = \"arg1_1\";\n"
    "}\n"
    "AOTI_NOINLINE static void check_input_0(\n"
    "    AtenTensorHandle* input_handles\n"
    ") {\n"
    "    ConstantHandle arg1_1 = ConstantHandle(input_handles[0]);\n"
    "    int32_t arg1_1_expected_dtype = aoti_torch_dtype_int64();\n"
    "    if (arg1_1_expected_dtype != arg1_1_dtype) {\n"
    "    }\n"
    "    auto arg1_1_size = arg1_1.sizes();\n"
    "    if (arg1_1_size[0] < 2) {\n"
    "        throw std::runtime_error(std::move(ss).str());\n"
    "    }\n"
    "    if (arg1_1_size[0] > 16) {\n"
    "    }\n"
    "    if (6 != arg1_1_size[1]) {\n"
    "    }\n"
    "    if (1 != arg1_1_stride[1]) {\n"
    "    }\n"
    "}\n"
    "\n"
    "AOTI_NOINLINE static void check_input_1(\n"
    "    AtenTensorHandle* input_handles\n"
    ") {\n"
    "    ConstantHandle arg2_1 = ConstantHandle(input_handles[1]);\n"
    "    int32_t arg2_1_expected_dtype = aoti_torch_dtype_bool();\n"
    "    if (arg2_1_size[0] < 3) {\n"
    "    }\n"
    "    if (6 != arg2_1_size[1]) {\n"
    "    }\n"
    "}\n"
    "\n"
    "static bool _check_aoti_runtime_check_inputs_env() {\n"
    "}\n"
    "void AOTInductorModel::run_impl(\n"
    "    if (_check_aoti_runtime_check_inputs_env()) { assert_size_stride(arg1_1, {s43, 6L}, {6L, 1L}, \"input\"); }\n"
    "    if (_check_aoti_runtime_check_inputs_env()) { assert_size_stride(arg2_1, {s43, 6L}, {6L, 1L}, \"input\"); }\n"
    "    const int64_t int_array_0[] = {s43, 6L, 4L};\n"
    "    static constexpr int64_t int_array_1[] = {24L, 4L, 1L};\n"
    "    AtenTensorHandle buf0_handle;\n"
    "    AOTI_TORCH_ERROR_CODE_CHECK(aoti_torch_empty_strided(3, int_array_0, int_array_1, cached_torch_dtype_float32, cached_torch_device_type_cpu, this->device_idx_, &buf0_handle));\n"
    "    const int64_t int_array_2[] = {s43, 4L};\n"
    "    static constexpr int64_t int_array_3[] = {4L, 1L};\n"
    "    AtenTensorHandle buf1_handle;\n"
    "    AOTI_TORCH_ERROR_CODE_CHECK(aoti_torch_empty_strided(2, int_array_2, int_array_3, cached_torch_dtype_bfloat16, cached_torch_device_type_cpu, this->device_idx_, &buf1_handle));\n"
    "    output_handles[0] = buf0.release();\n"
    "    output_handles[1] = buf1.release();\n"
    "} // AOTInductorModel::run_impl\n";

static void parse(const char *text, wrapper_sig *w)
{
    if (wrapper_signature_parse(text, w) != INDUCTOR_OK)
        memset(w, 0, sizeof *w);
}

/* A copy of REAL with `from` replaced by `to` (first occurrence). */
static char *variant(const char *from, const char *to)
{
    const char *at = strstr(REAL, from);
    size_t pre, n = strlen(REAL) - strlen(from) + strlen(to) + 1;
    char *s = malloc(n);

    if (at == NULL || s == NULL)
        abort();
    pre = (size_t)(at - REAL);
    memcpy(s, REAL, pre);
    strcpy(s + pre, to);
    strcat(s, at + strlen(from));
    return s;
}

static void test_real_inputs(void)
{
    wrapper_sig w;
    const wrapper_tensor *a, *b;

    parse(REAL, &w);
    is_int((int)w.n_in, 2, "the constructor states 2 inputs");
    is_int((int)w.n_out, 2, "and 2 outputs");
    if (w.n_in != 2 || w.n_out != 2) {
        wrapper_signature_free(&w);
        return;
    }
    a = &w.in[0];
    b = &w.in[1];
    ok(a->dtype == INDUCTOR_INT64 && b->dtype == INDUCTOR_BOOL,
       "input dtypes from aoti_torch_dtype_*()");
    ok(a->have_shape && a->ndim == 2 && a->sizes[0] == -1 && a->sizes[1] == 6,
       "input 0's shape [?, 6] from assert_size_stride and the checks");
    is_str(a->symbol[0], "s43", "the dynamic dimension's symbol");
    ok(a->min[0] == 1 && a->max[0] == 16,
       "a compiled lower bound of 2 accepts 1 (0/1 specialization); max 16");
    ok(a->min[1] == 6 && a->max[1] == 6, "a static dimension's range is its size");
    ok(b->min[0] == 3 && b->max[0] == SIGNATURE_UNBOUNDED,
       "a lower bound above 2 is kept; no upper check means unbounded");
    ok(w.out[0].dtype == INDUCTOR_FLOAT32 && w.out[0].have_shape &&
       w.out[0].ndim == 3 && w.out[0].sizes[0] == -1 && w.out[0].sizes[2] == 4,
       "output 0: float32 [?, 6, 4] from its allocation");
    ok(w.out[1].dtype == INDUCTOR_BFLOAT16 && w.out[1].ndim == 2,
       "output 1: bfloat16 [?, 4]");
    wrapper_signature_free(&w);
}

static void test_variants(void)
{
    wrapper_sig w;
    char *s;

    s = variant("assert_size_stride(arg1_1, {s43, 6L}", "assert_size_stride(arg1_1, {s43, 7L}");
    parse(s, &w);
    ok(w.n_in == 2 && !w.in[0].have_shape && w.in[0].dtype == INDUCTOR_INT64,
       "an assertion that contradicts a check leaves the shape unknown, the dtype known");
    wrapper_signature_free(&w);
    free(s);

    s = variant("assert_size_stride(arg1_1,", "assert_size_strid(arg1_1,");
    parse(s, &w);
    ok(w.n_in == 2 && w.in[0].have_shape && w.in[0].ndim == 2 &&
       w.in[0].sizes[0] == -1 && w.in[0].sizes[1] == 6 && w.in[0].max[0] == 16,
       "without the assertion the checks give rank and sizes");
    wrapper_signature_free(&w);
    free(s);

    s = variant("if (arg1_1_size[0] > 16)", "if (arg1_1_size[0] > 0)");
    parse(s, &w);
    ok(w.n_in == 2 && w.in[0].min[0] == 0 && w.in[0].max[0] == SIGNATURE_UNBOUNDED,
       "bounds that exclude every size are dropped, not enforced");
    wrapper_signature_free(&w);
    free(s);

    s = variant("aoti_torch_dtype_int64()", "aoti_torch_dtype_complex64()");
    parse(s, &w);
    ok(w.n_in == 2 && w.in[0].dtype == INDUCTOR_DTYPE_INVALID && w.in[0].have_shape,
       "a dtype inductor lacks is unknown, the shape still read");
    wrapper_signature_free(&w);
    free(s);

    s = variant("output_handles[1] = buf1.release();",
                "output_handles[1] = wrap_with_raii_handle_if_needed(x);");
    parse(s, &w);
    ok(w.n_out == 2 && w.out[1].dtype == INDUCTOR_DTYPE_INVALID &&
       !w.out[1].have_shape && w.out[0].dtype == INDUCTOR_FLOAT32,
       "an output that is not a fresh buffer is unknown");
    wrapper_signature_free(&w);
    free(s);

    s = variant("if (6 != arg1_1_size[1])", "if (6 != arg1_1_size[99])");
    parse(s, &w);
    ok(w.n_in == 2 && w.in[0].have_shape && w.in[0].ndim == 2,
       "a check on a dimension beyond the maximum rank is ignored");
    wrapper_signature_free(&w);
    free(s);

    s = variant("AOTInductorModelBase(2,", "AOTInductorModelBase(99999999,");
    parse(s, &w);
    ok(w.n_in == 0 && w.n_out == 0 && w.in == NULL, "an absurd input count: nothing known");
    wrapper_signature_free(&w);
    free(s);

    s = variant("{s43, 6L, 4L}", "{s43, 6L, 4L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L}");
    parse(s, &w);
    ok(w.n_out == 2 && !w.out[0].have_shape, "a size list longer than the maximum rank is unknown");
    wrapper_signature_free(&w);
    free(s);
}

/* As plain_dict's wrapper has them: a buffer reused under a new name, and
 * one that an extern kernel (sort) made, known only by its assertion. */
static void test_reuse_and_extern(void)
{
    static const char text[] =
        ": AOTInductorModelBase(1, 2, 1, device_str) {\n"
        "    const int64_t int_array_2[] = {s77, 3L};\n"
        "    AOTI_TORCH_ERROR_CODE_CHECK(aoti_torch_empty_strided(2, int_array_2, int_array_3, cached_torch_dtype_float32, cached_torch_device_type_cpu, this->device_idx_, &buf1_handle));\n"
        "    auto buf2 = std::move(buf1);  // reuse\n"
        "    AOTI_TORCH_ERROR_CODE_CHECK(aoti_torch_cpu_sort_stable(buf2, &var_0, 1L, 0, &buf4_handle, &buf5_handle));\n"
        "    if (_check_aoti_runtime_check_inputs_env()) { assert_size_stride(buf5, {s77, 3L}, {3L, 1L}, \"torch.ops.aten.sort.default\"); }\n"
        "    output_handles[0] = buf2.release();\n"
        "    output_handles[1] = buf5.release();\n";
    static const char loop[] =
        ": AOTInductorModelBase(0, 1, 0, device_str) {\n"
        "    auto buf1 = std::move(buf2);\n"
        "    auto buf2 = std::move(buf1);\n"
        "    output_handles[0] = buf1.release();\n";
    wrapper_sig w;

    parse(text, &w);
    ok(w.n_out == 2 && w.out[0].dtype == INDUCTOR_FLOAT32 && w.out[0].have_shape &&
       w.out[0].ndim == 2 && w.out[0].sizes[0] == -1 && w.out[0].sizes[1] == 3,
       "a reused buffer is followed back to its allocation");
    ok(w.n_out == 2 && w.out[1].dtype == INDUCTOR_DTYPE_INVALID &&
       w.out[1].have_shape && w.out[1].ndim == 2 && w.out[1].sizes[1] == 3,
       "an extern kernel's output: shape from its assertion, dtype unknown");
    wrapper_signature_free(&w);
    parse(loop, &w);
    ok(w.n_out == 1 && w.out[0].dtype == INDUCTOR_DTYPE_INVALID &&
       !w.out[0].have_shape, "a reuse cycle ends, knowing nothing");
    wrapper_signature_free(&w);
}

/* As a transformers BertModel's wrapper has it: last_hidden_state is a
 * view (reinterpret_tensor) of a buffer allocated with another shape. */
static void test_view(void)
{
    static const char text[] =
        ": AOTInductorModelBase(2, 1, 25, device_str) {\n"
        "    const int64_t int_array_0[] = {s43, 8L, 32L};\n"
        "    const int64_t int_array_7[] = {8L*s43, 32L};\n"
        "    AOTI_TORCH_ERROR_CODE_CHECK(aoti_torch_empty_strided(2, int_array_7, int_array_8, cached_torch_dtype_float32, cached_torch_device_type_cpu, this->device_idx_, &buf19_handle));\n"
        "    auto buf23 = wrap_with_raii_handle_if_needed(reinterpret_tensor_wrapper(buf19, 3, int_array_0, int_array_1, 0L)); buf19.reset();  // reuse\n"
        "    output_handles[0] = buf23.release();\n";

    static const char pool[] =
        ": AOTInductorModelBase(0, 1, 0, device_str) {\n"
        "    static constexpr int64_t int_array_0[] = {16L, 4L};\n"
        "    AOTI_TORCH_ERROR_CODE_CHECK(aoti_torch__alloc_from_pool(pool1, 0, cached_torch_dtype_float16, 2, int_array_0, int_array_1, &buf0_handle));\n"
        "    output_handles[0] = buf0.release();\n";
    static const char one[] =
        ": AOTInductorModelBase(0, 1, 0, device_str) {\n"
        "    static constexpr int64_t int_array_0[] = {4L, };\n"
        "    AOTI_TORCH_ERROR_CODE_CHECK(aoti_torch_empty_strided(1, int_array_0, int_array_1, cached_torch_dtype_float32, c, d, &buf0_handle));\n"
        "    output_handles[0] = buf0.release();\n";
    wrapper_sig w;

    parse(pool, &w);
    ok(w.n_out == 1 && w.out[0].dtype == INDUCTOR_FLOAT16 && w.out[0].have_shape &&
       w.out[0].ndim == 2 && w.out[0].sizes[0] == 16 && w.out[0].sizes[1] == 4,
       "a buffer from the memory-planning pool: dtype and shape");
    wrapper_signature_free(&w);
    parse(one, &w);
    ok(w.n_out == 1 && w.out[0].have_shape && w.out[0].ndim == 1 &&
       w.out[0].sizes[0] == 4, "a one-entry size list \"{4L, }\" is rank 1");
    wrapper_signature_free(&w);
    parse(text, &w);
    ok(w.n_out == 1 && w.out[0].dtype == INDUCTOR_FLOAT32 && w.out[0].have_shape &&
       w.out[0].ndim == 3 && w.out[0].sizes[0] == -1 && w.out[0].sizes[2] == 32,
       "a view: its own shape, the dtype of the buffer it views");
    if (w.n_out == 1)
        is_str(w.out[0].symbol[0], "s43", "the view's dynamic size keeps its symbol");
    wrapper_signature_free(&w);
}

/* The most outputs a source may state, each behind the most reuses that
 * are followed: all known (the reader indexes the source once rather than
 * searching it per output and hop, which would take minutes here). */
static void test_many_outputs(void)
{
    enum { N = WRAPPER_MAX_TENSORS, HOPS = 15 };
    size_t cap = (size_t)N * (HOPS + 3) * 200, used = 0, known = 0;
    char *text = malloc(cap);
    wrapper_sig w;

    if (text == NULL)
        abort();
    used += (size_t)snprintf(text + used, cap - used,
                             ": AOTInductorModelBase(0, %d, 0, d) {\n", N);
    for (int i = 0; i < N; i++) {
        used += (size_t)snprintf(text + used, cap - used,
            "    const int64_t int_array_%d[] = {s1, 3L};\n"
            "    AOTI_TORCH_ERROR_CODE_CHECK(aoti_torch_empty_strided(2, int_array_%d, "
            "s, cached_torch_dtype_int32, c, d, &b%d_0_handle));\n", i, i, i);
        for (int h = 1; h <= HOPS; h++)
            used += (size_t)snprintf(text + used, cap - used,
                                     "    auto b%d_%d = std::move(b%d_%d);\n",
                                     i, h, i, h - 1);
    }
    for (int i = 0; i < N; i++)
        used += (size_t)snprintf(text + used, cap - used,
                                 "    output_handles[%d] = b%d_%d.release();\n",
                                 i, i, HOPS);
    parse(text, &w);
    for (size_t i = 0; i < w.n_out; i++)
        known += w.out[i].dtype == INDUCTOR_INT32 && w.out[i].have_shape &&
                 w.out[i].ndim == 2;
    ok(w.n_out == N && known == N, "%d outputs behind %d reuses each: all known",
       N, HOPS);
    wrapper_signature_free(&w);
    free(text);
}

static void test_absent_and_truncated(void)
{
    wrapper_sig w;
    char *buf = malloc(sizeof REAL);
    int bounded = 1;

    parse("int main() { return 0; }", &w);
    ok(w.n_in == 0 && w.n_out == 0, "a source without the patterns states nothing");
    wrapper_signature_free(&w);
    parse("", &w);
    ok(w.n_in == 0, "an empty source states nothing");
    wrapper_signature_free(&w);
    /* Every prefix: what is cut off is unknown, never read past. */
    for (size_t n = 0; n < sizeof REAL; n++) {
        memcpy(buf, REAL, n);
        buf[n] = '\0';
        parse(buf, &w);
        for (size_t i = 0; i < w.n_in; i++)
            bounded &= w.in[i].ndim <= INDUCTOR_MAX_DIMS &&
                       (w.in[i].have_shape || w.in[i].ndim == 0);
        wrapper_signature_free(&w);
    }
    ok(bounded, "every truncation of the source parses within bounds");
    free(buf);
}

static void test_field_names(void)
{
    call_keys k;
    const char *model_output =
        "[1, {\"type\": \"transformers.modeling_outputs.BaseModelOutput\", "
        "\"context\": \"[\\\"last_hidden_state\\\", \\\"pooler_output\\\"]\", "
        "\"children_spec\": [{\"type\": null, \"context\": null, \"children_spec\": []}, "
        "{\"type\": null, \"context\": null, \"children_spec\": []}]}]";
    const char *namedtuple =
        "[1, {\"type\": \"collections.namedtuple\", \"context\": \"\\\"torch.return_types.topk\\\"\", "
        "\"children_spec\": [{\"type\": null, \"context\": null, \"children_spec\": []}]}]";
    const char *numbers =
        "[1, {\"type\": \"x.Y\", \"context\": \"[1]\", "
        "\"children_spec\": [{\"type\": null, \"context\": null, \"children_spec\": []}]}]";

    ok(call_spec_output_keys(model_output, &k) == INDUCTOR_OK && k.n == 2 &&
       k.key[0] && strcmp(k.key[0], "last_hidden_state") == 0 && k.key[1] &&
       strcmp(k.key[1], "pooler_output") == 0,
       "a ModelOutput-like node's field names are its outputs' keys");
    call_keys_free(&k);
    ok(call_spec_output_keys(namedtuple, &k) == INDUCTOR_OK && k.n == 1 &&
       k.key[0] == NULL, "a namedtuple's type name is not a field list");
    call_keys_free(&k);
    ok(call_spec_output_keys(numbers, &k) == INDUCTOR_OK && k.n == 1 &&
       k.key[0] == NULL, "a context list of non-strings names nothing");
    call_keys_free(&k);
}

int main(void)
{
    test_real_inputs();
    test_variants();
    test_reuse_and_extern();
    test_view();
    test_many_outputs();
    test_absent_and_truncated();
    test_field_names();
    return done_testing();
}
