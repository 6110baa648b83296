// Report builds running at once in this process, and a bounded line of builds waiting for a
// slot. A GET that finds the line full is refused at once (503 with Retry-After) rather than
// queued: nothing here grows without bound.

export class BuildSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly atOnce: number,
    private readonly maxWaiting: number,
  ) {}

  /** True when a new build would have neither a slot nor a place in the line. */
  get full(): boolean {
    return this.running >= this.atOnce && this.waiting.length >= this.maxWaiting;
  }

  /** Runs `work` in a slot, waiting in line for one if need be; undefined (nothing run) when full. */
  run<T>(work: () => Promise<T>): Promise<T> | undefined {
    if (this.full) return undefined;
    return this.inSlot(work);
  }

  private async inSlot<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.atOnce) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line (the count stays), or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Builds running and waiting now (for tests and figures). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
