// QEMU's stdio console puts the terminal in raw mode and restores it when it
// exits; killed by a signal it cannot. The settings are saved (stty -g)
// before it starts, when stdin is a terminal, and put back after such an end.
import { spawnSync } from 'node:child_process';

export interface SavedTerminal {
  restore(): void;
}

export function saveTerminal(): SavedTerminal {
  if (!process.stdin.isTTY) return { restore: () => undefined };
  const r = spawnSync('stty', ['-g'], { stdio: ['inherit', 'pipe', 'ignore'], encoding: 'utf8' });
  const saved = r.status === 0 ? r.stdout.trim() : undefined;
  return {
    restore() {
      if (saved) spawnSync('stty', [saved], { stdio: ['inherit', 'ignore', 'ignore'] });
    },
  };
}
