// End to end against a real registry: Verdaccio on 127.0.0.1 (storage in a
// temp dir; third-party packages through an uplink read from the npm config
// at run time), every publishable package of the workspace published to it,
// then, in a temp dir outside the workspace: docs/getting-started.md's
// registry block as it is (a scoped registry entry for @uk, the global uk,
// `pnpm create @uk` an app, `uk run` handing over to its @uk/cli), add the
// OS pieces from that registry, build and boot it on linuxu and kvm (QEMU
// TCG; skipped without qemu-system-x86_64); scaffold @acme/alloc-bump, fill
// in the allocator, test and publish it, make it the app's default allocator
// and see it serve malloc; and see `uk lint` stop a bad manifest's publish.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docBlock } from '@uk/test-utils';

const root = path.resolve(import.meta.dirname, '../../..');
const haveQemu = (process.env.PATH ?? '').split(path.delimiter).some((d) => existsSync(path.join(d, 'qemu-system-x86_64')));

let tmp = '';
let url = '';
let server: (Server & { closeAllConnections?: () => void }) | undefined;
let env: NodeJS.ProcessEnv = {};
const work = (...p: string[]): string => path.join(tmp, 'work', ...p);

/** The publishable packages of the workspace: @uk/* (@uk/create included). */
function workspacePackages(): { name: string; dir: string }[] {
  const out: { name: string; dir: string }[] = [];
  for (const group of ['packages', 'platforms', 'tooling']) {
    for (const d of readdirSync(path.join(root, group))) {
      const file = path.join(root, group, d, 'package.json');
      if (!existsSync(file)) continue;
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name: string; private?: boolean };
      if (!json.private && (json.name.startsWith('@uk/'))) out.push({ name: json.name, dir: path.dirname(file) });
    }
  }
  return out;
}

interface Ran {
  exitCode: number | undefined;
  stdout: string;
  all: string;
}

async function run(cmd: string, args: string[], cwd: string): Promise<Ran> {
  const r = await execa(cmd, args, { cwd, env, extendEnv: false, reject: false, all: true, stdin: 'ignore', timeout: 170_000 });
  return { exitCode: r.exitCode, stdout: r.stdout, all: r.all };
}
const pnpm = (args: string[], cwd: string) => run('pnpm', args, cwd);
const uk = (args: string[], cwd: string) => run('pnpm', ['exec', 'uk', ...args], cwd);

