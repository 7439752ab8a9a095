'use client';

import { postJson } from './post-json';

export function SignOutButton({ label }: { label: string }) {
  return (
    <span className="account-box">
      <a href="/account" className="account-label">
        {label}
      </a>
      <button
        type="button"
        className="button button-small"
        onClick={() => {
          void postJson('/api/auth/sign-out', {}).finally(() => window.location.assign('/login'));
        }}
      >
        Sign out
      </button>
    </span>
  );
}
