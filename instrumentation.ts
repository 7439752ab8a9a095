/** Boots the database, the demo fleet and the poll loop with the server, not on the first request. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getServices } = await import('./server/runtime');
  await getServices();
}
