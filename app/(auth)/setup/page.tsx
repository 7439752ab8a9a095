import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SetupForm } from '@/components/auth/setup-form';
import { isSetupOpen } from '@/app/page-guard';

export const metadata: Metadata = { title: 'First run' };

/** Exists only while there is no account at all. */
export default async function SetupPage() {
  if (!(await isSetupOpen())) notFound();
  return (
    <>
      <h1>Welcome to vzfleet</h1>
      <p>Create the first admin account. This page disappears once it exists.</p>
      <SetupForm />
    </>
  );
}
