// The compiler and linker flags a manifest may carry. A flag from a
// dependency is part of the command line the builder runs, so anything that
// names a program, a plugin, a file or a directory (-wrapper, -B, -specs,
// @file, -fplugin, -I, -Wl,..., -plugin, -T) would let a package run code on
// the builder or read outside itself. Only what a micro-library legitimately
// needs is allowed: warnings, optimization levels, reviewed code-generation
// (-f) and target (-m) flags, -D/-U, -std= and -g levels. docs/security.md
// lists the same rules for people.

/** Code-generation switches allowed as -f<name> and -fno-<name>. */
const F_SWITCHES = new Set([
  'align-functions', 'align-jumps', 'align-labels', 'align-loops', 'allow-store-data-races',
  'asynchronous-unwind-tables', 'builtin', 'common', 'delete-null-pointer-checks', 'exceptions',
  'fast-math', 'finite-math-only', 'freestanding', 'function-sections', 'data-sections', 'gnu89-inline',
  'hosted', 'ident', 'inline', 'inline-functions', 'inline-small-functions', 'isolate-erroneous-paths-dereference',
  'jump-tables', 'keep-inline-functions', 'math-errno', 'merge-constants', 'ms-extensions',
  'non-call-exceptions', 'omit-frame-pointer', 'optimize-sibling-calls', 'pack-struct', 'pic', 'PIC',
  'pie', 'PIE', 'plan9-extensions', 'plt', 'reciprocal-math', 'semantic-interposition', 'short-enums',
  'short-wchar', 'signed-char', 'signed-zeros', 'single-precision-constant', 'stack-clash-protection',
  'stack-protector', 'stack-protector-all', 'stack-protector-strong', 'stack-protector-explicit',
  'strict-aliasing', 'strict-overflow', 'trapping-math', 'rounding-math', 'trapv', 'tree-loop-distribute-patterns',
  'tree-vectorize', 'unroll-loops', 'unsigned-char', 'unwind-tables', 'wrapv', 'zero-initialized-in-bss',
  'diagnostics-show-option', 'diagnostics-color', 'show-column', 'asm',
]);

/** -f<name>=<value> flags whose value is a keyword or a number, never a path. */
const F_VALUES: ReadonlyArray<[name: string, value: RegExp]> = [
  ['visibility', /^(default|hidden|protected|internal)$/],
  ['cf-protection', /^(full|branch|return|none|check)$/],
  ['fp-contract', /^(off|on|fast)$/],
  ['excess-precision', /^(fast|standard|16)$/],
  ['align-functions', /^[0-9]+(:[0-9]+)*$/],
  ['align-jumps', /^[0-9]+(:[0-9]+)*$/],
  ['align-labels', /^[0-9]+(:[0-9]+)*$/],
  ['align-loops', /^[0-9]+(:[0-9]+)*$/],
  ['pack-struct', /^[0-9]+$/],
  ['strict-overflow', /^[0-5]$/],
  ['strict-aliasing', /^[0-3]$/],
  ['max-errors', /^[0-9]+$/],
  ['diagnostics-color', /^(never|always|auto)$/],
  ['stack-check', /^(no|generic|specific)$/],
];

/** Target switches allowed as -m<name> and -mno-<name> (x86_64). */
const M_SWITCHES = new Set([
  '80387', 'fp-ret-in-387', 'red-zone', 'general-regs-only', 'sse', 'sse2', 'sse3', 'ssse3', 'sse4', 'sse4.1',
  'sse4.2', 'avx', 'avx2', 'avx512f', 'mmx', 'fma', 'f16c', 'aes', 'pclmul', 'popcnt', 'lzcnt', 'bmi', 'bmi2',
  'rdrnd', 'rdseed', 'fsgsbase', 'xsave', 'xsaveopt', 'movbe', 'adx', 'sha', 'cx16', 'sahf', 'crc32',
  'omit-leaf-frame-pointer', 'stackrealign', 'skip-rax-setup', 'fentry', 'record-mcount', 'nop-mcount',
  'indirect-branch-register', 'ms-bitfields', 'align-double', 'long-double-64', 'long-double-80', 'long-double-128',
  '64',
]);

