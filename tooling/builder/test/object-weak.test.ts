// Whether a compiled object defines a weak symbol decides whether its
// source is optimized with its library (LTO) or kept as machine code, so
// the build's own reading of the symbol tables must agree with nm, the
// reference, for every way a weak definition (or something that is not one)
// can appear, compiled both ways by this machine's GCC. The source-text
// guess only picks which compile is tried first: its answers are pinned
// here too, and what a wrong guess costs is covered by build.test.ts.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { needTool, tempDir } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { objectDefinesWeak } from '../src/compile/object-weak.js';
import { detectToolchain } from '../src/compile/toolchain.js';
import { mayDefineWeak, nmDefinesWeak } from '../src/compile/weak.js';

const dir = tempDir('object-weak');

const SOURCES: Record<string, string> = {
  'weak-function': '__attribute__((weak)) int f(void) { return 1; }\n',
  'weak-variable': '__attribute__((weak)) int v = 3;\n',
  'weak-alias': 'static int real(void) { return 2; }\nint alias(void) __attribute__((weak, alias("real")));\n',
  'pragma-weak': '#pragma weak pw\nint pw(void) { return 5; }\n',
  'weak-hidden': '__attribute__((weak, visibility("hidden"))) int wh(void) { return 6; }\n',
  'weak-reference-only': 'extern int wu(void) __attribute__((weak));\nint strong(void) { return wu ? wu() : 0; }\n',
  strong: 'int s(void) { return 4; }\nint data = 7;\nstatic int local(void) { return 8; }\nint (*p)(void) = local;\n',
  empty: '/* nothing */\n',
  'comdat-inline': 'static inline int sq(int x) { return x * x; }\nint use(int x) { return sq(x); }\n',
};

describe('the weak definitions of an object, read from its symbol tables', () => {
  const objects: string[] = [];
  beforeAll(() => {
    needTool('gcc', 'nm');
    for (const [name, text] of Object.entries(SOURCES)) {
      const src = path.join(dir, `${name}.c`);
      writeFileSync(src, text);
      for (const [kind, flags] of [['lto', ['-flto']], ['direct', []]] as const) {
        const obj = path.join(dir, `${name}.${kind}.o`);
        execFileSync('gcc', ['-O2', '-g', '-gdwarf-4', '-ffunction-sections', '-fdata-sections', '-fno-common', ...flags, '-c', src, '-o', obj]);
        objects.push(obj);
      }
    }
  });

  it('agree with nm on every object, with -flto and without', async () => {
    const ours = Object.fromEntries(objects.map((o) => [path.basename(o), objectDefinesWeak(readFileSync(o))]));
    // nm through the build's own fallback (weak.ts), held to the sources just below.
    const tc = await detectToolchain();
    const nm = Object.fromEntries(await Promise.all(objects.map(async (o) => [path.basename(o), await nmDefinesWeak(tc, o)] as const)));
    expect(ours).toEqual(nm);
    // And nm says what the sources say: the first five define a weak symbol.
    expect(Object.entries(nm).filter(([, w]) => w).map(([o]) => o.split('.')[0]).sort()).toEqual(
      [...new Set(['weak-function', 'weak-variable', 'weak-alias', 'pragma-weak', 'weak-hidden'])].flatMap((n) => [n, n]).sort(),
    );
  });

  it('are "cannot tell" (so nm is asked) for what is not an ELF64 object or is cut short', () => {
    expect(objectDefinesWeak(Buffer.from('not an object at all, but long enough to hold an ELF header of sixty-four bytes'))).toBeUndefined();
    const lto = readFileSync(objects.find((o) => o.endsWith('weak-function.lto.o'))!);
    expect(objectDefinesWeak(lto.subarray(0, lto.length - 200))).toBeUndefined();
  });
});

describe('the guess made from the source text', () => {
  it("spots musl's weak_alias, the attribute, the pragma and the directive", () => {
    expect(mayDefineWeak('static void dummy() {}\nweak_alias(dummy, __funcs_on_exit);\n')).toBe(true);
    expect(mayDefineWeak('__attribute__((weak)) int f(void);')).toBe(true);
    expect(mayDefineWeak('__attribute__ (( __weak__ )) int f(void);')).toBe(true);
    expect(mayDefineWeak('#pragma weak f\n')).toBe(true);
    expect(mayDefineWeak('__asm__(".weak f");')).toBe(true);
  });

  it('is not fooled by names that merely contain weak', () => {
    expect(mayDefineWeak('int weakness(void); int tweak_alias = 1; /* weakly */\n')).toBe(false);
  });
});
