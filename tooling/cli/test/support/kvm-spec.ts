// The kvm platform's `run`, read from platforms/plat-kvm/package.json and
// checked by the manifest schema (defaults filled in), exactly as a build
// of a kvm image hands it to the CLI.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateManifest } from '@uk/build';
import type { QemuRunSpec } from '../../src/run/qemu-args.js';
import { repoRoot } from '@uk/test-utils';

export function kvmSpec(): QemuRunSpec {
  const file = path.join(repoRoot, 'platforms/plat-kvm/package.json');
  const m = validateManifest(file, (JSON.parse(readFileSync(file, 'utf8')) as { uk: unknown }).uk);
  if (m.kind !== 'platform' || m.run.kind !== 'qemu') throw new Error(`${file} is not a QEMU platform`);
  return m.run;
}
