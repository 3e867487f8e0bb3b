// Running one measurement so that its failure becomes a table cell ("n/a
// (why)") instead of ending the whole benchmark.

export type Attempt<T> = { ok: true; value: T } | { ok: false; why: string };

/** First line of an error's message, shortened for a table cell. */
function shortReason(e: unknown, max = 200): string {
  const text = e instanceof Error ? e.message : String(e);
  const fix = (e as { fix?: unknown } | undefined)?.fix;
  const first = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'failed';
  const line = typeof fix === 'string' ? `${first}: ${fix}` : first;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Runs `fn`; on failure, reports the whole error to `onError` and returns a short reason. */
export async function attempt<T>(fn: () => Promise<T>, onError?: (text: string) => void): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (onError) {
      const fix = (e as { fix?: unknown }).fix;
      onError(`${e instanceof Error ? e.message : String(e)}${typeof fix === 'string' ? `\n  fix: ${fix}` : ''}`);
    }
    return { ok: false, why: shortReason(e) };
  }
}

/** The value of a successful attempt; throws the failure's reason otherwise. */
export function need<T>(a: Attempt<T>): T {
  if (!a.ok) throw new Error(a.why);
  return a.value;
}
