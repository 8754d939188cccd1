/*
 * test_compat.c - the compatibility verdict with made-up hosts and builds,
 * and the decoding that package inspection rests on: pytree keys, the
 * wrapper source's call specs and constants table.
 */
#include <stdlib.h>
#include <string.h>

#include "call_spec.h"
#include "compat.h"
#include "inspect.h"
#include "tap.h"

#define X86_AVX2 "fpu sse2 avx avx2 fma f16c"
#define X86_AVX512 X86_AVX2 " avx512f avx512dq avx512vl avx512bw avx512_vnni"

static const compat_host avx2_host = {"linux", "x86_64", X86_AVX2};
static const compat_host avx512_host = {"linux", "x86_64", X86_AVX512};

static void verdict(const compat_package *pkg, const compat_host *host,
                    const char *backend, const char *dev, const char *want,
                    const char *name)
{
    char why[512];
    int rc = compat_verdict(pkg, host, backend, dev, why, sizeof why);

    if (want == NULL)
        ok(rc == 0 && why[0] == '\0', "%s: compatible", name);
    else if (!ok(rc == -1 && strstr(why, want) != NULL, "%s: %s", name, want))
        diag("rc %d, why: %s", rc, why);
}

static void test_verdicts(void)
{
    compat_package cpu512 = {"cpu", "linux", "x86_64", "AVX512 AVX512_VNNI", 0, 0};
    compat_package cuda = {"cuda", "linux", "x86_64", "AVX512", 3, 0};
    compat_package rocm = {"cuda", "linux", "x86_64", "", 0, 2};
    compat_package arm = {"cpu", "linux", "aarch64", "ASIMD", 0, 0};
    compat_package bare = {NULL, NULL, NULL, NULL, 0, 0};
    compat_host no_flags = {"linux", "x86_64", NULL};
    compat_host mac = {"darwin", "arm64", "asimd"};

    verdict(&cpu512, &avx512_host, "cpu", NULL, NULL, "AVX-512 package on an AVX-512 host");
    verdict(&cpu512, &avx2_host, "cpu", NULL,
            "compiled for CPU ISA AVX512 AVX512_VNNI, but this CPU lacks avx512f",
            "AVX-512 package on an AVX2-only host");
    verdict(&cpu512, &no_flags, "cpu", NULL, NULL,
            "unknown host flags: the ISA is not checked");
    verdict(&cuda, &avx2_host, "cpu", NULL,
            "compiled for cuda, but this inductor is built for cpu only",
            "CUDA package on a CPU build (its ISA is not the point)");
    verdict(&cuda, &avx2_host, "cuda", "cpu", "compiled for cuda, not cpu",
            "CUDA package asked for on cpu");
    verdict(&cuda, &avx2_host, "cuda", NULL, NULL, "CUDA package on a CUDA build");
    verdict(&cuda, &avx2_host, "rocm", NULL, "3 CUDA (cubin) kernels",
            "CUDA kernels on a ROCm build");
    verdict(&rocm, &avx2_host, "cuda", NULL, "2 ROCm (hsaco) kernels",
            "ROCm kernels on a CUDA build");
    verdict(&arm, &avx512_host, "cpu", NULL,
            "compiled for linux aarch64, this host is linux x86_64",
            "an aarch64 package on x86_64");
    verdict(&arm, &mac, "cpu", NULL, "compiled for linux aarch64, this host is darwin arm64",
            "a Linux package on macOS (arm64 and aarch64 are one machine)");
    verdict(&bare, &avx2_host, "cpu", NULL, NULL, "a package that records nothing");
}

static void test_isa(void)
{
    char buf[128];

    compat_isa_levels(X86_AVX512, buf, sizeof buf);
    is_str(buf, "AVX2 AVX512 AVX512_VNNI", "an AVX-512 VNNI host's ISA levels");
    compat_isa_levels("fp asimd evtstrm", buf, sizeof buf);
    is_str(buf, "ASIMD", "an Arm host's ISA levels (NEON is the same level)");
    ok(compat_isa_missing_flag("amx_tile", X86_AVX512) != NULL &&
           strcmp(compat_isa_missing_flag("amx_tile", X86_AVX512), "amx_tile") == 0,
       "AMX_TILE needs amx_tile (case does not matter)");
    ok(compat_isa_missing_flag("VSX", "") == NULL, "unknown levels are not checked");
    ok(compat_this_host()->system != NULL, "this host's system is detected");
}

