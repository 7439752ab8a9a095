/** The header badge's words, for its label and tooltip: "3 open alarms nobody has acknowledged, 1 critical". */
export function unacknowledgedText(c: { total: number; critical: number }): string {
  if (c.total === 0) return 'no open alarms waiting';
  const what = `${c.total} open alarm${c.total === 1 ? '' : 's'} nobody has acknowledged`;
  return c.critical > 0 ? `${what}, ${c.critical} critical` : what;
}
