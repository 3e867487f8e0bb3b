// The build plugin (@uk/build), loaded on first use by every command.

/**
 * The build plugin, loaded on first use: `uk doctor` and `uk --help` work
 * without it, and start faster. Every command loads it through here (only
 * @uk/build/errors and @uk/build/lookup are imported statically).
 */
export async function plugin(): Promise<typeof import('@uk/build')> {
  return import('@uk/build');
}
