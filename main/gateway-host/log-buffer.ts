import type { LogLine } from '../ipc/contract';

/** The last `limit` lines of the gateway's output, so the Connections page can show them. */
export class LogBuffer {
  private readonly lines: LogLine[] = [];
  private seq = 0;

  constructor(private readonly limit = 2000) {}

  push(stream: LogLine['stream'], text: string): LogLine {
    const line: LogLine = { seq: this.seq++, time: new Date().toISOString(), stream, text: text.length > 8192 ? `${text.slice(0, 8192)}…` : text };
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
    return line;
  }

  tail(count = this.limit): LogLine[] {
    return this.lines.slice(-count);
  }
}
