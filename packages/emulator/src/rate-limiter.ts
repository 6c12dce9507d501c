/** New sessions per minute (spec §10): a sliding 60 s window. */
export class SessionRateLimiter {
  private readonly starts: number[] = [];

  constructor(private readonly perMinute: number, private readonly now: () => number = Date.now) {}

  /** Records a new session; false when it is one too many. */
  admit(): boolean {
    const now = this.now();
    while (this.starts.length && now - this.starts[0]! >= 60_000) this.starts.shift();
    if (this.starts.length >= this.perMinute) return false;
    this.starts.push(now);
    return true;
  }
}
