// `--mem` values: a bare number is MiB; K, M, G suffixes (optionally `iB`/`B`,
// any case) are KiB, MiB, GiB. Normalised to what QEMU's `-m` accepts.
import { CliError } from '../output/errors.js';

const UNITS: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

export interface MemSize {
  bytes: number;
  /** The value for QEMU's `-m`: `<n>M` when a whole number of MiB, else `<n>K`. */
  qemu: string;
}

export function parseMemSize(input: string): MemSize {
  const m = /^\s*(\d+)\s*(?:([kmg])(?:i?b)?)?\s*$/i.exec(input);
  const digits = m?.[1];
  if (!m || digits === undefined) {
    throw new CliError('UK_CLI_MEM_INVALID', `invalid memory size '${input}'`, {
      fix: 'give a number of MiB (64) or a size with a K, M or G suffix (1152K, 8M, 1G)',
    });
  }
  const unit = (m[2] ?? 'm').toLowerCase();
  const bytes = Number(digits) * (UNITS[unit] ?? 0);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new CliError('UK_CLI_MEM_INVALID', `invalid memory size '${input}': must be greater than zero`);
  }
  return { bytes, qemu: toQemu(bytes) };
}

function toQemu(bytes: number): string {
  const mib = UNITS.m ?? 1;
  return bytes % mib === 0 ? `${bytes / mib}M` : `${bytes / 1024}K`;
}
