// Joining guest arguments into one kernel command line (QEMU `-append`), and
// quoting a command line for display.

/**
 * An argument is wrapped in double quotes when it is empty or contains
 * whitespace, a quote or a backslash; inside the quotes `"` and `\` are
 * escaped with a backslash. Other arguments are passed as they are.
 */
export function quoteArg(arg: string): string {
  if (arg !== '' && !/[\s"'\\]/.test(arg)) return arg;
  return `"${arg.replace(/["\\]/g, (ch) => `\\${ch}`)}"`;
}

export function joinCmdline(args: readonly string[]): string {
  return args.map(quoteArg).join(' ');
}

/** A POSIX shell rendering of argv, for `--verbose` (copy-pasteable). */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (a !== '' && /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
