import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="page">
      <div className="empty">
        <h1>Page not found</h1>
        <p>
          <Link href="/nodes">Go to the nodes</Link>
        </p>
      </div>
    </main>
  );
}