async function startRegistry(): Promise<void> {
  // The uplink is whatever registry npm is configured with here; it is
  // read now and never written into the repository.
  const uplink = (await execa('npm', ['config', 'get', 'registry'], { reject: false })).stdout.trim() || undefined;
  const config = [
    `storage: ${JSON.stringify(path.join(tmp, 'storage'))}`,
    'auth:',
    `  htpasswd: { file: ${JSON.stringify(path.join(tmp, 'htpasswd'))}, max_users: 10 }`,
    uplink ? `uplinks:\n  upstream: { url: ${JSON.stringify(uplink)}, timeout: 60s }` : 'uplinks: {}',
    'packages:',
    // Ours only come from this registry; everything else through the uplink.
    "  '@uk/*': { access: $all, publish: $all }",
    "  '@acme/*': { access: $all, publish: $all }",
    `  '**': { access: $all, publish: $all${uplink ? ', proxy: upstream' : ''} }`,
    'log: { type: stdout, format: pretty, level: error }',
    'publish: { allow_offline: true }',
    '',
  ].join('\n');
  const file = path.join(tmp, 'verdaccio.yaml');
  writeFileSync(file, config);
  const verdaccio = (await import('verdaccio')) as unknown as { runServer: (f: string) => Promise<Server> };
  server = await verdaccio.runServer(file);
  await new Promise<void>((resolve, reject) => {
    server!.once('error', reject);
    server!.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}/`;

  const res = await fetch(`${url}-/user/org.couchdb.user:e2e`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'e2e', password: 'e2e-password' }),
  });
  const { token } = (await res.json()) as { token: string };
  // As a team sets it up: the default registry for everything else, and
  // this one for its own scopes. The docs' block adds the @uk entry itself.
  const npmrc = path.join(tmp, 'npmrc');
  writeFileSync(npmrc, `registry=${uplink ?? url}\n@acme:registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);

  // Children see only this registry: no npm/pnpm settings of the outer run.
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_|PNPM_|NPM_|CI$|VITEST|TURBO)/i.test(k)));
  Object.assign(env, {
    NPM_CONFIG_USERCONFIG: npmrc,
    npm_config_registry: url,
    PNPM_CONFIG_MINIMUM_RELEASE_AGE: '0',
    PNPM_CONFIG_DLX_CACHE_MAX_AGE: '0',
    XDG_CACHE_HOME: path.join(tmp, 'cache'), // metadata and dlx caches of this run only
    NO_COLOR: '1',
    // Global installs of this run go here (its bin first on PATH), never the machine's.
    NPM_CONFIG_PREFIX: path.join(tmp, 'global'),
    PATH: `${path.join(tmp, 'global/bin')}:${process.env.PATH ?? ''}`,
    UK_REGISTRY: url,
  });
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'uk-registry-e2e-'));
  mkdirSync(work(), { recursive: true });
  await startRegistry();
  const pkgs = workspacePackages();
  // A few at a time: each is a pack + an upload.
  for (let i = 0; i < pkgs.length; i += 4) {
    const batch = await Promise.all(
      pkgs.slice(i, i + 4).map((p) => pnpm(['publish', '--no-git-checks', '--registry', url], p.dir).then((r) => ({ p, r }))),
    );
    for (const { p, r } of batch) expect(r.exitCode, `publish ${p.name}:\n${r.all}`).toBe(0);
  }
  // Every workspace package is published (about 45 now): minutes when the suite shares the machine.
}, 420_000);

afterAll(async () => {
  if (server) {
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
  }
  if (tmp && !process.env.UK_E2E_KEEP) rmSync(tmp, { recursive: true, force: true });
});

const allocMain = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc.h>

