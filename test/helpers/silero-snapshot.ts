import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir';

/** The real silero VAD model of ../shared/fixtures. */
export const SILERO_VAD_ONNX = '/work/shared/fixtures/models/silero-vad/silero_vad.onnx';

/** A snapshot directory holding the real silero VAD model as a symlink, as the HF cache does. */
export function sileroSnapshot(): string {
  const dir = join(tempDir('passerelle-snapshot-'), 'snapshots', 'abc');
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  symlinkSync(SILERO_VAD_ONNX, join(dir, 'onnx', 'silero_vad.onnx'));
  return dir;
}

/** True while a process with this pid exists (zombies included until reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
