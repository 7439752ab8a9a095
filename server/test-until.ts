/**
 * For tests: polls `what` every 20 ms until it holds or `ms` have passed, and returns its last
 * answer, so the caller's `expect(...).toBe(true)` says which condition failed.
 */
export async function until(what: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (await what()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return what();
}
