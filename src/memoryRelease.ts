// Memory given back to the system after a burst of work. During a run-due of thousands of prompts
// V8 lets the heap grow well past what is live, and on Node 22/24 the pages a collection frees stay
// in its page pool, resident, until a memory-reducing collection empties it; an ordinary one does
// not, and V8's own memory reducer waits for a quiet allocation rate that a bot with timers and
// requests rarely shows. So the bot stays at its peak (240 MB after 10 000 prompts, with 40 MB
// live: bench/footprint.ts) until the next burst. After work that left the process larger than
// it was, one memory-reducing collection ("last resort": what V8 runs on a low-memory warning)
// gives the pool and the unused heap back: ~100 ms of the event loop, once per burst.
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Logger } from 'pino';

/** Released when the resident size is this much above where the last release (or the start) left it. */
export const RELEASE_GROWTH_MB = 24;

type GcFunction = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

let gcFunction: GcFunction | null | undefined;

/**
 * V8's gc function, made for this process once: --expose-gc set for a moment and read from a new
 * context (the global one keeps no gc), so `npm start`, the App Service command or a plain
 * `node dist/src/index.js` need no flag. Undefined where V8 refuses.
 */
function collector(): GcFunction | undefined {
  if (gcFunction === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as unknown;
      gcFunction = typeof gc === 'function' ? (gc as GcFunction) : null;
    } catch {
      gcFunction = null;
    } finally {
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  return gcFunction ?? undefined;
}

const residentMb = () => process.memoryUsage.rss() / 1024 / 1024;

export class MemoryReleaser {
  private settledMb = residentMb();

  constructor(private readonly log: Logger) {}

  /** After a burst of work: one memory-reducing collection if the process grew by RELEASE_GROWTH_MB. */
  afterWork(): void {
    if (residentMb() - this.settledMb >= RELEASE_GROWTH_MB) this.release();
  }

  /** One memory-reducing collection now: once started, what start-up left (its garbage, a young generation sized for it). */
  release(): void {
    const before = residentMb();
    const gc = collector();
    if (!gc) return;
    const started = performance.now();
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    this.settledMb = residentMb();
    this.log.info(
      { event: 'memory.released', rssBeforeMb: Math.round(before), rssAfterMb: Math.round(this.settledMb), ms: Math.round(performance.now() - started) },
      'memory given back after a burst of work',
    );
  }
}
