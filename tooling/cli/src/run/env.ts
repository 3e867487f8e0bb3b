// `uk run -e KEY=VALUE` (`--env`, repeatable): the image's environment. Each
// variable travels as the image parameter `env.KEY=VALUE` in the `--uk ...
// --` block that opens the command line on both platforms, and the C
// library's getenv() asks the platform for `env.KEY` (uk_plat_param), so no
// platform needs to know about environments. Checked before anything is
// built: names as POSIX's portable ones, values on one line.
import { CliError } from '../output/errors.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EXAMPLE = 'give NAME=VALUE with a name of letters, digits and _ (not starting with a digit), e.g. -e GREETING=hello';

/** The image parameters for the `-e` values, in order (the last of one name wins, as in Docker). */
export function envParams(values: readonly string[]): string[] {
  return values.map((spec) => {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    if (eq < 0) throw new CliError('UK_CLI_ENV_INVALID', `-e ${spec} has no value`, { fix: EXAMPLE });
    if (!NAME.test(name)) throw new CliError('UK_CLI_ENV_INVALID', `-e ${spec}: ${JSON.stringify(name)} is not a variable name`, { fix: EXAMPLE });
    const value = spec.slice(eq + 1);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(value)) {
      throw new CliError('UK_CLI_ENV_INVALID', `-e ${name}: the value holds a control character (newline, tab, ...)`, {
        fix: 'pass multi-line or binary data in a file (uk run --disk FILE) rather than in the environment',
      });
    }
    return `env.${name}=${value}`;
  });
}
