/*
 * test_sha256.c - the one SHA-256 helper (src/lib/sha256.c) that the cache
 * keys and provenance records share: FIPS 180-2 test vectors, and a digest
 * streamed in uneven pieces equal to the one-shot digest.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "tap.h"

int main(void)
{
    static const char *abc =
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    static const char *empty =
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static const char *two_blocks =
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    static const char *million_a =
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    const char *msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[SHA256_HEX_LEN + 1], whole[SHA256_HEX_LEN + 1];
    size_t n = 1000000, off = 0, step = 1;
    char *a = malloc(n);
    sha256_ctx c;

    plan(6);
    ok(sha256_hex("abc", 3, hex) == 0 && strcmp(hex, abc) == 0,
       "SHA-256 of abc");
    ok(sha256_hex("", 0, hex) == 0 && strcmp(hex, empty) == 0,
       "SHA-256 of the empty string");
    ok(sha256_hex(msg, strlen(msg), hex) == 0 && strcmp(hex, two_blocks) == 0,
       "SHA-256 of the two-block FIPS 180-2 message");
    if (a == NULL)
        return 1;
    memset(a, 'a', n);
    ok(sha256_hex(a, n, whole) == 0 && strcmp(whole, million_a) == 0,
       "SHA-256 of a million a's in one piece");
    ok(sha256_init(&c) == 0, "a streamed digest starts");
    while (off < n) { /* pieces of 1, 2, 4, ... bytes, crossing blocks */
        size_t len = step < n - off ? step : n - off;
        sha256_update(&c, a + off, len);
        off += len;
        step = step * 2 + 1;
    }
    ok(sha256_final(&c, hex) == 0 && strcmp(hex, whole) == 0,
       "the same digest streamed in uneven pieces");
    free(a);
    return done_testing();
}
