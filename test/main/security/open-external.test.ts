import { describe, expect, it } from 'vitest';
import { openExternalSafely } from '../../../main/security/open-external';

describe('openExternalSafely', () => {
  it('opens https links and refuses everything else with external_url_refused', async () => {
    const opened: string[] = [];
    const shell = { openExternal: async (u: string) => void opened.push(u) };
    await openExternalSafely(shell, 'https://huggingface.co/settings/tokens');
    for (const url of ['http://huggingface.co/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-msdt:foo', 'https://user:pw@host/', 'not a url']) {
      await expect(openExternalSafely(shell, url)).rejects.toMatchObject({ code: 'external_url_refused', param: 'url' });
    }
    expect(opened).toEqual(['https://huggingface.co/settings/tokens']);
  });
});
