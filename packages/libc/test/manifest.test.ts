// The package as the build plugin sees it: a valid `uk` manifest, sources
// that exist and compile warning-free with the plugin's flags, exports that
// cover every public symbol, and a libc small enough for tiny images.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '@uk/build';
import {
  buildAgainstLibc,
  buildLibc,
  expandSources,
  freshDir,
  globToRegExp,
  manifest,
  packageJson,
  pkgDir,
  runProgram,
} from './support/build.js';

const dir = freshDir('manifest');

// What an ordinary C app may call; each must be defined and exported.
const api = `memcpy memmove memset memcmp memchr strlen strnlen strcmp strncmp strcpy strncpy strcat strncat
strchr strrchr strstr strdup strndup strspn strcspn strpbrk strtok strtok_r strcasecmp strncasecmp strerror stpcpy
printf vprintf fprintf vfprintf sprintf vsprintf snprintf vsnprintf puts putchar fputs fputc putc fwrite fflush
stdout stderr strtol strtoul strtoll strtoull strtod strtof strtold strtoimax strtoumax atoi atol atoll atof abs labs
llabs imaxabs div ldiv lldiv qsort bsearch rand srand getenv
exit _Exit _exit abort atexit write isalnum isalpha isascii isblank iscntrl isdigit isgraph islower isprint ispunct
isspace isupper isxdigit tolower toupper __uk_errno_location __uk_assert_fail
stdin fopen fdopen freopen fclose tmpfile fread fgetc getc getchar ungetc fgets getline getdelim fseek fseeko ftell
ftello rewind fgetpos fsetpos setvbuf setbuf feof ferror clearerr fileno perror remove opendir fdopendir readdir
closedir rewinddir dirfd telldir seekdir realpath`.split(/\s+/);

describe('@uk/libc manifest', () => {
  it('is a valid lib manifest', () => {
    expect(validateManifest(join(pkgDir, 'package.json'), manifest).kind).toBe('lib');
    expect(packageJson.name).toBe('@uk/libc');
    expect(packageJson.peerDependencies['@uk/plat']).toBe('^0.1.0');
    expect(packageJson.files).toEqual(expect.arrayContaining(['include', 'src', 'README.md']));
    expect(existsSync(join(pkgDir, 'README.md'))).toBe(true);
  });

  it('names sources that exist, for the base and every feature', () => {
    expect(expandSources(manifest.sources).length).toBeGreaterThan(50);
    for (const [name, f] of Object.entries(manifest.features)) expect(expandSources(f.sources ?? []).length, name).toBeGreaterThan(0);
    for (const f of manifest.defaultFeatures) expect(manifest.features[f]).toBeDefined();
  });

  it('exports every public symbol and nothing else global', async () => {
    const libc = await buildLibc();
    for (const s of api) expect(libc.exported, s).toContain(s);
    // Globals left out of exports must be libc-internal helpers.
    for (const s of libc.defined.filter((g) => !libc.exported.includes(g))) expect(s).toMatch(/^__uk_/);
    // Every pattern is used, so the list does not rot.
    for (const p of manifest.exports) expect(libc.defined.some((g) => globToRegExp(p).test(g)), p).toBe(true);
    // libc needs nothing but the platform, the booter and @uk/time (no libgcc, no compiler
    // runtime), and malloc for strdup/strndup (calloc, realloc, free for file streams, getline,
    // directories), which an @uk/alloc implementation brings; uk_plat_param for getenv.
    // The clocks and sleeping are @uk/time's (gettimeofday reads the wall clock itself).
    expect(libc.undefined.sort()).toEqual([
      'calloc', 'free', 'malloc', 'realloc', 'uk_boot_shutdown', 'uk_plat_console_write', 'uk_plat_exit', 'uk_plat_param',
      'uk_plat_wall_ns', 'uk_time_clock_ns', 'uk_time_clock_sleep', 'uk_time_sleep_ns', 'uk_time_yield',
    ]);
    // The allocator's functions are not libc's any more.
    for (const s of ['malloc', 'calloc', 'realloc', 'free', 'aligned_alloc', 'posix_memalign']) expect(libc.defined).not.toContain(s);
  });

  async function helloSize(features?: string[]): Promise<number> {
    const libc = await buildLibc(features ? { features } : {});
    const exe = await buildAgainstLibc(libc, 'hello', dir, { tag: features ? features.join('-') || 'none' : 'default' });
    expect(runProgram(exe).stdout).toBe('hello, world 42\n');
    // text + rodata that survived --gc-sections: libc, the test platform, test_main
    return execFileSync('size', ['-A', exe], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /^\.(text|rodata)\b/.test(l))
      .reduce((n, l) => n + Number(l.trim().split(/\s+/)[1]), 0);
  }

  it('keeps libc small in a printf hello program', async () => {
    const full = await helloSize();
    const lean = await helloSize([]);
    console.log(`printf hello, text+rodata: ${full} bytes with default features, ${lean} without float`);
    expect(full).toBeLessThan(20 * 1024);
    expect(lean).toBeLessThan(10 * 1024);
  });
});
