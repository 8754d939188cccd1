/*
 * dtype_map.hpp - inductor_dtype <-> c10::ScalarType.  Internal to bridge/.
 */
#ifndef INDUCTOR_BRIDGE_DTYPE_MAP_H
#define INDUCTOR_BRIDGE_DTYPE_MAP_H

#include <optional>

#include <c10/core/ScalarType.h>

#include "inductor.h"

namespace inductor_bridge {

inline std::optional<c10::ScalarType> to_scalar_type(inductor_dtype dt)
{
    switch (dt) {
    case INDUCTOR_FLOAT32: return c10::kFloat;
    case INDUCTOR_FLOAT64: return c10::kDouble;
    case INDUCTOR_FLOAT16: return c10::kHalf;
    case INDUCTOR_BFLOAT16: return c10::kBFloat16;
    case INDUCTOR_INT64: return c10::kLong;
    case INDUCTOR_INT32: return c10::kInt;
    case INDUCTOR_INT16: return c10::kShort;
    case INDUCTOR_INT8: return c10::kChar;
    case INDUCTOR_UINT8: return c10::kByte;
    case INDUCTOR_BOOL: return c10::kBool;
    default: return std::nullopt;
    }
}

inline inductor_dtype from_scalar_type(c10::ScalarType st)
{
    switch (st) {
    case c10::kFloat: return INDUCTOR_FLOAT32;
    case c10::kDouble: return INDUCTOR_FLOAT64;
    case c10::kHalf: return INDUCTOR_FLOAT16;
    case c10::kBFloat16: return INDUCTOR_BFLOAT16;
    case c10::kLong: return INDUCTOR_INT64;
    case c10::kInt: return INDUCTOR_INT32;
    case c10::kShort: return INDUCTOR_INT16;
    case c10::kChar: return INDUCTOR_INT8;
    case c10::kByte: return INDUCTOR_UINT8;
    case c10::kBool: return INDUCTOR_BOOL;
    default: return INDUCTOR_DTYPE_INVALID;
    }
}

} // namespace inductor_bridge

#endif /* INDUCTOR_BRIDGE_DTYPE_MAP_H */
