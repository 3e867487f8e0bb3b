// A throw-away copy of the workspace: the files a clone plus your edits would
// have (git ls-files: tracked and untracked-but-not-ignored), committed in a
// fresh git repository so Turborepo hashes inputs the way it does in a real
// checkout, and installed offline from the pnpm store.
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { root } from './packages.js';

export const quietEnv = {
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  npm_config_loglevel: 'error',
};

export async function copyWorkspace(prefix = 'uk-ws-'): Promise<string> {
  const dest = mkdtempSync(path.join(tmpdir(), prefix));
  const { stdout } = await execa('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root });
  for (const rel of stdout.split('\0').filter(Boolean)) {
    mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    try {
      cpSync(path.join(root, rel), path.join(dest, rel));
    } catch {
      // listed but deleted in the working tree
    }
  }
  const git = (...args: string[]) => execa('git', ['-c', 'user.email=test@uk.invalid', '-c', 'user.name=test', ...args], { cwd: dest });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'copy of the workspace');
  await execa('pnpm', ['install', '--offline', '--frozen-lockfile', '--reporter=silent'], { cwd: dest, env: quietEnv });
  return dest;
}
