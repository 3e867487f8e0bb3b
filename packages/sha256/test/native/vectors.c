/*
 * SHA-256 against the known answers FIPS 180-4's examples give (empty, "abc",
 * the 448- and 896-bit messages, a million 'a'), and the same digest whatever
 * pieces the message is fed in: byte by byte, across block boundaries, in
 * one call. Prints "OK sha256 vectors"; each mismatch prints a FAIL line.
 */
#include <stdio.h>
#include <string.h>

#include <uk/sha256.h>

static int failed;

static void expect(const char *what, const uint8_t digest[UK_SHA256_DIGEST_LEN], const char *want)
{
	char hex[UK_SHA256_HEX_LEN + 1];

	uk_sha256_hex(digest, hex);
	if (strcmp(hex, want) != 0) {
		printf("FAIL %s: %s, expected %s\n", what, hex, want);
		failed = 1;
	}
}

/* The digest of msg fed in pieces of `step` bytes (the last one shorter). */
static void digest_in_steps(const char *msg, size_t len, size_t step, uint8_t out[UK_SHA256_DIGEST_LEN])
{
	struct uk_sha256 s;

	uk_sha256_init(&s);
	for (size_t at = 0; at < len; at += step)
		uk_sha256_update(&s, msg + at, len - at < step ? len - at : step);
	uk_sha256_final(&s, out);
}

static const struct {
	const char *msg;
	const char *digest;
} known[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
};

int main(void)
{
	static const size_t steps[] = { 1, 3, 55, 56, 63, 64, 65, 1000 };
	static char million[1000000];
	uint8_t d[UK_SHA256_DIGEST_LEN];

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		size_t len = strlen(known[i].msg);

		digest_in_steps(known[i].msg, len, len ? len : 1, d);
		expect(known[i].msg, d, known[i].digest);
		for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
			digest_in_steps(known[i].msg, len, steps[k], d);
			expect("the same message in pieces", d, known[i].digest);
		}
	}
	memset(million, 'a', sizeof(million));
	digest_in_steps(million, sizeof(million), 4096 + 7, d);
	expect("a million 'a'", d, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	if (failed)
		return 1;
	printf("OK sha256 vectors\n");
	return 0;
}
