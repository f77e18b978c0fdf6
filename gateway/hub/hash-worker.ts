import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { contiguousEnd, type HashKind, type Part } from './part-range';

// The worker's code, inline so that it runs the same from the sources (tests) and from the bundle.
// It reads what the download wrote (from the page cache) and hashes it, in order, on its own thread.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const jobs = new Map();
const buffer = Buffer.allocUnsafe(4 << 20);
function fresh(job) {
  job.hash = createHash(job.kind === 'sha256' ? 'sha256' : 'sha1');
  if (job.kind === 'git-sha1') job.hash.update('blob ' + job.size + '\\0');
  job.cursor = 0;
}
function advance(job, end) {
  while (job.cursor < end) {
    const n = readSync(job.fd, buffer, 0, Math.min(buffer.length, end - job.cursor), job.cursor);
    if (n === 0) throw new Error('short read at ' + job.cursor);
    job.hash.update(buffer.subarray(0, n));
    job.cursor += n;
  }
}
// A failed read (the file truncated under a pending advance, when a transfer starts over) marks
// the job failed until its next reset; a digest always answers, so a transfer never waits forever.
parentPort.on('message', (m) => {
  if (m.op === 'open') {
    try { const j = { fd: openSync(m.path, 'r'), kind: m.kind, size: m.size }; fresh(j); jobs.set(m.id, j); }
    catch (err) { jobs.set(m.id, { fd: null, failed: String(err && err.message || err) }); }
    return;
  }
  const job = jobs.get(m.id);
  if (!job) {
    if (m.op === 'digest') parentPort.postMessage({ id: m.id, error: 'no such hash job' });
    return;
  }
  if (m.op === 'close') { if (job.fd !== null) try { closeSync(job.fd); } catch {} jobs.delete(m.id); return; }
  if (m.op === 'reset' && job.fd !== null) { fresh(job); job.failed = undefined; return; }
  if (job.failed) {
    if (m.op === 'digest') parentPort.postMessage({ id: m.id, error: job.failed });
    return;
  }
  try {
    if (m.op === 'advance') advance(job, m.end);
    else if (m.op === 'digest') { advance(job, m.end); parentPort.postMessage({ id: m.id, hex: job.cursor === job.size ? job.hash.digest('hex') : null, cursor: job.cursor }); }
  } catch (err) {
    job.failed = String(err && err.message || err);
    if (m.op === 'digest') parentPort.postMessage({ id: m.id, error: job.failed });
  }
});
`;

interface Reply {
  id: number;
  hex?: string | null;
  cursor?: number;
  error?: string;
}

/** A hashing thread; it holds the process open only while a digest is pending. */
class HashThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  /** Hash jobs (files) on this thread. */
  open = 0;
  dead = false;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const resolve = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) this.worker.unref();
      resolve?.(reply);
    });
    this.worker.on('error', (err) => {
      // A dead thread answers nothing: the pool starts a fresh one for the next file.
      this.dead = true;
      for (const [id, resolve] of this.waiting) resolve({ id, error: err.message });
      this.waiting.clear();
    });
  }

  post(message: Record<string, unknown>): void {
    if (!this.dead) this.worker.postMessage(message);
  }

  ask(message: Record<string, unknown> & { id: number }): Promise<Reply> {
    if (this.dead) return Promise.resolve({ id: message.id, error: 'the hashing thread died' });
    return new Promise((resolve) => {
      this.waiting.set(message.id, resolve);
      this.worker.ref();
      this.post(message);
    });
  }

  terminate(): void {
    void this.worker.terminate();
  }
}

/**
 * Hashing threads shared by every transfer: a file being downloaded gets a thread of its own
 * while there are fewer than `maxThreads` (one per core, at most 4), so the files of a repo
 * (a multi-GB `.onnx.data` beside small files) are hashed in parallel, not one after another.
 * Past that, a new file shares the least busy thread. A thread ends when its last file closes.
 */
class HashPool {
  private readonly threads: HashThread[] = [];
  private nextId = 1;
  peak = 0;

  constructor(private readonly maxThreads: number) {}

  acquire(): { thread: HashThread; id: number } {
    for (let i = this.threads.length - 1; i >= 0; i--) if (this.threads[i]!.dead) this.threads.splice(i, 1);
    let thread = this.threads.find((t) => t.open === 0);
    if (!thread && this.threads.length < this.maxThreads) {
      thread = new HashThread();
      this.threads.push(thread);
    }
    thread ??= this.threads.reduce((a, b) => (b.open < a.open ? b : a));
    thread.open++;
    this.peak = Math.max(this.peak, this.threads.length);
    return { thread, id: this.nextId++ };
  }

  release(thread: HashThread, id: number): void {
    thread.post({ op: 'close', id });
    thread.open--;
    if (thread.open > 0) return;
    thread.terminate();
    const at = this.threads.indexOf(thread);
    if (at >= 0) this.threads.splice(at, 1);
  }

  get size(): number {
    return this.threads.length;
  }
}

const pool = new HashPool(Math.max(1, Math.min(4, availableParallelism())));

/** Hashing threads running now, and the most that ran at once (for tests and benchmarks). */
export function hashThreads(): { running: number; peak: number } {
  return { running: pool.size, peak: pool.peak };
}

const ADVANCE_EVERY = 8 << 20;

/**
 * Hashes a file being downloaded on a worker thread: the bytes are written by the event loop, and
 * the worker reads them back in order (from the page cache) as the contiguous prefix grows. So the
 * digest is ready when the last byte lands, and hashing does not slow the transfer on its core.
 */
export class WorkerHasher {
  private readonly id: number;
  private readonly thread: HashThread;
  private posted = 0;
  private closed = false;

  constructor(path: string, kind: HashKind, private readonly size: number, private readonly parts: () => readonly Part[]) {
    ({ thread: this.thread, id: this.id } = pool.acquire());
    this.thread.post({ op: 'open', id: this.id, path, kind, size });
  }

  reset(): void {
    this.posted = 0;
    this.thread.post({ op: 'reset', id: this.id });
  }

  wrote(): void {
    const end = contiguousEnd(this.parts());
    if (end - this.posted >= ADVANCE_EVERY) this.advance(end);
  }

  kick(): void {
    this.advance(contiguousEnd(this.parts()));
  }

  async digest(): Promise<string> {
    const reply = await this.thread.ask({ op: 'digest', id: this.id, end: contiguousEnd(this.parts()) });
    if (reply.error) throw new Error(`hashing failed: ${reply.error}`);
    if (!reply.hex) throw new Error(`hashed ${reply.cursor} of ${this.size} bytes`);
    return reply.hex;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    pool.release(this.thread, this.id);
  }

  private advance(end: number): void {
    if (end <= this.posted) return;
    this.posted = end;
    this.thread.post({ op: 'advance', id: this.id, end });
  }
}
