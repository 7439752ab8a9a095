import type { NodeSummary } from '@/trpc/types';
import { NodeRow } from './node-row';

export function NodeTable({ nodes, onEdit }: { nodes: NodeSummary[]; onEdit: (node: NodeSummary) => void }) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">Hardware nodes in the inventory</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Address</th>
            <th scope="col">User</th>
            <th scope="col">Location</th>
            <th scope="col">Tags</th>
            <th scope="col">Health</th>
            <th scope="col">Last success</th>
            <th scope="col" className="num">
              CTs running / total
            </th>
            <th scope="col" className="num">
              CPU units (vzcpucheck)
            </th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <NodeRow key={n.id} node={n} onEdit={onEdit} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
