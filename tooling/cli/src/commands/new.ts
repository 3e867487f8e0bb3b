// uk new app <dir> | uk new lib <dir> --implements <api>: the generator of
// @uk/create (`pnpm create @uk`), called in-process. Its GenerateError carries
// a UK_NEW_* code and a fix, so it is reported like every coded error.
import type { CliContext } from '../context.js';
import { CliError } from '../output/errors.js';

export interface NewCommandOptions {
  implements?: string | undefined;
  name?: string | undefined;
  link?: string | undefined;
}

export async function newCommand(ctx: CliContext, kind: string, dir: string, opts: NewCommandOptions): Promise<number> {
  if (kind !== 'app' && kind !== 'lib') {
    throw new CliError('UK_CLI_USAGE', `uk new takes "app" or "lib", not "${kind}"`, {
      fix: 'uk new app <dir>, or uk new lib <dir> --implements <api>',
    });
  }
  const { generate, formatResult } = await import('@uk/create');
  ctx.stdout.write(formatResult(generate({ kind, dir, name: opts.name, implements: opts.implements, link: opts.link, cwd: ctx.cwd })));
  return 0;
}
