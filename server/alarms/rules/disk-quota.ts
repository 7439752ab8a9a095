import { clip, type Condition, type Rule } from './types';

/**
 * A CT's first-level disk quota (blocks or inodes) past its soft limit: its grace period is
 * running. At the hard limit writes fail, so the severity rises to `hardSeverity`. The collector
 * does not store the grace deadline, so "grace running out" is told by reaching the hard limit.
 */
export const diskQuotaRule: Rule = ({ node, snapshot, settings }) => {
  const s = settings.diskQuota;
  if (!snapshot) return { observed: false, conditions: [] };
  if (!s.enabled) return { observed: true, conditions: [] };
  const conditions: Condition[] = [];
  for (const q of snapshot.quotas) {
    if (q.ctId === '0') continue;
    const over = [
      { what: 'disk space', usage: q.blocksUsage, soft: q.blocksSoft, hard: q.blocksHard },
      { what: 'inodes', usage: q.inodesUsage, soft: q.inodesSoft, hard: q.inodesHard },
    ].filter((x) => x.usage !== null && x.soft !== null && x.soft > 0 && x.usage > x.soft);
    if (!over.length) continue;
    const atHard = over.some((x) => x.hard !== null && x.hard > 0 && x.usage! >= x.hard);
    const worst = over.reduce((a, b) => (b.usage! / b.soft! > a.usage! / a.soft! ? b : a));
    conditions.push({
      key: `ct:${node.id}:${q.ctId}:quota`,
      rule: 'disk-quota',
      severity: atHard ? s.hardSeverity : s.severity,
      scope: 'ct',
      nodeId: node.id,
      ctId: q.ctId,
      resource: worst.what,
      title: `CT ${clip(q.ctId, 64)} on ${clip(node.name, 100)}: ${worst.what} ${atHard ? 'at the hard limit' : 'past the soft limit'}`,
      detail: over.map((x) => `${x.what} ${x.usage} of soft ${x.soft} / hard ${x.hard ?? 'none'}`).join('; '),
      value: worst.usage! / worst.soft!,
    });
  }
  return { observed: true, conditions };
};
