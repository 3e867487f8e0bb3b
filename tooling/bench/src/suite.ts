// What a benchmark suite is: a named measurement that produces table rows.
// Suites are registered in src/suites/index.ts.
import type { Row } from './lib/table.js';

export interface SuiteContext {
  /** The repository root (the directory with pnpm-workspace.yaml). */
  repoRoot: string;
  /** Progress on stderr (stdout carries only the table). */
  log: (line: string) => void;
  /** Whether to measure this part of the suite: every part, unless the user named some (`pnpm bench fs:boot`). */
  wants: (part: string) => boolean;
}

export interface SuiteResult {
  rows: Row[];
  /** Lines printed under the table: what was not measured and why, caveats. */
  notes: string[];
  /** Anything else worth keeping in results/latest.json (raw samples, versions). */
  details: Record<string, unknown>;
}

export interface Suite {
  name: string;
  description: string;
  /** Parts that can be measured alone (`pnpm bench <suite>:<part>[,<part>]`), by name, with what each measures. */
  parts?: Readonly<Record<string, string>>;
  run: (ctx: SuiteContext) => Promise<SuiteResult>;
}
