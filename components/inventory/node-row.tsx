'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { CpuUnits } from '@/components/node/cpu-units';
import { HealthBadge } from '@/components/node/health-badge';
import { RelativeTime } from '@/components/ui/relative-time';
import { errorMessageOf } from '@/trpc/domain-error';
import { useTRPC } from '@/trpc/client';
import type { NodeSummary } from '@/trpc/types';
import { parseWrapperRefusals } from '@/vocabulary/wrapper-refusal';
import { ConnectionTestResult } from './connection-test-result';
import { RemoveNodeButton } from './remove-node-button';

const COLUMNS = 10;

export function NodeRow({ node, onEdit }: { node: NodeSummary; onEdit: (node: NodeSummary) => void }) {
  const trpc = useTRPC();
  const test = useMutation(trpc.node.testConnect.mutationOptions());
  const health = node.poll?.health ?? 'never-polled';
  return (
    <>
      <tr>
        <th scope="row">
          <Link href={`/nodes/${node.id}`}>{node.name}</Link>
        </th>
        <td>
          <span className="mono">
            {node.host}:{node.port}
          </span>
          <div className="small muted">{node.sshCompression ? 'SSH compressed (zlib)' : 'SSH uncompressed'}</div>
        </td>
        <td className="mono">{node.sshUser}</td>
        <td>{node.location}</td>
        <td>
          {node.tags.map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
        </td>
        <td>
          <HealthBadge health={health} />
          {node.poll ? (
            <div className="small muted">
              <RelativeTime at={node.poll.healthSince} prefix="since " />
            </div>
          ) : null}
          {parseWrapperRefusals(node.poll?.wrapperRefused).length > 0 ? <div className="small">older collector wrapper</div> : null}
        </td>
        <td>
          {node.poll?.lastSuccessAt ? <RelativeTime at={node.poll.lastSuccessAt} /> : <span className="muted">never</span>}
          <div className="small muted">{node.pollIntervalS === null ? 'polled at the fleet default' : `polled every ${node.pollIntervalS} s`}</div>
        </td>
        <td className="num">
          {node.containersRunning} / {node.containersTotal}
        </td>
        <td className="num">
          <CpuUnits cpu={node.cpu} />
        </td>
        <td>
          <div className="row-actions">
            <button type="button" className="button button-small" disabled={test.isPending} onClick={() => test.mutate({ id: node.id })}>
              {test.isPending ? 'Testing…' : 'Test connection'}
            </button>
            <button type="button" className="button button-small" onClick={() => onEdit(node)}>
              Edit
            </button>
            <RemoveNodeButton id={node.id} name={node.name} />
          </div>
        </td>
      </tr>
      {test.data || test.error ? (
        <tr className="detail-row">
          <td colSpan={COLUMNS} aria-label={`Connection test of ${node.name}`}>
            {test.data ? <ConnectionTestResult nodeId={node.id} test={test.data} /> : null}
            {test.error ? (
              <p className="result result-bad" role="alert">
                {errorMessageOf(test.error)}
              </p>
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}
