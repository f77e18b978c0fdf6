import { describe, expect, it } from 'vitest';
import { gatewayEnv } from '../../../main/app/gateway-env';

describe('the embedded gateway environment', () => {
  it('carries the cache directory, the HF token, the console origin and the renderer build, and nothing the host owns', () => {
    const env = gatewayEnv({
      base: { PATH: '/usr/bin', HOME: '/home/op', CUDA_VISIBLE_DEVICES: '0', ADMIN_TOKEN: 'from-the-shell', API_PORT: '8000', ELECTRON_RUN_AS_NODE: '1', HF_TOKEN: 'hf_shell', NODE_OPTIONS: '--inspect' },
      cacheDir: '/data/models',
      hfToken: 'hf_fromkeychain0123456789',
      rendererDir: '/opt/Passerelle/resources/app.asar/out/renderer',
    });
    expect(env).toEqual({
      PATH: '/usr/bin', HOME: '/home/op', CUDA_VISIBLE_DEVICES: '0',
      MODEL_CACHE_DIR: '/data/models', HUGGINGFACE_TOKEN: 'hf_fromkeychain0123456789',
      ALLOWED_ORIGINS: 'app://passerelle', FRONTEND_DIST: '/opt/Passerelle/resources/app.asar/out/renderer',
    });
  });

  it('leaves MODEL_CACHE_DIR and the token out when they are not set', () => {
    const env = gatewayEnv({ base: { PATH: '/bin' }, cacheDir: null, hfToken: null, rendererDir: '/r' });
    expect(env).not.toHaveProperty('MODEL_CACHE_DIR');
    expect(env).not.toHaveProperty('HUGGINGFACE_TOKEN');
  });
});
