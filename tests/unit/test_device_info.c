/*
 * test_device_info.c - inductor_device_info() and
 * inductor_model_peak_device_memory(), through libinductor.
 *
 * In `make check` it checks the CPU answers and every error path; the CPU
 * model is the two_input fixture ($INDUCTOR_TEST_PT2).  check_gpu.sh runs
 * it again with INDUCTOR_GPU_PT2 (a CUDA package) and INDUCTOR_GPU_DEVICE
 * (cuda:N) to check the answers of a real GPU.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inductor.h"
#include "tap.h"

/* The host's memory as the kernel reports it, independently of sysconf. */
static size_t meminfo_total(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    unsigned long long kb = 0;
    char line[256];

    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemTotal: %llu kB", &kb) == 1)
            break;
    fclose(f);
    return (size_t)kb * 1024;
}

static int all_zero(const void *p, size_t n)
{
    const unsigned char *c = p;

    for (size_t i = 0; i < n; i++)
        if (c[i])
            return 0;
    return 1;
}

/* Everything after struct_size is zero. */
static int cleared(const inductor_device_properties *p)
{
    return all_zero((const char *)p + sizeof p->struct_size,
                    sizeof *p - sizeof p->struct_size);
}

static void test_cpu_properties(void)
{
    inductor_device_properties p = INDUCTOR_DEVICE_PROPERTIES_INIT;
    size_t want = meminfo_total();
    size_t diff;

    is_int(inductor_device_info("cpu", &p), INDUCTOR_OK, "cpu: info succeeds");
    is_str(p.name, "cpu", "cpu: the name is cpu");
    ok(p.capability_major == 0 && p.capability_minor == 0 && p.arch[0] == '\0',
       "cpu: no compute capability and no arch");
    diff = p.total_memory > want ? p.total_memory - want : want - p.total_memory;
    ok(want > 0 && diff < 64 * 1024,
       "cpu: total memory %zu is the host's MemTotal %zu", p.total_memory, want);
}

static void test_bad_arguments(void)
{
    inductor_device_properties p, small;

    is_int(inductor_device_info("cpu", NULL), INDUCTOR_ERR_INVALID_ARGUMENT,
           "NULL out is an invalid argument");
    memset(&small, 'x', sizeof small);
    small.struct_size = sizeof small - 1;
    is_int(inductor_device_info("cpu", &small), INDUCTOR_ERR_INVALID_ARGUMENT,
           "a struct_size smaller than this library's is refused");
    contains_str(inductor_last_error(), "INDUCTOR_DEVICE_PROPERTIES_INIT",
                 "the message says how to initialise it");
    ok(small.name[0] == 'x' && small.name[255] == 'x',
       "a refused struct is left untouched");

    memset(&p, 'x', sizeof p);
    p.struct_size = sizeof p;
    is_int(inductor_device_info("tpu", &p), INDUCTOR_ERR_BAD_DEVICE,
           "an unknown device is a bad device");
    contains_str(inductor_last_error(), "unknown device 'tpu'",
                 "the message names the device");
    ok(cleared(&p) && p.struct_size == sizeof p,
       "a failed call zeroes all but struct_size");
}

static void test_gpu_unavailable(void)
{
    inductor_device_properties p;

    memset(&p, 'x', sizeof p);
    p.struct_size = sizeof p;
    is_int(inductor_device_info("cuda:0", &p), INDUCTOR_ERR_DEVICE_UNAVAILABLE,
           "cuda:0 without a GPU is unavailable");
    contains_str(inductor_last_error(), "no CUDA device",
                 "the message says no CUDA device");
    ok(cleared(&p), "and the properties are zeroed");
}

/* A GPU is there: its answers must look like one's. */
static void test_gpu_properties(const char *device)
{
    inductor_device_properties p = INDUCTOR_DEVICE_PROPERTIES_INIT;
    int arch_ok;

    is_int(inductor_device_info(device, &p), INDUCTOR_OK, "%s: info succeeds",
           device);
    ok(p.name[0] != '\0' && strcmp(p.name, "cpu") != 0, "%s: named '%s'",
       device, p.name);
    if (strcmp(inductor_backend(), "rocm") == 0)
        arch_ok = strncmp(p.arch, "gfx", 3) == 0;
    else {
        char want[32];
        snprintf(want, sizeof want, "sm_%d%d", p.capability_major,
                 p.capability_minor);
        arch_ok = strcmp(p.arch, want) == 0;
    }
    ok(p.capability_major > 0 && arch_ok, "%s: capability %d.%d, arch %s",
       device, p.capability_major, p.capability_minor, p.arch);
    ok(p.total_memory >= (size_t)1 << 30, "%s: at least 1 GiB of memory (%zu)",
       device, p.total_memory);
}

static void test_peak_errors(const char *cpu_pt2)
{
    inductor_model *m = NULL;
    size_t bytes = 12345;

    is_int(inductor_model_peak_device_memory(NULL, &bytes),
           INDUCTOR_ERR_INVALID_ARGUMENT, "peak memory of a NULL model is refused");
    ok(bytes == 0, "and *bytes is 0");
    if (inductor_model_open(cpu_pt2, "cpu", NULL, &m) != INDUCTOR_OK)
        bail_out("cannot open %s: %s", cpu_pt2, inductor_last_error());
    is_int(inductor_model_peak_device_memory(m, NULL),
           INDUCTOR_ERR_INVALID_ARGUMENT, "a NULL bytes pointer is refused");
    bytes = 12345;
    is_int(inductor_model_peak_device_memory(m, &bytes), INDUCTOR_ERR_UNSUPPORTED,
           "a cpu model has no peak device memory");
    contains_str(inductor_last_error(), "cpu", "the message says why: %s",
                 inductor_last_error());
    ok(bytes == 0, "and *bytes is 0");
    inductor_model_close(m);
}

