// Built report files kept in memory: least recently used first out under a byte budget, each
// fresh for a fixed time after its data was read, and one build per key at a time (single
// flight: GETs that arrive while a file is being built wait for that build instead of starting
// their own). Time is read from the clock it is given (the services' clock port).

export interface CachedFile {
  body: Buffer;
}

interface Entry<F extends CachedFile> {
  file: F;
  /** When the file's data was read (ms since epoch). */
  readAt: number;
  bytes: number;
}

/** What a file costs besides its body (name, headers, the key): a rough, fixed allowance. */
const ENTRY_OVERHEAD_BYTES = 1024;

export class FileCache<F extends CachedFile> {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used first.
  private readonly entries = new Map<string, Entry<F>>();
  private readonly building = new Map<string, Promise<F | undefined>>();
  private used = 0;

  constructor(
    private readonly budgetBytes: number,
    private readonly entryMaxBytes: number,
    private readonly freshMs: number,
    private readonly nowMs: () => number,
  ) {}

  /** The fresh file under `key`, or undefined. A stale one is dropped. */
  get(key: string): F | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (!this.isFresh(e, this.nowMs())) {
      this.used -= e.bytes;
      return undefined;
    }
    this.entries.set(key, e);
    return e.file;
  }

  /** The build of `key` in progress, if any. */
  inFlight(key: string): Promise<F | undefined> | undefined {
    return this.building.get(key);
  }

  /**
   * Runs `build` as the one build of `key`: until it settles, inFlight(key) returns it. A file it
   * returns is kept, fresh from the moment the build started (before it read anything); a failure
   * or undefined is not kept.
   */
  build(key: string, build: () => Promise<F | undefined>): Promise<F | undefined> {
    const readAt = this.nowMs();
    const p = (async () => {
      try {
        const file = await build();
        if (file) this.put(key, file, readAt);
        return file;
      } finally {
        this.building.delete(key);
      }
    })();
    this.building.set(key, p);
    return p;
  }

  /** Bytes held now (for tests and figures). */
  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  private put(key: string, file: F, readAt: number): void {
    const bytes = file.body.length + key.length + ENTRY_OVERHEAD_BYTES;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.used -= old.bytes;
    }
    if (bytes > this.entryMaxBytes) return;
    this.entries.set(key, { file, readAt, bytes });
    this.used += bytes;
    this.evict();
  }

  /** Drops what is stale, then the least recently used until the budget holds. */
  private evict(): void {
    const nowMs = this.nowMs();
    for (const [k, e] of this.entries) {
      if (this.isFresh(e, nowMs)) continue;
      this.entries.delete(k);
      this.used -= e.bytes;
    }
    for (const [k, e] of this.entries) {
      if (this.used <= this.budgetBytes) break;
      this.entries.delete(k);
      this.used -= e.bytes;
    }
  }

  private isFresh(e: Entry<F>, nowMs: number): boolean {
    const age = nowMs - e.readAt;
    // A clock that went back (a test's manual clock, a corrected system clock) makes no entry fresher.
    return age >= 0 && age < this.freshMs;
  }
}
