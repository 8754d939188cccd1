/*
 * mdwe_exec.c - run a command under the kernel's memory-deny-write-execute
 * (prctl PR_SET_MDWE, Linux 6.3+), the rule systemd's
 * MemoryDenyWriteExecute=yes enforces with seccomp: no mapping may become
 * executable after the fact.  tests/systemd/unit.sh uses it to show why
 * inductor-serve.service cannot set that option.
 *
 *   mdwe_exec CMD [ARG...]
 *
 * Exits 77 when the kernel has no PR_SET_MDWE, 127 when CMD cannot be run;
 * otherwise CMD's status.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: mdwe_exec CMD [ARG...]\n");
        return 2;
    }
    if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0L, 0L, 0L) != 0) {
        fprintf(stderr, "mdwe_exec: prctl(PR_SET_MDWE): %s\n", strerror(errno));
        return 77;
    }
    execvp(argv[1], argv + 1); /* the setting is kept across execve */
    fprintf(stderr, "mdwe_exec: %s: %s\n", argv[1], strerror(errno));
    return 127;
}
