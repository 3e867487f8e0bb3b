// Generates the printf differential test table (cases.h): formats crossed
// with values, plus seeded random doubles, so every run checks the same
// many thousand cases.

/** xorshift64*: small, seeded, good enough to pick test values. */
export class Rng {
  private s: bigint;
  constructor(seed: bigint) {
    this.s = seed || 1n;
  }
  next64(): bigint {
    let x = this.s;
    x ^= x >> 12n;
    x ^= (x << 25n) & 0xffffffffffffffffn;
    x ^= x >> 27n;
    this.s = x;
    return (x * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  }
  /** Uniform in [0, 1). */
  unit(): number {
    return Number(this.next64() >> 11n) / 2 ** 53;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.unit() * (hi - lo + 1));
  }
}

export function bitsOf(d: number): bigint {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, d);
  return v.getBigUint64(0);
}

const cstr = (s: string) => JSON.stringify(s);
const hex = (b: bigint) => `0x${b.toString(16)}ull`;

export const doubleFormats = [
  '%f', '%.0f', '%.1f', '%.2f', '%.3f', '%.10f', '%.20f', '%.60f',
  '%e', '%.0e', '%.1e', '%.3e', '%.10e', '%.16e', '%.40e',
  '%g', '%.0g', '%.1g', '%.3g', '%.10g', '%.17g', '%#g', '%#.3g', '%G', '%E', '%F',
  '%#.0f', '%#.0e', '%+f', '% e', '%12.4f', '%-12.4e|', '%012.3f', '%+015.5g', '%-+20.10g|', '% 010.2e',
  '%a', '%.0a', '%.1a', '%.3a', '%.13a', '%.20a', '%A', '%#a', '%#.0a', '%20a', '%-+12.2a|',
];

const intFormats = [
  '%d', '%i', '%u', '%x', '%X', '%o', '%5d', '%-5d|', '%05d', '%+d', '% d', '%+5d', '%-+5d|', '% 05d',
  '%.3d', '%.0d', '%5.0d', '%8.3d', '%-8.3d|', '%08.3d', '%+.3d', '%#x', '%#X', '%#o', '%#.0o', '%.0x',
  '%#.0x', '%#5x', '%#05x', '%-#8x|', '%#08o', '%#.5o', '%hhd', '%hhu', '%hhx', '%hd', '%hu', '%hx', '%.5u', '%3u',
];

const llFormats = [
  '%lld', '%lli', '%llu', '%llx', '%llX', '%llo', '%ld', '%lu', '%lx', '%jd', '%ju', '%zd', '%zu', '%zx', '%td',
  '%#llx', '%#llo', '%+lld', '% lld', '%25lld', '%-25lld|', '%025lld', '%.22lld', '%-+30.25lld|', '%#30.20llx',
];

const stringFormats = ['%s', '%10s', '%-10s|', '%.3s', '%10.2s', '%-10.2s|', '%.0s', '%.20s', '%3s', '[%s]'];

