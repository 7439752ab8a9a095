/** queued → running → one of the outcomes; `reconciling` after a restart found it running. */
export const MIGRATION_STATUSES = ['queued', 'running', 'reconciling', 'succeeded', 'succeeded-with-warnings', 'failed', 'cancelled'] as const;
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];
export const ACTIVE_MIGRATION_STATUSES: readonly MigrationStatus[] = ['queued', 'running', 'reconciling'];

