import { describe, expect, it } from 'vitest';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, DEFAULTS, loadConfig, parseConfig } from '../../gateway/config';
import { spawnGateway } from '../helpers/gateway-process';
import { spawn } from 'node:child_process';
import { CLI } from '../helpers/gateway-process';
import { tempDir } from '../helpers/temp-dir';

function runCli(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr, stdout }));
  });
}

describe('configuration', () => {
  it('keeps the guide\'s names and defaults', () => {
    const c = parseConfig({});
    expect(c.host).toBe('0.0.0.0');
    expect(c.port).toBe(8000);
    expect(c.huggingfaceToken).toBeNull();
    expect(c.openaiApiKeys).toEqual([]);
    expect(c.lazyLoadModels).toBe(true);
    expect(c.logLevel).toBe('info');
    expect(DEFAULTS.MODEL_CACHE_DIR).toBe('/models');
    expect(DEFAULTS.FRONTEND_DIST).toBe('/app/frontend');
  });

  it('parses every variable', () => {
    const c = parseConfig({
      API_HOST: '127.0.0.1', API_PORT: '9000', HUGGINGFACE_TOKEN: 'hf_abcdefgh', OPENAI_API_KEYS: ' key-one-123 , key-two-456 ,',
      LAZY_LOAD_MODELS: 'false', LOG_LEVEL: 'warning', HF_ENDPOINT: 'http://127.0.0.1:9/', VLLM_COMMAND: '/opt/venv/bin/vllm --flag',
      MAX_UPLOAD_MB: '25', MAX_AUDIO_SECONDS: '600', ALLOWED_HOSTS: 'Gpu-Box.local,ops.example.com', ALLOWED_ORIGINS: 'https://ops.example.com/',
      GPU_POLL_MS: '500', NVIDIA_SMI: '/usr/bin/nvidia-smi', ADMIN_TOKEN: 'a-very-long-admin-token',
    });
    expect(c).toMatchObject({
      host: '127.0.0.1', port: 9000, huggingfaceToken: 'hf_abcdefgh', openaiApiKeys: ['key-one-123', 'key-two-456'],
      lazyLoadModels: false, logLevel: 'warn', hfEndpoint: 'http://127.0.0.1:9', vllmCommand: ['/opt/venv/bin/vllm', '--flag'],
      maxUploadBytes: 25 * 1024 * 1024, maxAudioSeconds: 600, allowedHosts: ['gpu-box.local', 'ops.example.com'],
      allowedOrigins: ['https://ops.example.com'], gpuPollMs: 500, nvidiaSmi: '/usr/bin/nvidia-smi', adminToken: 'a-very-long-admin-token',
    });
  });

  it.each([
    ['API_PORT', '70000', /integer port/],
    ['API_PORT', '80a', /integer port/],
    ['LAZY_LOAD_MODELS', 'maybe', /true or false/],
    ['LOG_LEVEL', 'loud', /one of trace/],
    ['HF_ENDPOINT', 'ftp://mirror', /http\(s\) URL/],
    ['GPU_POLL_MS', '10', /100 to 60000/],
    ['ALLOWED_ORIGINS', 'not a url', /origins/],
    ['ADMIN_TOKEN', 'short', /16 to 512/],
  ])('refuses %s=%s', (variable, value, allowed) => {
    let error: unknown;
    try {
      parseConfig({ [variable]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(allowed);
  });

  it('never echoes a secret in a configuration error', () => {
    expect(() => parseConfig({ OPENAI_API_KEYS: 'good-key-123,bad key with spaces' })).toThrow(/<item 2>/);
    expect(() => parseConfig({ HUGGINGFACE_TOKEN: 'hf_secret\nvalue' })).toThrow(/<hidden>/);
  });

  it('makes the cache and state directories, and refuses one it cannot write', () => {
    const dir = tempDir();
    const c = loadConfig({ MODEL_CACHE_DIR: join(dir, 'cache') });
    expect(c.modelCacheDir).toBe(join(dir, 'cache'));
    expect(c.stateDir).toBe(join(dir, 'cache', '.passerelle'));
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    chmodSync(file, 0o400);
    expect(() => loadConfig({ MODEL_CACHE_DIR: join(file, 'models') })).toThrow(/MODEL_CACHE_DIR.*create and write/);
  });

  it('the CLI stops with exit code 2 and one line naming the variable', async () => {
    const dir = tempDir();
    for (const [variable, value] of [['API_PORT', '70000'], ['LAZY_LOAD_MODELS', 'maybe'], ['MODEL_CACHE_DIR', '/proc/version/models']] as const) {
      const r = await runCli({ MODEL_CACHE_DIR: dir, [variable]: value });
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(variable);
      expect(r.stdout).toBe('');
    }
  });

  it('the CLI prints one ready line with the URL', async () => {
    const gw = await spawnGateway({ MODEL_CACHE_DIR: tempDir() });
    expect(gw.ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${gw.ready.url}/healthz`)).status).toBe(200);
    gw.child.kill('SIGTERM');
    expect((await gw.exited).code).toBe(0);
  });
});
