/** Route segments arrive as text; these turn them into ids once, at the edge, or say they are not ids. */
export function nodeIdOfParam(segment: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(segment)) return null;
  const id = Number(segment);
  return id <= 2_147_483_647 ? id : null;
}

const CT_ID_RE = /^(?:0|[1-9]\d{0,9}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** CT ids stay text as the kernel prints them ("101", or an OpenVZ 7 UUID); the segment must look like one. */
export function ctIdOfParam(segment: string): string | null {
  return CT_ID_RE.test(segment) ? segment : null;
}
