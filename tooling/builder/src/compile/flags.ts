// The compile flags every library gets. Freestanding (no host headers or
// libc), one section per function and object so the final link can drop
// what nothing uses, frame pointers for backtraces, and no unwind tables.
export const COMMON_CFLAGS: readonly string[] = [
  '-std=gnu11',
  '-O2',
  '-g',
  // DWARF 4: binutils 2.40's addr2line reads the line tables GCC 12 makes at
  // a library's LTO link in DWARF 5 wrongly (every line in "<artificial>").
  '-gdwarf-4',
  '-Wall',
  '-Wextra',
  '-ffreestanding',
  '-nostdinc',
  '-fno-stack-protector',
  '-fno-pic',
  '-fno-pie',
  '-fno-omit-frame-pointer',
  '-ffunction-sections',
  '-fdata-sections',
  '-fno-asynchronous-unwind-tables',
  '-fno-common',
  '-m64',
  '-march=x86-64',
];

/**
 * A library's files are compiled to GCC's intermediate form and optimized
 * together at its partial link (link/partial.ts), so calls between its own
 * files can be inlined as calls within a file are. Never across libraries:
 * each partial link sees one library's objects, and its non-exported
 * symbols are made local after. Under QEMU's TCG every return is a lookup
 * of the next block, so fewer calls on a hot path is fewer lookups. A
 * source that defines a weak symbol is compiled without it (compile.ts).
 */
export const LTO_FLAG = '-flto';

/** The partial link's own flags, before the library's compile flags: one relocatable object of machine code, optimized as one unit. */
export const LTO_LINK_FLAGS: readonly string[] = ['-r', '-nostdlib', '-flinker-output=nolto-rel', '-flto-partition=one'];

/**
 * What every library's compile starts from, whatever the target: the common
 * flags and the compiler's own headers (stddef.h, stdarg.h...), never the
 * host's C library. The host target adds nothing to them.
 */
export function baseCflags(ccInclude: string): string[] {
  return [...COMMON_CFLAGS, '-isystem', ccInclude];
}

export const COMMON_LDFLAGS: readonly string[] = [
  '-nostdlib',
  '-static',
  '--gc-sections',
  '-z',
  'noexecstack',
  '--build-id=none',
  '-z',
  'max-page-size=4096',
];
