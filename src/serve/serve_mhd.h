/* serve_mhd.h - libmicrohttpd, loaded when `inductor serve` starts instead
 * of linked into the program.
 *
 * Why: every library the program links joins the global symbol scope, and
 * each of libtorch's ~40,000 symbol relocations, resolved when a backend
 * module is dlopen()ed, walks that whole scope first.  libmicrohttpd
 * brings gnutls and eight more libraries with it; linked, they cost every
 * `infer` ~20 M instructions in the dynamic loader (callgrind, 833 M vs
 * 813 M for the whole command), 2.5% of its cold start, for a server it
 * never starts.  Loaded here with RTLD_LOCAL, they stay out of that scope.
 *
 * The code that uses the server includes this header after <microhttpd.h>:
 * the macros below turn its MHD_* calls into calls through the table that
 * serve_mhd_load() fills (the way OpenGL loaders work), so it reads as
 * plain libmicrohttpd code. */
#ifndef INDUCTOR_SERVE_MHD_H
#define INDUCTOR_SERVE_MHD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <microhttpd.h>

#define SERVE_MHD_FUNCTIONS(X)                                                \
    X(MHD_start_daemon) X(MHD_stop_daemon) X(MHD_quiesce_daemon)              \
    X(MHD_get_daemon_info) X(MHD_get_connection_info)                         \
    X(MHD_lookup_connection_value) X(MHD_suspend_connection)                  \
    X(MHD_resume_connection) X(MHD_queue_response) X(MHD_destroy_response)    \
    X(MHD_add_response_header)                                                \
    X(MHD_create_response_from_buffer_with_free_callback)

struct serve_mhd_api {
#define SERVE_MHD_POINTER(name) __typeof__(name) *name;
    SERVE_MHD_FUNCTIONS(SERVE_MHD_POINTER)
#undef SERVE_MHD_POINTER
};

extern struct serve_mhd_api serve_mhd;

/* Loads libmicrohttpd once (thread-safe) and fills serve_mhd: 0, or -1
 * with a one-line reason in err naming the library and dlerror(). */
int serve_mhd_load(char *err, size_t errlen);

#ifndef SERVE_MHD_IMPLEMENTATION
#define MHD_start_daemon (*serve_mhd.MHD_start_daemon)
#define MHD_stop_daemon (*serve_mhd.MHD_stop_daemon)
#define MHD_quiesce_daemon (*serve_mhd.MHD_quiesce_daemon)
#define MHD_get_daemon_info (*serve_mhd.MHD_get_daemon_info)
#define MHD_get_connection_info (*serve_mhd.MHD_get_connection_info)
#define MHD_lookup_connection_value (*serve_mhd.MHD_lookup_connection_value)
#define MHD_suspend_connection (*serve_mhd.MHD_suspend_connection)
#define MHD_resume_connection (*serve_mhd.MHD_resume_connection)
#define MHD_queue_response (*serve_mhd.MHD_queue_response)
#define MHD_destroy_response (*serve_mhd.MHD_destroy_response)
#define MHD_add_response_header (*serve_mhd.MHD_add_response_header)
#define MHD_create_response_from_buffer_with_free_callback \
    (*serve_mhd.MHD_create_response_from_buffer_with_free_callback)
#endif

#endif
