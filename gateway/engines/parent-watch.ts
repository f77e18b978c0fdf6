/**
 * Makes a worker exit when the gateway is gone, however it died. A closed IPC channel ('disconnect')
 * covers a normal exit and most crashes; the parent-pid check covers the rest (kill -9 of the
 * gateway while this process is busy, or a channel that never reports), since Linux re-parents
 * an orphan to init or a subreaper.
 */
export function watchParent(onGone: (reason: string) => void, periodMs = 1000): () => void {
  const parent = process.ppid;
  const onDisconnect = (): void => onGone('the gateway closed the IPC channel');
  process.once('disconnect', onDisconnect);
  const timer = setInterval(() => {
    if (process.ppid !== parent) onGone(`the gateway (pid ${parent}) is gone`);
  }, periodMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    process.off('disconnect', onDisconnect);
  };
}
