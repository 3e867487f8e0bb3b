// uk new app <dir> | uk new lib <dir> --implements <api>: the generator of
// create-uk (`pnpm create uk`), called in-process.
import type { CliContext } from '../context.js';
import { CliError } from '../report/errors.js';

/** Reported like every coded error (message, fix; exit 1). */
class NewError extends Error {
  readonly code = 'UK_CLI_NEW_FAILED';
  readonly fix: string | undefined;
  constructor(message: string, fix?: string) {
    super(message);
    this.fix = fix;
  }
}

export interface NewCommandOptions {
  implements?: string | undefined;
  name?: string | undefined;
}

export async function newCommand(ctx: CliContext, kind: string, dir: string, opts: NewCommandOptions): Promise<number> {
  if (kind !== 'app' && kind !== 'lib') {
    throw new CliError('UK_CLI_USAGE', `uk new takes "app" or "lib", not "${kind}"`, {
      fix: 'uk new app <dir>, or uk new lib <dir> --implements <api>',
    });
  }
  const { generate, GenerateError } = await import('create-uk');
  try {
    const r = generate({ kind, dir, name: opts.name, implements: opts.implements, cwd: ctx.cwd });
    ctx.stdout.write(`created ${kind === 'app' ? 'app' : 'library'} ${r.name} in ${r.dir} (${r.files.length} files)\n`);
    ctx.stdout.write(`next:\n${r.next.map((c) => `  ${c}\n`).join('')}`);
    return 0;
  } catch (e) {
    if (e instanceof GenerateError) {
      throw new NewError(e.message, e.fix);
    }
    throw e;
  }
}
