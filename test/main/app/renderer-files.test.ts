import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mimeType, resolveRendererFile } from '../../../main/app/renderer-files';
import { contentSecurityPolicy } from '../../../main/security/content-security-policy';

describe('serving the renderer at app://passerelle', () => {
  const dir = '/opt/passerelle/out/renderer';
  it('maps URLs into the build, client routes to index.html, and never outside', () => {
    expect(resolveRendererFile(dir, 'app://passerelle/')).toBe(join(dir, 'index.html'));
    expect(resolveRendererFile(dir, 'app://passerelle/models')).toBe(join(dir, 'index.html'));
    expect(resolveRendererFile(dir, 'app://passerelle/assets/index-abc.js')).toBe(join(dir, 'assets/index-abc.js'));
    expect(resolveRendererFile(dir, 'app://passerelle/../../etc/passwd.txt')).toBe(join(dir, 'etc/passwd.txt'));
    expect(resolveRendererFile(dir, 'app://passerelle/%2e%2e/%2e%2e/etc/shadow.db')).toBe(join(dir, 'etc/shadow.db'));
    expect(resolveRendererFile(dir, 'app://passerelle/..%2F..%2Fetc%2Fshadow.db')).toBeNull();
    expect(resolveRendererFile(dir, 'app://passerelle/a%00.js')).toBeNull();
    expect(mimeType('x.js')).toBe('text/javascript; charset=utf-8');
  });

  it('sends a CSP with no inline or eval script and network only to gateways', () => {
    const csp = contentSecurityPolicy(['https://dgx.example.com']);
    const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));
    expect(directive('default-src')).toBe("default-src 'none'");
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('connect-src')).toBe("connect-src 'self' http://127.0.0.1:* http://localhost:* http://[::1]:* https://dgx.example.com");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });
});
