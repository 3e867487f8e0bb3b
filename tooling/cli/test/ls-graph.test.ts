// uk ls and uk graph against the workspace's own packages and apps.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { resolveApp } from '@uk/build';
import { collectLs, graphOf, layout, toDot, toSvg } from '../src/index.js';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const uk = (...args: string[]) => execa('node', [bin, ...args], { cwd: root, reject: false, env: { NO_COLOR: '1' } });

describe('uk ls', () => {
  it('lists every API of the workspace with its implementations, versions, cardinality and peer ranges', async () => {
    const r = await collectLs(root);
    expect(r.scope).toBe('workspace');
    const alloc = r.apis.find((a) => a.name === '@uk/alloc')!;
    expect(alloc.cardinality).toBe('multi');
    expect(alloc.impls.map((i) => i.name)).toEqual(['@uk/alloc-buddy', '@uk/alloc-region', '@uk/alloc-tlsf']);
    const plat = r.apis.find((a) => a.name === '@uk/plat')!;
    expect(plat.cardinality).toBe('single');
    expect(plat.impls.map((i) => i.kind)).toEqual(['platform', 'platform']);
    for (const api of r.apis) for (const i of api.impls) expect(i.range, `${i.name} → ${api.name}`).toMatch(/^\^\d/);
    expect(r.libs.map((l) => l.name)).toContain('@uk/libc');
    expect(r.apps.map((a) => a.name)).toContain('hello');
  });

  it('prints a readable listing and --json', async () => {
    const text = await uk('ls');
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/@uk\/alloc@0\.1\.0 \(API, multi\)\n\s+@uk\/alloc-buddy@\S+\s+peer @uk\/alloc@\^0\.1\.0/);
    const json = await uk('ls', '--json');
    expect(JSON.parse(json.stdout).apis.length).toBeGreaterThanOrEqual(4);
  });
});

describe('uk graph', () => {
  it('has app→deps, lib→API (requires) and impl→API (implements) edges', async () => {
    const g = graphOf(await resolveApp(path.join(root, 'apps/alloc-test'), 'linuxu-x86_64'));
    const has = (from: string, to: string, kind: string) => g.edges.some((e) => e.from === from && e.to === to && e.kind === kind);
    expect(has('@uk/alloc-tlsf', '@uk/alloc', 'implements')).toBe(true);
    expect(has('@uk/plat-linuxu', '@uk/plat', 'implements')).toBe(true);
    expect(has('@uk/libc', '@uk/plat', 'requires')).toBe(true);
    expect(has('alloc-test', '@uk/libc', 'depends')).toBe(true);
    expect(g.nodes.find((n) => n.id === '@uk/alloc')!.kind).toBe('api');
    expect(toDot(g)).toContain('"@uk/alloc-tlsf" -> "@uk/alloc" [style=dashed');
    // Layers: every forward edge goes down.
    const { nodes } = layout(g);
    for (const e of g.edges) expect(nodes.get(e.to)!.layer, `${e.from} -> ${e.to}`).toBeGreaterThan(nodes.get(e.from)!.layer);
    const svg = toSvg(g);
    expect(svg.match(/<g class="node /g)?.length).toBe(g.nodes.length);
    expect(svg.match(/<path class="edge /g)?.length).toBe(g.edges.length);
  });

  it('writes <file>.dot and <file>.svg with the built-in layout', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'uk-graph-'));
    const r = await uk('graph', 'apps/hello', '--target', 'kvm-x86_64', '--builtin', '-o', path.join(dir, 'hello.svg'));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('built-in layout');
    expect(readFileSync(path.join(dir, 'hello.dot'), 'utf8')).toMatch(/^digraph "hello for kvm-x86_64"/);
    const svg = readFileSync(path.join(dir, 'hello.svg'), 'utf8');
    expect(svg).toContain('@uk/plat-kvm@0.1.0');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });
});
