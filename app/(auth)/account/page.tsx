import type { Metadata } from 'next';
import { TotpPanel } from '@/components/auth/totp-panel';
import { requirePageViewer } from '@/app/page-guard';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const viewer = await requirePageViewer(['admin', 'operator', 'support'], { allowTotpEnrolment: true });
  return (
    <>
      <h1>Account</h1>
      <p>
        Signed in as <strong>{viewer.label}</strong> ({viewer.role}). <a href="/">Back to vzfleet</a>
      </p>
      {viewer.mustEnrolTotp && (
        <p role="alert" className="form-error">
          An admin requires two-factor authentication for your role: set it up to continue.
        </p>
      )}
      <TotpPanel />
    </>
  );
}
