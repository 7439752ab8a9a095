import { isCtOrHostId } from '@/vocabulary/ct-id';

/** Route segments arrive as text; these turn them into ids once, at the edge, or say they are not ids. */
export function nodeIdOfParam(segment: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(segment)) return null;
  const id = Number(segment);
  return id <= 2_147_483_647 ? id : null;
}

/** CT ids stay text as the kernel prints them ("101", an OpenVZ 7 UUID, or "0" for the node's own beancounters). */
export function ctIdOfParam(segment: string): string | null {
  return isCtOrHostId(segment) ? segment : null;
}
