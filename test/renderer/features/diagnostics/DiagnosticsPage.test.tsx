import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import DiagnosticsPage from '../../../../renderer/features/diagnostics/DiagnosticsPage';
import { useAppStore } from '../../../../renderer/store/app-store';
import { renderPage, settle } from '../render-page';

const check = (id: string, status: 'ok' | 'warn' | 'fail', fix?: string) => ({ id, title: `Check ${id}`, status, message: `${id} message`, fix, durationMs: 1 });

describe('Diagnostics page', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows failures first with their fix, and runs the checks again on demand', async () => {
    let calls = 0;
    vi.stubGlobal('fetch', vi.fn(async () => {
      calls += 1;
      const checks = calls === 1 ? [check('ffmpeg', 'ok'), check('vllm', 'fail', 'Install vLLM.'), check('gpus', 'warn', 'Run with --gpus all.')] : [check('vllm', 'ok')];
      return new Response(JSON.stringify({ checks, checkedAt: '2026-11-26T09:00:00Z' }), { status: 200 });
    }));
    useAppStore.getState().setConnection({ credentials: { baseUrl: '', adminToken: 't', apiKey: null } });
    const { container, unmount } = await renderPage(<DiagnosticsPage />);
    const titles = [...container.querySelectorAll('h2')].map((h) => h.textContent);
    expect(titles).toEqual(['fail Check vllm', 'warn Check gpus', 'ok Check ffmpeg']);
    expect(container.textContent).toContain('Fix: Install vLLM.');
    expect(container.textContent).toContain('1 failing · 1 warnings · 1 ok');
    const button = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Run again')!;
    await act(async () => button.click());
    await settle();
    expect(calls).toBe(2);
    expect(container.textContent).toContain('0 failing · 0 warnings · 1 ok');
    unmount();
  });

  it('says plainly when the gateway has no diagnostics route', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: { message: 'No route GET /api/diagnostics', type: 'invalid_request_error', param: null, code: 'not_found' } }), { status: 404 })));
    useAppStore.setState({ diagnostics: { state: 'idle', data: null, error: null } });
    const { container, unmount } = await renderPage(<DiagnosticsPage />);
    expect(container.textContent).toContain('This gateway does not offer diagnostics yet');
    unmount();
  });
});
