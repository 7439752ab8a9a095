/** Same-origin JSON POST (the only way the server accepts a state change); the answer's JSON or null. */
export async function postJson(path: string, body: unknown): Promise<{ status: number; data: Record<string, unknown> | null }> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
  const data = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  return { status: res.status, data };
}

const BASE = 'http://vzfleet.invalid';

/** True when the text, read by a browser as a URL relative to our page, stays on our origin as a plain path. */
function isLocalPath(text: string): boolean {
  // Browsers drop tabs and newlines inside URLs and read `\` as `/`: `/\t/evil` and `/\evil` are `//evil`.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (!/^\/(?![/\\])/.test(text) || /[\u0000-\u001f\u007f\\]/.test(text)) return false;
  try {
    const u = new URL(text, BASE);
    return u.origin === BASE;
  } catch {
    return false;
  }
}

/**
 * A local path to go to after login: never another site (`//evil`, `/\t/evil`, `/%5C%5Cevil`,
 * `https://…`). Encoded forms are decoded (a few rounds) and each must still be a local path.
 */
export function safeNext(next: string | null): string {
  if (!next || next.length > 2000) return '/';
  let text = next;
  for (let i = 0; i < 3; i++) {
    if (!isLocalPath(text)) return '/';
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      return '/';
    }
    if (decoded === text) return next;
    text = decoded;
  }
  return '/';
}
