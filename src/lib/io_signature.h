/*
 * io_signature.h - what the library itself takes from a public
 * inductor_signature (io_signature.c).  Internal.
 */
#ifndef INDUCTOR_IO_SIGNATURE_H
#define INDUCTOR_IO_SIGNATURE_H

#include "signature.h"

/* The input checks that the signature's wrapper-derived inputs allow
 * (dtype, rank, static sizes, dynamic bounds, shared symbols), for a
 * package without inductor's recorded inputs; empty when the recorded
 * inputs exist (they are checked instead) or nothing is known.  What the
 * wrapper left unknown is not checked.  Caller frees with
 * signature_free(); fails only with INDUCTOR_ERR_OUT_OF_MEMORY. */
inductor_status io_signature_input_checks(const inductor_signature *s,
                                          recorded_inputs *out);

#endif /* INDUCTOR_IO_SIGNATURE_H */
