import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="page">
      <div className="empty">
        <h1>Page not found</h1>
        <p>
          <Link href="/">Go to the fleet overview</Link>
        </p>
      </div>
    </main>
  );
}
