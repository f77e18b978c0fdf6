/**
 * The embedded gateway and remote profiles, through the preload bridge.
 * TODO(renderer): wire to main/ipc/contract.ts (status, port, cache dir, logs, restart; profiles
 * add/test/switch/remove) once the Electron main process lands.
 */
export function EmbeddedGatewayCard() {
  return (
    <section className="card" aria-labelledby="embedded-gw">
      <h2 id="embedded-gw">Embedded gateway and remote profiles</h2>
      <div className="notice warn" role="status">This console's main process does not offer gateway management yet.</div>
    </section>
  );
}