export function generateCases(seed = 0x5eed5eedn): string {
  const rng = new Rng(seed);
  const doubles: bigint[] = [];
  const specials = [
    0, 1, 0.5, 1.5, 2.5, 3.5, 0.125, 0.375, 0.625, 1e22, 1e23, 123456789.125, 9.5, 0.05, 0.15, 0.25, 0.35,
    1e-300, 5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, Number.MAX_VALUE, 0.1, 1 / 3, 2 / 3,
    999999.5, 9.9999995, 99.995, 1e15 + 0.3, 0.000123456, 123.456, 1e100, 1e-5, 1e-4, 0.0001, 99999.5, 1e6,
    1e17, 4.35, 1.005, 2 ** 53, 2 ** 63, 2 ** 64, 2 ** -1074 * 3, 0.9999999, 9.999999e-5, 1e-10, 314.159,
    Infinity, NaN, 5e-5, 0.00095, 15.5, 16.5, 0.5e-6, 65536.0625,
  ];
  for (const d of specials) {
    doubles.push(bitsOf(d), bitsOf(-d));
  }
  for (let i = 0; i < 150; i++) {
    // Any bit pattern that is not inf/nan: subnormals to DBL_MAX.
    let b: bigint;
    do b = rng.next64();
    while (((b >> 52n) & 0x7ffn) === 0x7ffn);
    doubles.push(b);
  }
  for (let i = 0; i < 150; i++) {
    // Everyday magnitudes, where %f output stays readable.
    const d = (rng.unit() - 0.5) * 10 ** rng.int(-12, 22);
    doubles.push(bitsOf(d));
  }
  for (let i = 0; i < 60; i++) {
    // Short decimals and halves: the rounding ties.
    doubles.push(bitsOf(rng.int(0, 200000) / [2, 4, 8, 16, 1000, 100][rng.int(0, 5)]!));
  }

  const lines: string[] = ['#include <stdint.h>', ''];
  lines.push('static const struct { const char *f; uint64_t bits; } dcases[] = {');
  for (const b of doubles) for (const f of doubleFormats) lines.push(`\t{ ${cstr(f)}, ${hex(b)} },`);
  lines.push('};', '');

  const ints = [0, 1, -1, 7, 8, 42, -42, 100, 127, 128, 255, 256, -128, -129, 32767, 32768, -32768, 65535, 65536,
    2147483647, -2147483648, 123456789, -987654321];
  for (let i = 0; i < 20; i++) ints.push(Number(BigInt.asIntN(32, rng.next64())));
  lines.push('static const struct { const char *f; long long v; } icases[] = {');
  for (const v of ints) for (const f of intFormats) lines.push(`\t{ ${cstr(f)}, ${v}LL },`);
  for (const v of [65, 122, 32, 48, 37, 126]) for (const f of ['%c', '%3c', '%-3c|']) lines.push(`\t{ ${cstr(f)}, ${v}LL },`);
  lines.push('};', '');

  const lls: bigint[] = [0n, 1n, -1n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 32n, -(2n ** 32n), 10n ** 18n, 1234567890123n];
  for (let i = 0; i < 20; i++) lls.push(BigInt.asIntN(64, rng.next64() >> BigInt(rng.int(0, 60))));
  lines.push('static const struct { const char *f; long long v; } llcases[] = {');
  for (const v of lls) {
    const lit = v === -(2n ** 63n) ? '(-9223372036854775807LL - 1)' : `${v}LL`;
    for (const f of llFormats) lines.push(`\t{ ${cstr(f)}, ${lit} },`);
  }
  lines.push('};', '');

  lines.push('static const struct { const char *f; const char *s; } scases[] = {');
  for (const s of ['', 'a', 'hello', 'hello, world', '%d%s', 'a longer string with spaces'])
    for (const f of stringFormats) lines.push(`\t{ ${cstr(f)}, ${cstr(s)} },`);
  for (const f of ['%s', '%10s', '%-8s|', '%.6s', '%.10s']) lines.push(`\t{ ${cstr(f)}, 0 },`);
  lines.push('};', '');

  lines.push('static const struct { const char *f; uint64_t v; } pcases[] = {');
  for (const v of [0x1234n, 0xdeadbeefn, 0x7fffffffffffn, 0xffffffffffffffffn])
    for (const f of ['%p', '%20p', '%-20p|']) lines.push(`\t{ ${cstr(f)}, ${hex(v)} },`);
  for (const f of ['%p', '%10p', '%-10p|']) lines.push(`\t{ ${cstr(f)}, 0 },`);
  lines.push('};', '');

  lines.push('static const struct { const char *f; int w, p; uint64_t bits; } stard[] = {');
  for (const [w, p] of [[10, 3], [-10, 3], [0, 0], [5, -1], [-1, -1], [20, 15], [1, 30]])
    for (const f of ['%*.*f', '%*.*e', '%*.*g', '%-*.*f|', '%0*.*f'])
      for (const d of [3.14159, -0.001, 12345.678, 1e-20, 0])
        lines.push(`\t{ ${cstr(f)}, ${w}, ${p}, ${hex(bitsOf(d))} },`);
  lines.push('};', '');

  lines.push('static const struct { const char *f; int w, v; } stari[] = {');
  for (const w of [0, 1, 5, -5, 12, -12])
    for (const f of ['%*d', '%-*d|', '%0*d', '%.*d', '%+.*d', '%*x'])
      for (const v of [0, 42, -42, 2147483647]) lines.push(`\t{ ${cstr(f)}, ${w}, ${v} },`);
  lines.push('};', '');

  lines.push('static const struct { const char *f; uint64_t bits; } ldcases[] = {');
  for (const f of ['%Lf', '%Le', '%Lg', '%.20Lf', '%.3Le', '%10.4Lg'])
    for (const d of [1.5, -2.25, 1e-5, 123456.789, 0, 1e300]) lines.push(`\t{ ${cstr(f)}, ${hex(bitsOf(d))} },`);
  lines.push('};', '');

  return lines.join('\n');
}
