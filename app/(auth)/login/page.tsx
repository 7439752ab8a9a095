import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { LoginForm } from '@/components/auth/login-form';
import { findPageViewer, homeOf, isSetupOpen } from '@/app/page-guard';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage() {
  if (await isSetupOpen()) redirect('/setup');
  const viewer = await findPageViewer();
  if (viewer) redirect(homeOf(viewer.role));
  return (
    <>
      <h1>Sign in</h1>
      <Suspense>
        <LoginForm />
      </Suspense>
    </>
  );
}
