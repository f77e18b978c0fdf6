/**
 * Resolves once every stream has ended, or after `capMs`: a process's exit can be reported before
 * its last output is read, and that last line is often the reason it exited.
 */
export function streamsDrained(streams: Array<NodeJS.ReadableStream | null>, capMs: number): Promise<void> {
  const pending = streams.filter((s): s is NodeJS.ReadableStream => s !== null && !(s as { readableEnded?: boolean }).readableEnded);
  if (pending.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let left = pending.length;
    const timer = setTimeout(resolve, capMs);
    for (const s of pending) {
      s.once('end', () => {
        if (--left === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}
