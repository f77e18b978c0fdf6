import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir';

/** The fake nvidia-smi executable (test/fixtures/fake-nvidia-smi.mjs). */
export const FAKE_NVIDIA_SMI = join(import.meta.dirname, '..', 'fixtures', 'fake-nvidia-smi.mjs');

/**
 * An executable that runs the fake nvidia-smi with these knobs (FAKE_NVIDIA_SMI_* without the
 * prefix: { GPUS: '1', NA: 'power.draw' }), for NVIDIA_SMI=…; several can coexist in one test file.
 */
export function fakeNvidiaSmi(knobs: Record<string, string> = {}): string {
  const dir = tempDir('passerelle-nvidia-smi-');
  const file = join(dir, 'nvidia-smi');
  const exports = Object.entries(knobs).map(([k, v]) => `export FAKE_NVIDIA_SMI_${k}='${v.replace(/'/g, "'\\''")}'\n`).join('');
  writeFileSync(file, `#!/bin/sh\n${exports}exec '${process.execPath}' '${FAKE_NVIDIA_SMI}' "$@"\n`);
  chmodSync(file, 0o755);
  return file;
}
