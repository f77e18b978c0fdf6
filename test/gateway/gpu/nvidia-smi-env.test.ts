import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../gateway/logging/logger';
import { NvidiaSmiLoop } from '../../../gateway/gpu/nvidia-smi-loop';
import { runCommand } from '../../../gateway/gpu/compute-apps-poller';
import { tempDir } from '../../helpers/temp-dir';

const SECRETS = { ADMIN_TOKEN: 'admin-secret-0123456789', HUGGINGFACE_TOKEN: 'hf_secretSecretSecret01', OPENAI_API_KEYS: 'sk-secret-0123456789' };
const saved = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, process.env[k]]));

describe('nvidia-smi runs without the gateway\'s secrets', () => {
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('in the sample loop and in the compute-apps poll', async () => {
    Object.assign(process.env, SECRETS);
    const dir = tempDir();
    const envFile = join(dir, 'env.txt');
    const script = join(dir, 'nvidia-smi');
    // Stands in for nvidia-smi: records its environment, then stays up like `-lms` does.
    writeFileSync(script, `#!/bin/sh\nenv > '${envFile}'\nexec sleep 30\n`);
    chmodSync(script, 0o755);
    const loop = new NvidiaSmiLoop({ command: script, pollMs: 1000, logger: createLogger('silent'), onBatch: () => undefined });
    loop.start();
    try {
      await vi.waitFor(() => expect(existsSync(envFile) && readFileSync(envFile, 'utf8').includes('PATH=')).toBe(true), { timeout: 5000 });
    } finally {
      loop.stop();
    }
    const loopEnv = readFileSync(envFile, 'utf8');
    const pollEnv = await runCommand(process.execPath, ['-e', 'console.log(JSON.stringify(process.env))'], 10_000);
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(loopEnv).not.toContain(value);
      expect(loopEnv).not.toContain(`${name}=`);
      expect(pollEnv).not.toContain(value);
    }
  });
});
