import { sameText } from '../openvz/byte-text';

/**
 * Whether a fast poll's `vzlist -a -H -o ctid,status` lists exactly the CTs of the last poll, in
 * its order and with the same statuses, read straight from the bytes. Nearly every fast poll does,
 * and then its containers are the last poll's records as they are; reading the listing with the
 * generic table parser only to find that cost ~45 kB of lines, tokens and rows a poll.
 *
 * Conservative: a CT id or status is compared with the last poll's string char code by char code,
 * so any byte outside ASCII, a CR, a warning line, a blank line, an extra column or anything else
 * unexpected gives false and the caller reads the listing the careful way, which words the problem.
 */
const NL = 10;
const isGap = (c: number | undefined) => c === 32 || c === 9;

export function listsSameStatuses(bytes: Uint8Array, previous: readonly { ctId: string; status: string }[]): boolean {
  const n = bytes.length;
  let pos = 0;
  // The token at `pos` reads `text` and ends at a gap (`gapAfter`) or at a newline or the end.
  const token = (text: string, gapAfter: boolean): boolean => {
    const len = text.length;
    if (len === 0 || pos + len > n || !sameText(bytes, pos, pos + len, text)) return false;
    pos += len;
    const next = bytes[pos];
    return gapAfter ? isGap(next) : next === undefined || next === NL || isGap(next);
  };
  for (const ct of previous) {
    while (isGap(bytes[pos])) pos++;
    if (!token(ct.ctId, true)) return false;
    while (isGap(bytes[pos])) pos++;
    if (!token(ct.status, false)) return false;
    while (isGap(bytes[pos])) pos++;
    if (pos < n && bytes[pos++] !== NL) return false;
  }
  return pos === n;
}
