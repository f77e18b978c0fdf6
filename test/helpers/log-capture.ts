import { Writable } from 'node:stream';

/** A pino destination that keeps every line, so tests can search the logs (for secrets, say). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line) this.lines.push(line);
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  /** pino's destination interface. */
  flushSync(): void {}
}
