// `turbo run image` builds every app for every target it declares, caches
// every task, and rebuilds exactly the images that link a micro-library whose
// sources changed (through the `transit` task in turbo.json). Runs in a copy
// of the workspace so the repository's own caches are untouched. The one
// full build also fills a real self-hosted remote cache (docs/publishing.md),
// from which a second copy with an empty local cache gets every task,
// images byte-identical.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { needTool } from '@uk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspace, quietEnv } from './copy.js';
import { workspacePackages } from './packages.js';
import { startRemoteCache, type RemoteCache } from './remote-cache.js';

const apps = workspacePackages('apps').filter((a) => a.json.uk?.kind === 'app');

interface DryTask {
  taskId: string;
  package: string;
  task: string;
  hash: string;
  command: string;
  cache: { status: 'HIT' | 'MISS' };
}

describe('turbo run image in a copy of the workspace', () => {
  beforeAll(() => needTool('gcc', 'ld', 'git', 'pnpm'));
  let ws = '';
  let ws2 = '';
  let remote: RemoteCache | undefined;
  const turboIn = async (dir: string, env: Record<string, string>, ...args: string[]) =>
    execa('pnpm', ['exec', 'turbo', 'run', 'image', ...args], { cwd: dir, env: { ...quietEnv, UK_CACHE_DIR: path.join(dir, '.uk-cache'), ...env } });
  const turbo = async (...args: string[]) => turboIn(ws, {}, ...args);
  const dry = async (): Promise<Map<string, DryTask>> => {
    const r = await turbo('--dry=json');
    const tasks = (JSON.parse(r.stdout) as { tasks: DryTask[] }).tasks.filter((t) => t.command !== '<NONEXISTENT>');
    return new Map(tasks.map((t) => [t.taskId, t]));
  };
  const cachedLine = (out: string): [number, number] => {
    const m = /Cached:\s+(\d+) cached, (\d+) total/.exec(out);
    expect(m, out).not.toBeNull();
    return [Number(m![1]), Number(m![2])];
  };

  beforeAll(async () => {
    [ws, remote] = await Promise.all([copyWorkspace(), startRemoteCache()]);
  }, 120_000);
  afterAll(async () => {
    await remote?.stop();
    for (const dir of [ws, ws2]) if (dir && !process.env.UK_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
  });

  it('every app has an image script that builds each of its targets, read from uk.targets (not a copy of them)', () => {
    for (const app of apps) {
      expect((app.json.uk!.targets as string[]).length, app.rel).toBeGreaterThan(0);
      expect(app.json.scripts?.image, `${app.rel}: "image" must be uk build --all-targets`).toBe('uk build --all-targets');
    }
  });

  // Every app for every target from an empty cache: the longest build of the suite.
  it('builds every image, then the second run is all cache hits', async () => {
    // The one full build: it also fills the remote cache.
    const first = await turboIn(ws, remote!.env, '--output-logs=errors-only');
    expect(first.stdout + first.stderr).toContain('Remote caching enabled');
    for (const app of apps) {
      for (const t of app.json.uk!.targets as string[]) {
        expect(existsSync(path.join(ws, app.rel, 'build', t)), `${app.rel} was not built for ${t}`).toBe(true);
      }
      expect(readFileSync(path.join(ws, app.rel, 'uk.lock.json'), 'utf8')).toContain('"targets"');
    }
    expect(cachedLine(first.stdout)[1]).toBeGreaterThanOrEqual(apps.length);
    const second = await turbo('--output-logs=errors-only');
    const [cached, total] = cachedLine(second.stdout);
    expect(cached, second.stdout).toBe(total);
    expect(second.stdout).toContain('FULL TURBO');
    // 415 s on a quiet machine once musl's and SQLite's apps joined (lwIP, musl
    // and sqlite3.c compiled for both targets); CI runs other files meanwhile.
  }, 1_200_000);

  it('a second clone with an empty local cache gets every task from the remote cache, images byte-identical', async () => {
    ws2 = await copyWorkspace('uk-ws2-');
    expect(existsSync(path.join(ws2, '.turbo/cache'))).toBe(false);
    const run = await turboIn(ws2, remote!.env, '--output-logs=errors-only', '--summarize');
    const summaryFile = /Summary:\s+(\S+\.json)/.exec(run.stdout)?.[1];
    expect(summaryFile, run.stdout).toBeDefined();
    const summary = JSON.parse(readFileSync(summaryFile!, 'utf8')) as { tasks: { taskId: string; command: string; cache: { status: string; source?: string; local: boolean; remote: boolean } }[] };
    const tasks = summary.tasks.filter((t) => t.command !== '<NONEXISTENT>');
    expect(tasks.filter((t) => t.taskId.endsWith('#image')).length).toBe(apps.length);
    for (const t of tasks) expect(t.cache, t.taskId).toMatchObject({ status: 'HIT', source: 'REMOTE', remote: true, local: false });
    const [cached, total] = cachedLine(run.stdout);
    expect(cached).toBe(total);
    // Every file each image task made (the image, its .dbg, map, record), identical in both clones.
    const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
    const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
    let images = 0;
    for (const app of apps) {
      for (const t of app.json.uk!.targets as string[]) {
        const a = path.join(ws, app.rel, 'build', t);
        const b = path.join(ws2, app.rel, 'build', t);
        expect(files(b), `${app.rel} ${t}`).toEqual(files(a));
        for (const f of files(a)) expect(sha(path.join(b, f)), `${app.rel}/build/${t}/${f}`).toBe(sha(path.join(a, f)));
        images++;
      }
    }
    expect(images).toBeGreaterThanOrEqual(apps.length);
  }, 300_000);

  it('a changed micro-library source rebuilds exactly the images that link it', async () => {
    const before = await dry();
    appendFileSync(path.join(ws, 'packages/alloc-region/src/region.c'), '\n/* changed by the turbo-image test */\n');
    const after = await dry();
    const images = [...after.values()].filter((t) => t.task === 'image');
    const rebuilt = images.filter((t) => t.hash !== before.get(t.taskId)?.hash).map((t) => t.package).sort();
    // alloc-test links @uk/alloc-region; hello and sched-test do not.
    expect(rebuilt).toEqual(['alloc-test']);
    for (const t of images) expect(t.cache.status, t.taskId).toBe(t.package === 'alloc-test' ? 'MISS' : 'HIT');
    const run = await turbo('--output-logs=errors-only');
    const [cached, total] = cachedLine(run.stdout);
    expect(total - cached, run.stdout).toBe(1);
  });
});
