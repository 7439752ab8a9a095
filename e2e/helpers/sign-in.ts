import { E2E_PASSWORD } from './accounts';

/** Cookies a response set, as name → value. */
export function setCookies(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    out.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  return out;
}

export function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** Signs in through the app's own endpoint, as the login page does; returns the session cookies. */
export async function signIn(baseURL: string, email: string, password = E2E_PASSWORD): Promise<Map<string, string>> {
  const res = await fetch(`${baseURL}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  return setCookies(res);
}

/** A Playwright storageState holding these cookies for the test server. */
export function storageState(baseURL: string, cookies: Map<string, string>) {
  const { hostname } = new URL(baseURL);
  return {
    cookies: [...cookies].map(([name, value]) => ({ name, value, domain: hostname, path: '/', expires: Math.floor(Date.now() / 1000) + 86_400, httpOnly: true, secure: false, sameSite: 'Lax' as const })),
    origins: [],
  };
}
