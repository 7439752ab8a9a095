/** The content codings vzfleet sends bodies in, besides none. */
export type ContentCoding = 'br' | 'gzip';

/**
 * Whether an Accept-Encoding header accepts `coding`: listed with a weight above 0, or covered by
 * `*` with a weight above 0 and not listed itself (RFC 9110 §12.5.3).
 */
export function acceptsEncoding(header: string | string[] | null | undefined, coding: ContentCoding): boolean {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  let star: number | null = null;
  for (const part of text.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    const q = params.map((p) => /^q=([0-9.]+)$/i.exec(p)).find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    if (name?.toLowerCase() === coding) return weight > 0;
    if (name === '*') star = weight;
  }
  return star !== null && star > 0;
}

/** The coding to send a compressible body in: br (smaller) when taken, else gzip, else none. */
export function preferredCoding(header: string | string[] | null | undefined): ContentCoding | null {
  if (acceptsEncoding(header, 'br')) return 'br';
  if (acceptsEncoding(header, 'gzip')) return 'gzip';
  return null;
}