static void test_keys(void)
{
    const char *in =
        "[1, {\"type\": \"builtins.tuple\", \"context\": \"null\", \"children_spec\": ["
        "{\"type\": \"builtins.tuple\", \"context\": \"null\", \"children_spec\": ["
        "{\"type\": null, \"context\": null, \"children_spec\": []}]},"
        "{\"type\": \"builtins.dict\", \"context\": \"[\\\"scale\\\", \\\"opts\\\"]\", \"children_spec\": ["
        "{\"type\": null, \"context\": null, \"children_spec\": []},"
        "{\"type\": \"builtins.dict\", \"context\": \"[\\\"bias\\\"]\", \"children_spec\": ["
        "{\"type\": null, \"context\": null, \"children_spec\": []}]}]}]}]";
    const char *out =
        "[1, {\"type\": \"builtins.tuple\", \"context\": \"null\", \"children_spec\": ["
        "{\"type\": null, \"context\": null, \"children_spec\": []},"
        "{\"type\": \"collections.OrderedDict\", \"context\": \"[\\\"scores\\\", 7]\", \"children_spec\": ["
        "{\"type\": null, \"context\": null, \"children_spec\": []},"
        "{\"type\": null, \"context\": null, \"children_spec\": []}]}]}]";
    const char *bad = "[1, {\"type\": \"builtins.dict\", \"context\": \"[\\\"a\\\"]\", "
                      "\"children_spec\": []}]";
    call_keys k;

    ok(call_spec_input_keys(in, &k) == INDUCTOR_OK && k.n == 3 && k.key[0] == NULL &&
           !k.keyword[0] && strcmp(k.key[1], "scale") == 0 && k.keyword[1] &&
           strcmp(k.key[2], "opts.bias") == 0 && k.keyword[2],
       "input keys: a positional arg, then kwargs scale and opts.bias");
    call_keys_free(&k);
    ok(call_spec_output_keys(out, &k) == INDUCTOR_OK && k.n == 3 && k.key[0] == NULL &&
           strcmp(k.key[1], "1.scores") == 0 && strcmp(k.key[2], "1.7") == 0,
       "output keys: none for a plain tuple leaf, paths under an OrderedDict");
    call_keys_free(&k);
    ok(call_spec_output_keys(bad, &k) == INDUCTOR_ERR_BAD_PACKAGE && k.n == 0,
       "a dict whose keys do not match its children is refused");
    ok(call_spec_output_keys("", &k) == INDUCTOR_ERR_UNSUPPORTED,
       "an empty spec is unsupported");
}

static void test_wrapper(void)
{
    const char *src =
        "void f(const char** in_spec) { *in_spec = container->get_in_spec(); }\n"
        "    in_spec_ = R\"([1, {\"type\": null}])\";\n"
        "    out_spec_ = R\"([1, {\"a)\": 1}])\";\n"
        "    constants_info_[0].name = \"w\";\n"
        "    constants_info_[0].data_size = 1048576;\n"
        "    constants_info_[1].data_size = 2048;\n"
        "    constants_info_[12].data_size = 64;\n";
    char *s = inspect_wrapper_string(src, "in_spec_");
    uint64_t bytes;
    size_t count;

    is_str(s, "[1, {\"type\": null}]", "in_spec_ is the assignment's raw string, not a use");
    free(s);
    s = inspect_wrapper_string(src, "out_spec_");
    is_str(s, "[1, {\"a)\": 1}]", "a ')' inside the JSON does not end the raw string");
    free(s);
    ok(inspect_wrapper_string(src, "spec_") == NULL, "only whole names match");
    inspect_wrapper_weights(src, &bytes, &count);
    ok(bytes == 1048576 + 2048 + 64 && count == 3, "weights sum the constants table");
    ok(inspect_in_model_dir("pkg/data/aotinductor/model/x.so", "model") &&
           !inspect_in_model_dir("pkg/data/aotinductor/model2/x.so", "model") &&
           !inspect_in_model_dir("pkg/data/aotinductor/model/", "model"),
       "entries belong to a model's directory by whole name");
}

int main(void)
{
    test_verdicts();
    test_isa();
    test_keys();
    test_wrapper();
    return done_testing();
}
