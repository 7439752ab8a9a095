'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useTRPC } from '@/trpc/client';

export function SecurityPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.security.settings.queryOptions());
  const update = useMutation(trpc.security.update.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.security.pathKey() }) }));
  return (
    <section className="panel" aria-labelledby="security-h">
      <h2 id="security-h">Security</h2>
      {settings.error && !settings.data ? <ErrorPanel title="Could not read the security settings" error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      <label>
        <input
          type="checkbox"
          checked={settings.data?.requireTotp ?? false}
          disabled={!settings.data || update.isPending}
          onChange={(e) => update.mutate({ requireTotp: e.target.checked })}
        />{' '}
        Require two-factor authentication (TOTP) for admins and operators
      </label>
    </section>
  );
}
