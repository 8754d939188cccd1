/*
 * test_device_check.c - the public device check, through libinductor.
 */
#include <stdlib.h>
#include <string.h>

#include "inductor.h"
#include "tap.h"

int main(void)
{
    const char *backend = inductor_backend();
    int cpu_build = strcmp(backend, "cpu") == 0;

    plan(9);
    ok(inductor_device_check("cpu") == INDUCTOR_OK, "cpu is always available");
    ok(inductor_device_check("tpu") == INDUCTOR_ERR_BAD_DEVICE,
       "an unknown device type is a bad device");
    ok(strstr(inductor_last_error(), "unknown device 'tpu'") != NULL,
       "the message names the device: %s", inductor_last_error());
    ok(inductor_device_check("cuda:x") == INDUCTOR_ERR_BAD_DEVICE,
       "a non-numeric index is a bad device");
    ok(inductor_device_check("cuda:999") == INDUCTOR_ERR_BAD_DEVICE,
       "an index beyond 127 is a bad device");
    ok(inductor_device_check("") == INDUCTOR_ERR_BAD_DEVICE,
       "an empty name is a bad device");
    ok(inductor_device_check(NULL) == INDUCTOR_ERR_BAD_DEVICE,
       "NULL is a bad device");
    if (cpu_build || getenv("INDUCTOR_EXPECT_NO_GPU")) {
        ok(inductor_device_check("cuda:0") == INDUCTOR_ERR_DEVICE_UNAVAILABLE,
           "cuda:0 is unavailable without a GPU");
        ok(strstr(inductor_last_error(), "no CUDA device") != NULL,
           "the message says no CUDA device: %s", inductor_last_error());
    } else {
        skip(2, "a %s build may see a GPU", backend);
    }
    return done_testing();
}
