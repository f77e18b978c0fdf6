import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'passerelle-uploaddir-'));
const { newUploadPath, sweepStaleUploads, uploadDir, STALE_UPLOAD_MS } = await import('../../../gateway/audio/upload-dir');

describe('upload directory', () => {
  it('is private (0700), names uploads at random, and sweeps what a killed gateway left', async () => {
    const dir = uploadDir();
    expect(dir).toBe(join(process.env.TMPDIR!, 'passerelle-uploads'));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const stale = join(dir, 'left-by-a-crash.upload');
    const fresh = join(dir, 'in-flight.upload');
    const other = join(dir, 'not-ours.txt');
    for (const f of [stale, fresh, other]) writeFileSync(f, 'x');
    const old = (Date.now() - STALE_UPLOAD_MS - 60_000) / 1000;
    utimesSync(stale, old, old);
    utimesSync(other, old, old);

    const a = await newUploadPath();
    const b = await newUploadPath();
    expect(a).not.toBe(b);
    expect(a.startsWith(dir)).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (let i = 0; i < 50 && existsSync(stale); i++) await new Promise((r) => setTimeout(r, 10));
    expect([existsSync(stale), existsSync(fresh), existsSync(other)]).toEqual([false, true, true]);
    expect(await sweepStaleUploads(dir, Date.now() + 1000)).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  });
});
