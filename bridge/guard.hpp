/*
 * guard.hpp - one try/catch for every bridge entry point, so that no C++
 * exception ever crosses into C.  Internal to bridge/.
 */
#ifndef INDUCTOR_BRIDGE_GUARD_H
#define INDUCTOR_BRIDGE_GUARD_H

#include <exception>
#include <new>
#include <string>

#include <c10/util/Exception.h>

#include "internal.h"

namespace inductor_bridge {

/* libtorch messages can span many lines (context, hints); the C API
 * promises one line, so keep the first non-empty one. */
inline std::string first_line(const char *msg)
{
    std::string s(msg ? msg : "");
    size_t start = s.find_first_not_of("\n ");
    if (start == std::string::npos)
        return "unknown error";
    size_t end = s.find('\n', start);
    return s.substr(start, end == std::string::npos ? end : end - start);
}

} // namespace inductor_bridge

/* Usage:  BRIDGE_TRY { ... return INDUCTOR_OK; } BRIDGE_CATCH("loading x") */
#define BRIDGE_TRY try
#define BRIDGE_CATCH(ctx_)                                                   \
    catch (const c10::Error &e) {                                            \
        return inductor__fail(                                               \
            INDUCTOR_ERR_RUNTIME, "%s: %s", (ctx_),                          \
            inductor_bridge::first_line(e.what_without_backtrace()).c_str()); \
    }                                                                        \
    catch (const std::bad_alloc &) {                                         \
        return inductor__fail(INDUCTOR_ERR_OUT_OF_MEMORY, "%s: out of memory", \
                              (ctx_));                                       \
    }                                                                        \
    catch (const std::exception &e) {                                        \
        return inductor__fail(INDUCTOR_ERR_RUNTIME, "%s: %s", (ctx_),        \
                              inductor_bridge::first_line(e.what()).c_str()); \
    }                                                                        \
    catch (...) {                                                            \
        return inductor__fail(INDUCTOR_ERR_INTERNAL,                         \
                              "%s: unknown C++ exception", (ctx_));          \
    }

#endif /* INDUCTOR_BRIDGE_GUARD_H */
