export function EmptyInventory({ onAdd }: { onAdd: () => void }) {
  return (
    <div className="empty">
      <p className="empty-title">No nodes yet — add one, or start the demo.</p>
      <p>
        <button type="button" className="button button-primary" onClick={onAdd}>
          Add your first node
        </button>
      </p>
      <p className="muted">
        To look around with a simulated fleet instead, restart vzfleet with <code>VZFLEET_DEMO=on</code> (for example{' '}
        <code>VZFLEET_DEMO=on npm start</code>): it starts a few simulated OpenVZ nodes on this machine and adds them here,
        tagged <span className="tag">demo</span>.
      </p>
    </div>
  );
}
