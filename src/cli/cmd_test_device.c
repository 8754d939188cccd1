/*
 * cmd_test_device.c - `inductor test-device`: what the device is (name,
 * compute capability, memory), then small tensor operations per dtype on
 * it, each reported.  Unlike the Rust template this descends from, a failed
 * operation makes the exit status non-zero.
 */
#include "config.h"

#include <stdio.h>

#include <json-c/json.h>

#include "cli_common.h"
#include "commands.h"
#include "test_device_cmdline.h"

static const inductor_dtype tested[] = {INDUCTOR_FLOAT32, INDUCTOR_FLOAT16,
                                        INDUCTOR_BFLOAT16};

static json_object *json_result(inductor_dtype dt, const char *op, int ok,
                                double err, const char *why)
{
    json_object *o = json_object_new_object();

    json_object_object_add(o, "dtype", json_object_new_string(inductor_dtype_name(dt)));
    json_object_object_add(o, "op", json_object_new_string(op));
    json_object_object_add(o, "ok", json_object_new_boolean(ok));
    json_object_object_add(o, "max_abs_err", json_object_new_double(err));
    json_object_object_add(o, "error", ok ? NULL : json_object_new_string(why));
    return o;
}

/* What the device is, before the operations run on it.  A GPU has a
 * compute capability (or, on ROCm, a gfx arch); the CPU has neither, and
 * its memory is the host's. */
static void print_properties(const char *device,
                             const inductor_device_properties *p)
{
    int gpu = p->arch[0] != '\0';

    printf("device: %s\nname: %s\n", device, p->name);
    if (gpu)
        printf("compute capability: %d.%d (%s)\n", p->capability_major,
               p->capability_minor, p->arch);
    printf("memory: %.1f GiB%s\n",
           (double)p->total_memory / (1024.0 * 1024.0 * 1024.0),
           gpu ? "" : " (host)");
}

static json_object *json_properties(const char *device,
                                    const inductor_device_properties *p)
{
    json_object *doc = json_object_new_object();
    int gpu = p->arch[0] != '\0';
    char cc[32];

    snprintf(cc, sizeof cc, "%d.%d", p->capability_major, p->capability_minor);
    json_object_object_add(doc, "device", json_object_new_string(device));
    json_object_object_add(doc, "name", json_object_new_string(p->name));
    json_object_object_add(doc, "compute_capability",
                           gpu ? json_object_new_string(cc) : NULL);
    json_object_object_add(doc, "arch",
                           gpu ? json_object_new_string(p->arch) : NULL);
    json_object_object_add(doc, "total_memory_bytes",
                           json_object_new_int64((int64_t)p->total_memory));
    return doc;
}

static int test_device(const struct test_device_args *a)
{
    inductor_device_properties props = INDUCTOR_DEVICE_PROPERTIES_INIT;
    json_object *doc = NULL, *results = NULL;
    size_t passed = 0, failed = 0;

    if (inductor_device_check(a->device_arg) != INDUCTOR_OK)
        return cli_error(EXIT_UNUSABLE, "%s", inductor_last_error());
    /* Asked before anything is printed, so a failure leaves no output. */
    if (inductor_device_info(a->device_arg, &props) != INDUCTOR_OK)
        return cli_error(EXIT_RUN_FAILED, "%s", inductor_last_error());
    if (a->json_flag) {
        doc = json_properties(a->device_arg, &props);
        results = json_object_new_array();
    } else {
        print_properties(a->device_arg, &props);
    }
    for (size_t d = 0; d < sizeof tested / sizeof tested[0]; d++)
        for (size_t op = 0; op < inductor_selftest_num_ops(); op++) {
            double err = 0;
            int ok = inductor_device_selftest(a->device_arg, tested[d], op,
                                              &err) == INDUCTOR_OK;
            const char *name = inductor_selftest_op_name(op);

            ok ? passed++ : failed++;
            if (a->json_flag)
                json_object_array_add(results, json_result(tested[d], name, ok,
                                                           err, inductor_last_error()));
            else
                printf("%-8s %-8s %s  max abs err %.3g%s%s\n",
                       inductor_dtype_name(tested[d]), name, ok ? "ok  " : "FAIL",
                       err, ok ? "" : "  ", ok ? "" : inductor_last_error());
        }
    if (a->json_flag) {
        json_object_object_add(doc, "results", results);
        json_object_object_add(doc, "passed", json_object_new_int64((int64_t)passed));
        json_object_object_add(doc, "failed", json_object_new_int64((int64_t)failed));
        printf("%s\n", json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY));
        json_object_put(doc);
    } else {
        printf("%zu passed, %zu failed\n", passed, failed);
    }
    if (failed > 0)
        return cli_error(EXIT_RUN_FAILED, "%zu of %zu operations failed on %s",
                         failed, passed + failed, a->device_arg);
    return EXIT_OK;
}

int cmd_test_device(int argc, char **argv)
{
    struct test_device_args a;
    int rc;

    if (test_device_cmdline_parser(argc, argv, &a) != 0)
        return cli_usage_error("test-device");
    rc = test_device(&a);
    test_device_cmdline_parser_free(&a);
    return rc;
}
