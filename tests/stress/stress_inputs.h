/*
 * stress_inputs.h - the inputs the stress and leak tests run through the
 * public API: valid and invalid inputs for the two_input fixture
 * (x float32 [B,4], idx int64 [B,3], B dynamic within the range its
 * package records), each with what the run must give.
 */
#ifndef INDUCTOR_STRESS_INPUTS_H
#define INDUCTOR_STRESS_INPUTS_H

#include <stddef.h>

#include "inductor.h"

#define STRESS_MAX_IN 3
#define STRESS_INVALID 7 /* invalid cases stress_make_cases() adds */
#define STRESS_OUTPUTS 2

typedef struct stress_case {
    char what[96];
    size_t n_in;
    inductor_tensor *in[STRESS_MAX_IN];
    inductor_status want;   /* INDUCTOR_OK, or the error it must give   */
    char want_msg[256];     /* for an error: the exact message           */
    inductor_tensor *ref[STRESS_OUTPUTS]; /* valid: single-threaded result */
} stress_case;

typedef struct stress_set {
    size_t n;
    stress_case *cases;
} stress_set;

/* The package to run: argv[1], else $FIXTURES/two_input.pt2.  Static. */
const char *stress_package(int argc, char **argv);

/* Builds `n_valid` valid cases (batch sizes 1.. and data from a fixed
 * seed) and the invalid ones, whose expected messages use the range the
 * model records for the batch.  -1 if a tensor cannot be made. */
int stress_make_cases(const inductor_model *m, size_t n_valid,
                      stress_set *set);
void stress_free_cases(stress_set *set);

/* Runs case c once.  For a valid case: 0 if the outputs equal c->ref
 * bitwise (or, when c->ref is not yet set, stores them there).  For an
 * invalid one: 0 if the status and this thread's message are c's.  On a
 * difference, -1 and a description in why. */
int stress_run_case(inductor_model *m, stress_case *c, char *why,
                    size_t whylen);

/* Resident set size of this process in bytes (from /proc/self/statm). */
size_t stress_rss_bytes(void);

#endif /* INDUCTOR_STRESS_INPUTS_H */