const M_VALUES: ReadonlyArray<[name: string, value: RegExp]> = [
  ['arch', /^[a-z0-9][a-z0-9-.]*$/],
  ['tune', /^[a-z0-9][a-z0-9-.]*$/],
  ['cmodel', /^(small|kernel|medium|large)$/],
  ['fpmath', /^(sse|387|both|sse,387|387,sse)$/],
  ['preferred-stack-boundary', /^[0-9]+$/],
  ['incoming-stack-boundary', /^[0-9]+$/],
  ['stack-protector-guard', /^(tls|global)$/],
  ['stack-protector-guard-reg', /^(fs|gs)$/],
  ['stack-protector-guard-offset', /^(0x[0-9a-fA-F]+|[0-9]+)$/],
  ['indirect-branch', /^(keep|thunk|thunk-inline|thunk-extern)$/],
  ['function-return', /^(keep|thunk|thunk-inline|thunk-extern)$/],
  ['harden-sls', /^(none|all|return|indirect-jmp)$/],
];

/** Why a flag that names a program, plugin, file or directory is refused: the longest matching prefix wins. */
const REFUSED: ReadonlyArray<[prefix: string, why: string]> = [
  ['-wrapper', 'it runs a program of the package\'s choosing around every compiler pass'],
  ['-B', 'it makes gcc look for its own programs (as, cc1, ld) in a directory the package names'],
  ['-specs', 'a specs file rewrites the commands gcc runs'],
  ['--specs', 'a specs file rewrites the commands gcc runs'],
  ['@', 'it reads further flags from a file'],
  ['-fplugin', 'it loads a compiler plugin: code from the package would run in the compiler'],
  ['-fprofile', 'it reads or writes profile files'],
  ['-fauto-profile', 'it reads a profile file'],
  ['-fdump', 'it writes dump files'],
  ['-fopt-info', 'it writes report files'],
  ['-fstack-usage', 'it writes .su files beside the object'],
  ['-fcallgraph-info', 'it writes call-graph files'],
  ['-fsave-optimization-record', 'it writes report files'],
  ['-fcompare-debug', 'it runs the compiler again with other options'],
  ['-flto', 'the build sets link-time optimization itself, within one library at a time'],
  ['-finstrument-functions', 'it can name files and adds calls the image does not provide'],
  ['-fsanitize', 'sanitizers need a run-time library the image does not have'],
  ['-ffile-prefix-map', 'the build maps paths itself (reproducible images)'],
  ['-fdebug-prefix-map', 'the build maps paths itself (reproducible images)'],
  ['-fmacro-prefix-map', 'the build maps paths itself (reproducible images)'],
  ['-Wa,', 'it passes options straight to the assembler'],
  ['-Wl,', 'it passes options straight to the linker'],
  ['-Wp,', 'it passes options straight to the preprocessor'],
  ['-Xassembler', 'it passes options straight to the assembler'],
  ['-Xlinker', 'it passes options straight to the linker'],
  ['-Xpreprocessor', 'it passes options straight to the preprocessor'],
  ['-include', 'it includes a file the package names into every source'],
  ['-imacros', 'it reads macros from a file the package names'],
  ['-I', 'it names a header directory: declare headers with uk.include, uk.privateInclude and uk.requires'],
  ['-i', 'it names a header, a directory or a prefix: declare headers with uk.include, uk.privateInclude and uk.requires'],
  ['--sysroot', 'it names a directory to read headers and libraries from'],
  ['--include', 'it names a file to include: declare headers with uk.include'],
  ['-L', 'it names a library directory; linking is the build\'s'],
  ['-l', 'it names a library; linking is the build\'s'],
  ['-o', 'the build names the output file'],
  ['-x', 'the build says what language each source is'],
  ['-save-temps', 'it writes intermediate files'],
  ['-M', 'the build writes the dependency file itself'],
  ['-plugin', 'it loads a linker plugin: code from the package would run in the linker'],
  ['--plugin', 'it loads a linker plugin: code from the package would run in the linker'],
  ['-T', 'a linker script is named by uk.linkerScript (a path inside the package)'],
  ['--script', 'a linker script is named by uk.linkerScript (a path inside the package)'],
  ['--dynamic-list', 'it reads a file'],
  ['--version-script', 'it reads a file'],
];

const matchValue = (flag: string, prefix: string, table: ReadonlyArray<[string, RegExp]>): boolean => {
  if (!flag.startsWith(prefix)) return false;
  const rest = flag.slice(prefix.length);
  const eq = rest.indexOf('=');
  if (eq < 0) return false;
  const name = rest.slice(0, eq);
  const value = rest.slice(eq + 1);
  return table.some(([n, re]) => n === name && re.test(value));
};

