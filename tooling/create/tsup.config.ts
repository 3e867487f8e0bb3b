import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The versions of the uk packages a generated project depends on: those of
// this workspace when @uk/create is built, so a release pins its own SDK.
const versionOf = (dir: string): string => (JSON.parse(readFileSync(`../../${dir}/package.json`, 'utf8')) as { version: string }).version;
const versions: Record<string, string> = {
  '@uk/cli': versionOf('tooling/cli'),
  '@uk/booter': versionOf('packages/booter'),
  '@uk/libc': versionOf('packages/libc'),
  '@uk/alloc': versionOf('packages/alloc'),
  '@uk/alloc-core': versionOf('packages/alloc-core'),
  '@uk/boot': versionOf('packages/boot'),
  '@uk/plat': versionOf('packages/plat'),
  '@uk/plat-kvm': versionOf('platforms/plat-kvm'),
  '@uk/plat-linuxu': versionOf('platforms/plat-linuxu'),
};

export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  target: 'node20',
  clean: true,
  sourcemap: true,
  define: { __UK_VERSIONS__: JSON.stringify(versions) },
});
