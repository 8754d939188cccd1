# plant.sh - sourced by the security tests (after tests/cli/setup.sh): code
# that must never run.  A planted shared library's constructor writes a
# marker file, so "no marker" proves it was never dlopen()ed.
#
#   plant_so OUT.so MARKER       compiles such a library with $CC (cc)
#   plant_package SRC DST SO     copies package SRC to DST with its model
#                                .so replaced by SO (Python's zipfile, so
#                                sizes and CRC-32s stay consistent)

plant_so() {
    cat >"$TEST_TMP/planted.c" <<EOC
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void planted(void)
{
    int fd = open("$2", O_WRONLY | O_CREAT | O_APPEND, 0666);
    if (fd >= 0) {
        (void)write(fd, "ran\n", 4);
        close(fd);
    }
}
EOC
    "${CC:-cc}" -shared -fPIC -o "$1" "$TEST_TMP/planted.c"
}

plant_package() {
    "$PYTHON" - "$1" "$2" "$3" <<'PY'
import sys, zipfile
src, dst, so = sys.argv[1:4]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename.endswith(".so"):
            data = open(so, "rb").read()
        zout.writestr(item, data)
PY
}