const switchOf = (flag: string, prefix: string, names: ReadonlySet<string>): boolean => {
  if (!flag.startsWith(prefix)) return false;
  const rest = flag.slice(prefix.length);
  return names.has(rest) || (rest.startsWith('no-') && names.has(rest.slice(3)));
};

// -W<warning> but not -Wa, -Wl, -Wp, (which pass options on to other tools).
const WARNING = /^-W(?![alp],)[A-Za-z0-9][A-Za-z0-9_=+.-]*$/;
const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const DEFINE = new RegExp(`^-D${IDENT}(=[^\\x00-\\x1f\\x7f]*)?$`);
const UNDEF = new RegExp(`^-U${IDENT}$`);
const OTHERS = [/^-O([0-3sgz]|fast)?$/, /^-g([0-3]|gdb[0-3]?|dwarf(-[2-5])?)?$/, /^-std=(c|gnu|iso9899:)[0-9a-z:]+$/, /^-w$/, /^-pedantic(-errors)?$/, /^-ansi$/];

/** Whether a compiler flag is on the allow-list. */
export function isAllowedCflag(flag: string): boolean {
  if (WARNING.test(flag) || DEFINE.test(flag) || UNDEF.test(flag) || OTHERS.some((re) => re.test(flag))) return true;
  return (
    switchOf(flag, '-f', F_SWITCHES) ||
    matchValue(flag, '-f', F_VALUES) ||
    switchOf(flag, '-m', M_SWITCHES) ||
    matchValue(flag, '-m', M_VALUES) ||
    /^-fno-builtin-[A-Za-z_][A-Za-z0-9_]*$/.test(flag)
  );
}

/** Keywords allowed after the linker's -z. */
const Z_KEYWORDS = /^(noexecstack|execstack|norelro|relro|now|lazy|separate-code|noseparate-code|text|notext|combreloc|nocombreloc|(max|common)-page-size=(0x[0-9a-fA-F]+|[0-9]+))$/;
const LD_FLAGS = new Set([
  '--no-relax', '--relax', '-n', '--nmagic', '-N', '--omagic', '--no-dynamic-linker', '--gc-sections', '--no-gc-sections',
  '--sort-common', '--fatal-warnings', '--no-warn-rwx-segments', '--no-warn-execstack', '--no-undefined', '-static',
  '--sort-section=name', '--sort-section=alignment', '--warn-common',
]);
const DEFSYM = new RegExp(`^--defsym=${IDENT}=(${IDENT}|0x[0-9a-fA-F]+|[0-9]+)$`);

const why = (flag: string): string => {
  if (!flag.startsWith('-') && !flag.startsWith('@')) {
    return 'it is not a flag (a bare word is read as an input file, or as the argument of the flag before it)';
  }
  let best: [string, string] | undefined;
  for (const r of REFUSED) if (flag.startsWith(r[0]) && (!best || r[0].length > best[0].length)) best = r;
  return best?.[1] ?? 'it is not on the list of flags a micro-library may pass (docs/security.md lists them)';
};

/** A printable form of a flag for messages (JSON quoting escapes control characters). */
const shown = (flag: string): string => JSON.stringify(flag);

/** Why a compiler flag is refused, or undefined when it is allowed. */
export function cflagProblem(flag: string): string | undefined {
  return isAllowedCflag(flag) ? undefined : `${shown(flag)} is refused: ${why(flag)} (an app may still pass it to its own sources in uk.unsafeCflags)`;
}

/**
 * Problems with a platform's linker flags, by index. `-z` takes the next
 * element as its keyword; every other element stands alone.
 */
export function ldflagProblems(flags: readonly string[]): Array<[index: number, message: string]> {
  const out: Array<[number, string]> = [];
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    if (f === '-z') {
      const k = flags[i + 1];
      if (k === undefined || !Z_KEYWORDS.test(k)) out.push([i + 1 < flags.length ? i + 1 : i, `"-z ${k ?? ''}" is refused: -z takes one of the reviewed keywords (docs/security.md)`]);
      i++;
      continue;
    }
    if (f.startsWith('-z') && Z_KEYWORDS.test(f.slice(2))) continue;
    if (LD_FLAGS.has(f) || DEFSYM.test(f)) continue;
    out.push([i, `${shown(f)} is refused: ${why(f)}`]);
  }
  return out;
}