/* Runs the model once on zero inputs, with a batch of 8192 where the batch
 * is dynamic, so the inputs alone are megabytes; returns their bytes. */
static size_t run_once(inductor_model *m)
{
    size_t n_in = inductor_model_num_inputs(m), n_out = inductor_model_num_outputs(m);
    inductor_tensor *in[8] = {NULL}, *out[8] = {NULL};
    size_t in_bytes = 0;
    inductor_status s;

    if (n_in > 8 || n_out > 8)
        bail_out("the GPU test model has %zu inputs, %zu outputs", n_in, n_out);
    for (size_t i = 0; i < n_in; i++) {
        inductor_input_info info;
        int64_t sizes[INDUCTOR_MAX_DIMS];

        if (inductor_model_input_info(m, i, &info) != INDUCTOR_OK)
            bail_out("input %zu: %s", i, inductor_last_error());
        for (size_t d = 0; d < info.ndim; d++)
            sizes[d] = info.sizes[d] < 0 ? 8192 : info.sizes[d];
        if (inductor_tensor_zeros(info.dtype, sizes, info.ndim, &in[i]) != INDUCTOR_OK)
            bail_out("input %zu: %s", i, inductor_last_error());
        in_bytes += inductor_tensor_nbytes(in[i]);
    }
    s = inductor_model_run(m, in, n_in, out, n_out);
    is_int(s, INDUCTOR_OK, "the model runs on the GPU %s", inductor_last_error());
    for (size_t i = 0; i < n_in; i++)
        inductor_tensor_free(in[i]);
    for (size_t i = 0; i < n_out; i++)
        inductor_tensor_free(out[i]);
    return in_bytes;
}

/* The peak comes from the caching allocator, is reset when a model is
 * opened on the device, and covers what a run puts there. */
static void test_gpu_peak(const char *pt2, const char *device)
{
    inductor_model *m1 = NULL, *m2 = NULL;
    size_t opened = 0, ran = 0, reopened = 0, in_bytes;

    if (inductor_model_open(pt2, device, NULL, &m1) != INDUCTOR_OK)
        bail_out("cannot open %s on %s: %s", pt2, device, inductor_last_error());
    is_int(inductor_model_peak_device_memory(m1, &opened), INDUCTOR_OK,
           "peak memory after opening: %zu bytes", opened);
    in_bytes = run_once(m1);
    is_int(inductor_model_peak_device_memory(m1, &ran), INDUCTOR_OK,
           "peak memory after a run: %zu bytes", ran);
    ok(ran >= opened + in_bytes,
       "the run's inputs (%zu bytes on the device) are in the peak", in_bytes);
    /* Device-wide figures (cudaMemGetInfo) would include the CUDA context,
     * hundreds of MiB; the allocator's count for this small model cannot. */
    ok(ran < (size_t)256 << 20, "the peak is this process's tensors, not the "
       "device's used memory (%zu < 256 MiB)", ran);
    if (inductor_model_open(pt2, device, NULL, &m2) != INDUCTOR_OK)
        bail_out("cannot open %s again: %s", pt2, inductor_last_error());
    is_int(inductor_model_peak_device_memory(m1, &reopened), INDUCTOR_OK,
           "peak memory after opening a second model: %zu bytes", reopened);
    ok(reopened + in_bytes <= ran,
       "opening a model resets the device's peak (the run's buffers are freed)");
    inductor_model_close(m2);
    inductor_model_close(m1);
}

int main(void)
{
    const char *cpu_pt2 = getenv("INDUCTOR_TEST_PT2");
    const char *gpu_pt2 = getenv("INDUCTOR_GPU_PT2");
    const char *gpu_dev = getenv("INDUCTOR_GPU_DEVICE");
    int cpu_build = strcmp(inductor_backend(), "cpu") == 0;

    test_cpu_properties();
    test_bad_arguments();
    if (gpu_pt2 != NULL) {
        /* check_gpu.sh: a GPU is promised. */
        test_gpu_properties(gpu_dev ? gpu_dev : "cuda:0");
        test_gpu_peak(gpu_pt2, gpu_dev ? gpu_dev : "cuda:0");
        return done_testing();
    }
    if (cpu_build || getenv("INDUCTOR_EXPECT_NO_GPU"))
        test_gpu_unavailable();
    else if (inductor_device_check("cuda:0") == INDUCTOR_OK)
        test_gpu_properties("cuda:0");
    else
        skip(3, "a %s build on a host whose GPU state is not known "
                "(set INDUCTOR_EXPECT_NO_GPU=1 on a host without one)",
             inductor_backend());
    if (cpu_pt2 == NULL)
        bail_out("INDUCTOR_TEST_PT2 is not set (run through make check)");
    test_peak_errors(cpu_pt2);
    return done_testing();
}
