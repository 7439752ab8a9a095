/**
 * Whether a page should still wait for this query before it draws: only for its first answer. A
 * failed read is retried in the background (react-query's retries) while the page is drawn and
 * says what failed, rather than a skeleton that stays for the length of the retries.
 */
export function awaitingFirstAnswer(q: { isPending: boolean; failureCount: number }): boolean {
  return q.isPending && q.failureCount === 0;
}
