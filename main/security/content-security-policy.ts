/**
 * The console page's CSP, sent as a header by the app:// protocol handler. Scripts only from the
 * bundle (no inline, no eval); network only to the gateways the console may talk to: the embedded
 * one on loopback (its port changes per launch) and the saved remote profiles.
 */
export function contentSecurityPolicy(connectOrigins: readonly string[]): string {
  const connect = ["'self'", 'http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*', ...connectOrigins];
  return [
    "default-src 'none'",
    "script-src 'self'",
    // uPlot and React set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // The audio lab plays dropped and recorded audio from blob: URLs.
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
