/*
 * selftest_ops.h - the operations of the device self-test, in order.  The
 * core names them (so listing them loads no backend); a backend module
 * runs them by index.  Part of the backend ABI: append only.
 */
#ifndef INDUCTOR_SELFTEST_OPS_H
#define INDUCTOR_SELFTEST_OPS_H

enum selftest_op { OP_ADD, OP_MUL, OP_MATMUL, OP_SUM, OP_SOFTMAX, OP_COUNT };

#define SELFTEST_OP_NAMES {"add", "mul", "matmul", "sum", "softmax"}

#endif /* INDUCTOR_SELFTEST_OPS_H */
