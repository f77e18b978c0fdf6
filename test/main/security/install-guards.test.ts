import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import type { App, Session, Shell } from 'electron';
import { installGuards } from '../../../main/security/install-guards';

/** Records what the guards do to a web contents, the way Electron calls them. */
class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
    this.openHandler = h;
  }
  navigate(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true), url, isMainFrame: event !== 'will-frame-navigate' }, url);
    return prevented;
  }
}

function setup() {
  const app = new EventEmitter();
  const opened: string[] = [];
  const warnings: string[] = [];
  const session = { request: null as unknown as Parameters<Session['setPermissionRequestHandler']>[0], check: null as unknown as Parameters<Session['setPermissionCheckHandler']>[0] };
  installGuards(
    app as unknown as App,
    { setPermissionRequestHandler: (h) => (session.request = h), setPermissionCheckHandler: (h) => (session.check = h) },
    { openExternal: async (url: string) => void opened.push(url) } as Pick<Shell, 'openExternal'>,
    { warn: (m) => warnings.push(m) },
  );
  const contents = new FakeContents();
  app.emit('web-contents-created', {}, contents);
  const ask = (permission: string, requestingUrl: string, mediaTypes?: string[]): boolean => {
    const cb = vi.fn();
    session.request!(null as never, permission as never, cb, { requestingUrl, mediaTypes } as never);
    return cb.mock.calls[0]![0] as boolean;
  };
  return { contents, opened, warnings, ask, check: session.check! };
}

describe('security guards', () => {
  it('refuses navigation to another origin and keeps navigation inside the console', () => {
    const { contents, opened } = setup();
    expect(contents.navigate('will-navigate', 'app://passerelle/#/models')).toBe(false);
    expect(contents.navigate('will-navigate', 'http://127.0.0.1:8000/')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-frame-navigate', 'https://evil.example/frame')).toBe(true);
    // An https link clicked in the page goes to the browser instead; nothing else does.
    expect(opened).toEqual(['https://evil.example/']);
  });

  it('denies window.open, sending https links (only) to the browser', () => {
    const { contents, opened, warnings } = setup();
    expect(contents.openHandler!({ url: 'https://huggingface.co/pyannote/segmentation-3.0' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'app://passerelle/popup' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://huggingface.co/pyannote/segmentation-3.0']);
    expect(warnings.some((w) => w.includes('http://example.com/'))).toBe(true);
  });

  it('prevents <webview> from attaching', () => {
    const { contents } = setup();
    const preventDefault = vi.fn();
    contents.emit('will-attach-webview', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
  });

  it('allows only the microphone and clipboard writes, only for the console page', () => {
    const { ask, check } = setup();
    expect(ask('media', 'app://passerelle/', ['audio'])).toBe(true);
    expect(ask('media', 'app://passerelle/', ['audio', 'video'])).toBe(false);
    expect(ask('media', 'app://passerelle/', [])).toBe(false);
    expect(ask('media', 'https://evil.example/', ['audio'])).toBe(false);
    for (const p of ['notifications', 'geolocation', 'clipboard-read', 'display-capture', 'openExternal', 'hid', 'serial']) expect(ask(p, 'app://passerelle/')).toBe(false);
    expect(check(null, 'media', 'app://passerelle', { mediaType: 'audio' } as never)).toBe(true);
    expect(check(null, 'media', 'app://passerelle', { mediaType: 'video' } as never)).toBe(false);
    expect(check(null, 'notifications', 'app://passerelle', {} as never)).toBe(false);
    // "Copy key" (a new API key is shown once): a click's write, never a read, never another origin.
    expect(ask('clipboard-sanitized-write', 'app://passerelle/')).toBe(true);
    expect(check(null, 'clipboard-sanitized-write', 'app://passerelle', {} as never)).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
  });
});
