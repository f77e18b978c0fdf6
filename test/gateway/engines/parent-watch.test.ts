import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchParent } from '../../../gateway/engines/parent-watch';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('watchParent', () => {
  it('reports the parent gone when the parent pid changes (kill -9 of the gateway re-parents the worker)', () => {
    vi.useFakeTimers();
    const ppid = vi.spyOn(process, 'ppid', 'get').mockReturnValue(4242);
    const gone = vi.fn();
    const stop = watchParent(gone, 1000);
    vi.advanceTimersByTime(3000);
    expect(gone).not.toHaveBeenCalled();
    ppid.mockReturnValue(1);
    vi.advanceTimersByTime(1000);
    expect(gone).toHaveBeenCalledWith('the gateway (pid 4242) is gone');
    stop();
  });

  it('reports the parent gone when the IPC channel closes', () => {
    const gone = vi.fn();
    const stop = watchParent(gone, 60_000);
    process.emit('disconnect');
    expect(gone).toHaveBeenCalledWith('the gateway closed the IPC channel');
    stop();
  });
});
