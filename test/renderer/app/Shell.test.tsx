import { describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { Shell } from '../../../renderer/app/Shell';
import { browserPlatform } from '../../../renderer/platform/browser-platform';
import { renderPage } from '../features/render-page';

vi.mock('../../../renderer/app/pages', async () => {
  const { lazy } = await import('react');
  const page = (title: string) => lazy(async () => ({ default: () => <h1>{title}</h1> }));
  return { PAGES: [{ id: 'models', title: 'Models', component: page('Models') }, { id: 'gpus', title: 'GPUs', component: page('GPUs') }] };
});

describe('shell', () => {
  it('skip link moves the focus to the page without leaving it (the hash is the route)', async () => {
    location.hash = '#/gpus';
    const { container, unmount } = await renderPage(<Shell platform={browserPlatform()} />);
    expect(container.querySelector('h1')?.textContent).toBe('GPUs');
    const skip = [...container.querySelectorAll('a')].find((a) => a.textContent === 'Skip to content')!;
    await act(async () => skip.click());
    expect(location.hash).toBe('#/gpus');
    expect(container.querySelector('h1')?.textContent).toBe('GPUs');
    expect(document.activeElement?.id).toBe('main');
    unmount();
  });
});
