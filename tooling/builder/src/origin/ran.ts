// A tool the origin step runs (tar, patch) that could not be started at all
// is a missing tool, not a bad archive or patch.
import { ToolchainError } from '../errors.js';

export function mustHaveRun(r: { exitCode?: number | undefined; failed: boolean }, cmd: string, pkg: string): void {
  if (r.exitCode === undefined && r.failed) {
    throw new ToolchainError('UK_TOOL_MISSING', `${cmd} could not be run (not found on PATH?)`, { fix: `sudo apt-get install ${pkg} (scripts/setup.sh installs it)` });
  }
}
