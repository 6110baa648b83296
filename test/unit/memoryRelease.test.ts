// The bot gives back the memory a burst of work made it take (src/memoryRelease.ts): after a burst
// that leaves the process much larger than it was, one collection returns the freed pages to the
// system; without growth it does nothing. The figures for a real run-due are bench/footprint.ts's.
import assert from 'node:assert/strict';
import pino from 'pino';
import { MemoryReleaser, RELEASE_GROWTH_MB } from '../../src/memoryRelease';

const rssMb = () => process.memoryUsage.rss() / 1024 / 1024;

/** Allocates and drops ~400 MB of small objects, a few batches live at a time, as a run-due does. */
function burst(): void {
  let live: unknown[][] = [];
  for (let r = 0; r < 40; r++) {
    const batch: unknown[] = [];
    for (let i = 0; i < 100_000; i++) batch.push({ i, text: `rad ${i}` });
    live.push(batch);
    if (live.length > 4) live.shift();
  }
  live = [];
}

describe('memory given back after a burst of work', () => {
  it('returns the freed memory to the system after a burst, and does nothing when the process did not grow', function () {
    this.timeout(30_000);
    const released: { rssBeforeMb: number; rssAfterMb: number; ms: number }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void released.push(JSON.parse(line)) });
    const releaser = new MemoryReleaser(log);
    releaser.release(); // where the process is now
    const settled = rssMb();
    released.length = 0;
    releaser.afterWork();
    assert.equal(released.length, 0, 'no growth, no collection');
    burst();
    const before = rssMb();
    assert.ok(before - settled >= RELEASE_GROWTH_MB, `the burst made the process larger: ${Math.round(settled)} → ${Math.round(before)} MB`);
    releaser.afterWork();
    const after = rssMb();
    console.log(`      figures: ${JSON.stringify({ beforeMb: Math.round(before), afterMb: Math.round(after), logged: released[0] })}`);
    assert.equal(released.length, 1);
    assert.ok(before - after >= 50, `resident ${Math.round(before)} → ${Math.round(after)} MB`);
    releaser.afterWork();
    assert.equal(released.length, 1, 'once per burst');
  });
});
