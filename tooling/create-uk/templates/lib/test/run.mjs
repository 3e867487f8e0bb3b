// Native test of {{name}}: compiles every source the way `uk build` does
// (freestanding, warnings are errors) and checks that the objects define
// every symbol {{api}} requires. Needs gcc and nm.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).uk;

function sources() {
  return manifest.sources.flatMap((p) => {
    const star = p.lastIndexOf('*');
    if (star < 0) return [path.join(root, p)];
    const dir = path.join(root, path.dirname(p));
    const suffix = p.slice(star + 1);
    return readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => path.join(dir, f));
  });
}

const includes = [];
const wanted = [];
for (const api of manifest.implements) {
  const dir = path.dirname(require.resolve(`${api}/package.json`));
  const uk = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).uk;
  for (const inc of uk.include ?? ['include']) includes.push(`-I${path.join(dir, inc)}`);
  wanted.push(...(uk.symbols ?? []));
}
const freestanding = [
  '-std=gnu11', '-O2', '-Wall', '-Wextra', '-Werror', '-ffreestanding', '-nostdinc',
  '-isystem', execFileSync('gcc', ['-print-file-name=include'], { encoding: 'utf8' }).trim(),
  '-fno-stack-protector', '-fno-pic', '-fno-pie', '-ffunction-sections', '-fdata-sections', '-fno-common',
];

const tmp = mkdtempSync(path.join(tmpdir(), 'uk-test-'));
try {
  const defined = new Set();
  sources().forEach((src, i) => {
    const obj = path.join(tmp, `${i}.o`);
    execFileSync('gcc', [...freestanding, ...includes, '-c', src, '-o', obj], { stdio: ['ignore', 'inherit', 'inherit'] });
    for (const line of execFileSync('nm', ['--defined-only', obj], { encoding: 'utf8' }).split('\n')) {
      const [, type, name] = line.trim().split(/\s+/);
      if (name && type && type === type.toUpperCase()) defined.add(name);
    }
  });
  const missing = wanted.filter((s) => !defined.has(s));
  if (missing.length > 0) {
    console.error(`FAIL: not defined: ${missing.join(', ')}`);
    process.exit(1);
  }
  console.log(`ok {{name}}: ${wanted.length} symbols of ${manifest.implements.join(', ')} defined`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