int main(void)
{
	struct uk_alloc *a = uk_alloc_default();
	char *s = malloc(32);

	if (!a || !s) {
		printf("no allocator behind malloc\\n");
		return 3;
	}
	strcpy(s, "a string from malloc");
	printf("default allocator: %s; %s\\n", uk_alloc_name(a), s);
	free(s);
	return 0;
}
`;

async function boots(app: string, target: string, expected: RegExp): Promise<void> {
  const args = ['run', '--target', target];
  if (target.startsWith('kvm')) args.push('--accel', 'tcg', '--timeout', '60');
  const r = await uk(args, app);
  expect(r.exitCode, r.all).toBe(0);
  expect(r.stdout).toMatch(expected);
}

describe('publish to a local registry and consume from outside the workspace', () => {
  it('serves the published packages', async () => {
    const names = workspacePackages().map((p) => p.name);
    expect(names).toContain('@uk/cli');
    expect(names).toContain('@uk/create');
    const r = await pnpm(['view', '@uk/alloc-tlsf', 'uk.implements', '--json'], work());
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain('@uk/alloc');
  });

  const app = () => work('my-app');

  it("getting-started's registry block, as it is: a scoped registry entry, the global uk, pnpm create @uk, uk run", async () => {
    const r = await run('bash', ['-euo', 'pipefail', '-c', docBlock('docs/getting-started.md', 'registry')], work());
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('created app my-app');
    expect(r.stdout).toContain('Hello from my-app');
    expect(r.stdout).toContain('argv[1] = 7');
    // The global uk (installed from the registry) handed over to the app's own @uk/cli.
    expect(readFileSync(path.join(tmp, 'npmrc'), 'utf8')).toContain(`@uk:registry=${url}`);
    expect(existsSync(path.join(tmp, 'global/bin/uk'))).toBe(true);
    const traced = await execa('uk', ['run', '--', '3'], { cwd: app(), env: { ...env, UK_LAUNCH_TRACE: '1' }, extendEnv: false, reject: false, stdin: 'ignore' });
    expect(traced.stderr).toContain(`handing over to the project's @uk/cli: ${app()}/node_modules/@uk/cli/bin/uk`);
    const manifest = JSON.parse(readFileSync(path.join(app(), 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(manifest.devDependencies?.['@uk/cli']).toMatch(/^\^\d/);
    expect(existsSync(path.join(app(), 'uk.lock.json'))).toBe(true);
  });

  it('pnpm add the OS pieces and an allocator from the registry; boots on linuxu and kvm', async () => {
    const add = await pnpm(['add', '@uk/booter', '@uk/plat-kvm', '@uk/plat-linuxu', '@uk/libc', '@uk/alloc', '@uk/alloc-tlsf'], app());
    expect(add.exitCode, add.all).toBe(0);
    writeFileSync(path.join(app(), 'main.c'), allocMain);
    await boots(app(), 'linuxu-x86_64', /default allocator: tlsf; a string from malloc/);
    if (haveQemu) await boots(app(), 'kvm-x86_64', /default allocator: tlsf; a string from malloc/);
  });

  const lib = () => work('alloc-bump');

  it('scaffolds @acme/alloc-bump: the skeleton passes its test, the filled-in allocator too, and it publishes', async () => {
    const created = await pnpm(['create', '@uk', 'alloc-bump', '--implements', '@uk/alloc', '--name', '@acme/alloc-bump'], work());
    expect(created.exitCode, created.all).toBe(0);
    expect(existsSync(path.join(lib(), 'src/bump.c'))).toBe(true);
    const install = await pnpm(['install'], lib());
    expect(install.exitCode, install.all).toBe(0);
    const skeleton = await pnpm(['test'], lib());
    expect(skeleton.exitCode, skeleton.all).toBe(0);
    expect(skeleton.stdout).toContain('not written yet');

    writeFileSync(path.join(lib(), 'src/bump.c'), readFileSync(path.join(import.meta.dirname, 'bump.c.txt'), 'utf8'));
    const filled = await pnpm(['test'], lib());
    expect(filled.exitCode, filled.all).toBe(0);
    expect(filled.stdout).toContain('2 blocks allocated and freed');

    const publish = await pnpm(['publish', '--no-git-checks'], lib());
    expect(publish.exitCode, publish.all).toBe(0);
    expect(publish.all).toContain('uk manifest (lib) is valid'); // prepublishOnly: uk lint
  });

  it('a manifest that names a missing source fails uk lint before publishing, naming the field', async () => {
    const bad = work('alloc-bad');
    cpSync(lib(), bad, { recursive: true, verbatimSymlinks: true });
    const file = path.join(bad, 'package.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { name: string; uk: { sources: string[] } };
    json.name = '@acme/alloc-bad';
    json.uk.sources = ['src/bump.c', 'src/missing.c'];
    writeFileSync(file, JSON.stringify(json, null, 2));
    const publish = await pnpm(['publish', '--no-git-checks'], bad);
    expect(publish.exitCode).not.toBe(0);
    expect(publish.all).toContain('uk.sources[1]: "src/missing.c" matches no file');
    const view = await pnpm(['view', '@acme/alloc-bad', 'version'], work());
    expect(view.exitCode).not.toBe(0); // never reached the registry
  });

  it('the app takes @acme/alloc-bump from the registry as its default allocator', async () => {
    const add = await pnpm(['add', '@acme/alloc-bump'], app());
    expect(add.exitCode, add.all).toBe(0);
    const file = path.join(app(), 'package.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { uk: Record<string, unknown> };
    json.uk.default = { '@uk/alloc': '@acme/alloc-bump' };
    writeFileSync(file, JSON.stringify(json, null, 2));
    await boots(app(), 'linuxu-x86_64', /default allocator: bump; a string from malloc/);
    if (haveQemu) await boots(app(), 'kvm-x86_64', /default allocator: bump; a string from malloc/);
    const lock = JSON.parse(readFileSync(path.join(app(), 'uk.lock.json'), 'utf8')) as unknown;
    expect(JSON.stringify(lock)).toContain('@acme/alloc-bump');
  });
});
