import Link from 'next/link';

export default function NodeNotFound() {
  return (
    <div className="empty">
      <h1>No such node or container</h1>
      <p>The address does not name a node or container vzfleet knows. It may have been removed.</p>
      <p>
        <Link href="/nodes">Back to the nodes</Link>
      </p>
    </div>
  );
}
