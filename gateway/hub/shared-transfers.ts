/**
 * One transfer per blob, whoever asks: a second download of the same file joins the first.
 * The transfer is aborted only when every party that joined it has let go.
 */
export class SharedTransfers {
  private readonly running = new Map<string, { promise: Promise<void>; controller: AbortController; holders: number }>();

  /** Starts `run` for `key`, or joins the one in flight. `signal` lets this party go. */
  join(key: string, signal: AbortSignal, run: (signal: AbortSignal) => Promise<void>): Promise<void> {
    let entry = this.running.get(key);
    if (!entry) {
      const controller = new AbortController();
      const created = { promise: Promise.resolve(), controller, holders: 0 };
      created.promise = run(controller.signal).finally(() => {
        if (this.running.get(key) === created) this.running.delete(key);
      });
      this.running.set(key, created);
      entry = created;
    }
    const held = entry;
    held.holders++;
    return new Promise<void>((resolve, reject) => {
      const release = (): void => {
        held.holders--;
        if (held.holders > 0) return reject(signal.reason);
        // The last party out stops the transfer and waits for it to put its files down.
        held.controller.abort(signal.reason);
        held.promise.catch(() => undefined).then(() => reject(signal.reason));
      };
      if (signal.aborted) return release();
      signal.addEventListener('abort', release, { once: true });
      held.promise.then(
        () => { signal.removeEventListener('abort', release); resolve(); },
        (err: unknown) => { signal.removeEventListener('abort', release); held.holders--; reject(err); },
      );
    });
  }

  get size(): number {
    return this.running.size;
  }
}
