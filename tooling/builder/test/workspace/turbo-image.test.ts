// `turbo run image` builds every app for every target it declares, caches
// every task, and rebuilds exactly the images that link a micro-library whose
// sources changed (through the `transit` task in turbo.json). Runs in a copy
// of the workspace so the repository's own caches are untouched.
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { needTool } from '@uk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspace, quietEnv } from './copy.js';
import { workspacePackages } from './packages.js';

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
  const turbo = async (...args: string[]) =>
    execa('pnpm', ['exec', 'turbo', 'run', 'image', ...args], { cwd: ws, env: { ...quietEnv, UK_CACHE_DIR: path.join(ws, '.uk-cache') } });
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
    ws = await copyWorkspace();
  }, 120_000);
  afterAll(() => {
    if (ws && !process.env.UK_KEEP_TMP) rmSync(ws, { recursive: true, force: true });
  });

  it('every app has an image script that builds each of its targets, read from uk.targets (not a copy of them)', () => {
    for (const app of apps) {
      expect((app.json.uk!.targets as string[]).length, app.rel).toBeGreaterThan(0);
      expect(app.json.scripts?.image, `${app.rel}: "image" must be uk build --all-targets`).toBe('uk build --all-targets');
    }
  });

  // Every app for every target from an empty cache: the longest build of the suite.
  it('builds every image, then the second run is all cache hits', async () => {
    const first = await turbo('--output-logs=errors-only');
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
  }, 480_000);

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
