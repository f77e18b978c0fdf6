import { useAppStore } from '../../store/app-store';
import { formatBytes, formatSeconds } from '../../ui/format';
import { endSession } from '../../app/session';
import { platform as currentPlatform } from '../../app/platform-instance';
import { EmbeddedGatewayCard } from './EmbeddedGatewayCard';

/** In a browser: the gateway this page came from. In Electron: also the embedded gateway and remote profiles. */
export default function ConnectionsPage() {
  const platform = useAppStore((s) => s.connection.platform);
  return (
    <>
      <h1>Connections</h1>
      <CurrentGatewayCard />
      {platform === 'electron'
        ? <EmbeddedGatewayCard />
        : <p className="muted">This page is served by the gateway below; to manage several gateways, use the Passerelle desktop console.</p>}
    </>
  );
}

function CurrentGatewayCard() {
  const system = useAppStore((s) => s.connection.system);
  const baseUrl = useAppStore((s) => s.connection.credentials?.baseUrl);
  const platform = useAppStore((s) => s.connection.platform);
  const persistent = useAppStore((s) => s.connection.isStoragePersistent);
  if (!system) return null;
  return (
    <section className="card" aria-labelledby="current-gw">
      <h2 id="current-gw">Current gateway</h2>
      <table>
        <tbody>
          <tr><th scope="row">Address</th><td className="mono">{baseUrl || location.origin}</td></tr>
          <tr><th scope="row">Version</th><td>{system.version} (Node {system.node}, {system.platform}/{system.arch})</td></tr>
          <tr><th scope="row">Host</th><td>{system.hostname} · {system.cpu.cores} cores · {formatBytes(system.memory.freeBytes)} free of {formatBytes(system.memory.totalBytes)}</td></tr>
          <tr><th scope="row">Model cache</th><td className="mono">{system.cache.path} · {formatBytes(system.cache.freeBytes)} free</td></tr>
          <tr><th scope="row">Up for</th><td>{formatSeconds(system.uptimeSeconds)}</td></tr>
          <tr><th scope="row">API keys required on /v1</th><td>{system.auth.apiKeysRequired ? 'yes' : 'no (no key exists: /v1 is open)'}</td></tr>
          <tr><th scope="row">Lazy loading</th><td>{system.lazyLoadModels ? 'models load on first use' : 'downloaded models load at start'}</td></tr>
        </tbody>
      </table>
      {platform === 'browser' && (
        <div className="row" style={{ marginTop: 8 }}>
          <span className="muted">{persistent ? 'The admin token is kept in this browser\'s local storage.' : 'This browser refuses local storage: the admin token is kept for this tab only.'}</span>
          <button type="button" onClick={() => void currentPlatform.forgetAdminToken().then(endSession)}>Sign out</button>
        </div>
      )}
    </section>
  );
}
