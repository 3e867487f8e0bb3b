// Building an app's image for a command, with progress on stderr.
import type { BuildResult } from '@uk/build';
import type { CliContext } from './context.js';
import { createProgress } from './output/progress.js';
import { plugin } from './plugin.js';

/** Build (incrementally) with progress on stderr: a status line on a TTY, else silent. */
export async function buildApp(ctx: CliContext, appDir: string, target: string | undefined, locked = false): Promise<BuildResult> {
  const progress = createProgress({
    stream: ctx.stderr,
    tty: ctx.stderr.isTTY === true,
    verbose: ctx.verbose,
    color: ctx.errColor,
  });
  try {
    const { build } = await plugin();
    return await build({ appDir, ...(target ? { target } : {}), ...(locked ? { locked } : {}), onEvent: (e) => progress.onEvent(e) });
  } finally {
    progress.clear();
  }
}
