import { afterEach, describe, expect, it } from 'vitest';
import { runTool, type ToolError } from '../../../gateway/diagnostics/run-tool';

const SECRETS = { ADMIN_TOKEN: 'admin-secret-0123456789', HUGGINGFACE_TOKEN: 'hf_secretSecretSecret01', HF_TOKEN: 'hf_secretSecretSecret02', OPENAI_API_KEYS: 'sk-secret-0123456789' };
const saved = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, process.env[k]]));

describe('runTool', () => {
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('runs a diagnostics tool (ffmpeg, vllm --version) without the gateway\'s secrets in its environment', async () => {
    Object.assign(process.env, SECRETS, { PASSERELLE_PROBE: 'visible' });
    const out = await runTool(process.execPath, ['-e', 'console.log(JSON.stringify(process.env))'], 10_000);
    const env = JSON.parse(out) as Record<string, string>;
    expect(env.PASSERELLE_PROBE).toBe('visible');
    for (const name of Object.keys(SECRETS)) expect(env[name]).toBeUndefined();
    for (const value of Object.values(SECRETS)) expect(out).not.toContain(value);
    delete process.env.PASSERELLE_PROBE;
  });

  it('says missing, failed or timeout', async () => {
    await expect(runTool('/nonexistent/passerelle-tool', [], 5_000)).rejects.toMatchObject({ kind: 'missing' } satisfies Partial<ToolError>);
    await expect(runTool(process.execPath, ['-e', 'console.error("boom"); process.exit(3)'], 10_000)).rejects.toMatchObject({ kind: 'failed', exitCode: 3 });
    await expect(runTool(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], 300)).rejects.toMatchObject({ kind: 'timeout' });
  });
});
