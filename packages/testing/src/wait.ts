/**
 * Polls `probe` until it returns a value that `done` accepts; for effects applied by events ("shows within
 * 5 seconds"). Throws with the last value seen.
 */
export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean = (v) => Boolean(v),
  { timeoutMs = 10_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `waitFor timed out after ${timeoutMs} ms; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${(lastError as Error).message}` : ''}`,
  );
}
