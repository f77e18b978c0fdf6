import { describe, expect, it } from 'vitest';
import { HostInfoSampler, cacheDisk } from '../../../gateway/gpu/host-info';
import { createLogger } from '../../../gateway/logging/logger';
import { tempDir } from '../../helpers/temp-dir';

describe('host information', () => {
  it('starts on first demand, then reports CPU, memory, OS and the cache disk', async () => {
    const dir = tempDir();
    const sampler = new HostInfoSampler(dir, createLogger('silent'), 60_000);
    expect(sampler.info).toBeNull();
    const info = await sampler.refresh();
    sampler.stop();
    expect(info).toMatchObject({ arch: process.arch, cacheDisk: { path: dir }, cpu: { cores: expect.any(Number) } });
    expect(info!.memory.totalBytes).toBeGreaterThan(info!.memory.availableBytes);
    expect(info!.cacheDisk.freeBytes).toBeGreaterThan(0);
    expect(info!.os.length).toBeGreaterThan(0);
    expect(sampler.info).toBe(info);
  });

  it('reports an unreadable cache disk as unknown, not zero', () => {
    expect(cacheDisk('/nonexistent/models')).toEqual({ freeBytes: null, totalBytes: null });
  });
});
