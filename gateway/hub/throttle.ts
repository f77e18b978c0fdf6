/** Calls `fn` at most once per interval; a request inside the interval is served at its end. */
export class Throttle {
  private last = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs: number, private readonly fn: () => void) {}

  request(): void {
    if (this.timer) return;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) this.fire();
    else this.timer = setTimeout(() => this.fire(), wait);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    this.last = Date.now();
    this.fn();
  }
}
