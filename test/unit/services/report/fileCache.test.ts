// The report file cache: a byte budget with the least recently used out first, freshness from
// the moment a build started, and one build per key at a time.
import assert from 'node:assert/strict';
import { FileCache } from '../../../../src/services/report/fileCache';

const file = (bytes: number, tag = '') => ({ body: Buffer.alloc(bytes), tag });
const KB = 1024;

function cacheAt(start = 0, budget = 10 * KB, entryMax = 5 * KB, freshMs = 60_000) {
  const clock = { now: start };
  const cache = new FileCache<ReturnType<typeof file>>(budget, entryMax, freshMs, () => clock.now);
  return { cache, clock };
}

describe('report file cache', () => {
  it('serves a built file until it is a minute old, measured from the start of its build', async () => {
    const { cache, clock } = cacheAt(1_000);
    let release!: () => void;
    const built = cache.build('a', async () => {
      await new Promise<void>((r) => (release = r));
      return file(100, 'a1');
    });
    clock.now += 20_000; // the build takes 20 s
    release();
    await built;
    assert.equal(cache.get('a')?.tag, 'a1');
    clock.now = 1_000 + 59_999;
    assert.equal(cache.get('a')?.tag, 'a1');
    clock.now = 1_000 + 60_000;
    assert.equal(cache.get('a'), undefined, 'a minute after its data was read');
    assert.equal(cache.size, 0);
    assert.equal(cache.bytes, 0);
  });

  it('drops the least recently used first when the budget is exceeded', async () => {
    const { cache } = cacheAt();
    await cache.build('a', async () => file(3 * KB, 'a'));
    await cache.build('b', async () => file(3 * KB, 'b'));
    assert.ok(cache.get('a')); // a is now the most recently used
    await cache.build('c', async () => file(3 * KB, 'c'));
    assert.equal(cache.get('b'), undefined, 'b was used least recently');
    assert.equal(cache.get('a')?.tag, 'a');
    assert.equal(cache.get('c')?.tag, 'c');
    assert.ok(cache.bytes <= 10 * KB, `${cache.bytes} bytes held`);
  });

  it('serves but does not keep a file bigger than an entry may be', async () => {
    const { cache } = cacheAt();
    await cache.build('small', async () => file(KB));
    const big = await cache.build('big', async () => file(6 * KB, 'big'));
    assert.equal(big?.tag, 'big');
    assert.equal(cache.get('big'), undefined);
    assert.ok(cache.get('small'), 'the small one stays');
  });

  it('runs one build per key: a second caller finds the first build in flight', async () => {
    const { cache } = cacheAt();
    let builds = 0;
    let release!: () => void;
    const first = cache.build('a', async () => {
      builds++;
      await new Promise<void>((r) => (release = r));
      return file(10, 'shared');
    });
    const joined = cache.inFlight('a');
    assert.ok(joined, 'in flight');
    release();
    assert.equal((await joined)?.tag, 'shared');
    assert.equal((await first)?.tag, 'shared');
    assert.equal(builds, 1);
    assert.equal(cache.inFlight('a'), undefined, 'done');
  });

  it('keeps nothing from a build that failed or found nothing, and lets the next one try', async () => {
    const { cache } = cacheAt();
    await assert.rejects(cache.build('a', async () => Promise.reject(new Error('storage down'))), /storage down/);
    assert.equal(cache.inFlight('a'), undefined);
    assert.equal(cache.get('a'), undefined);
    assert.equal(await cache.build('gone', async () => undefined), undefined);
    assert.equal(cache.size, 0);
    assert.equal((await cache.build('a', async () => file(10, 'again')))?.tag, 'again');
  });

  it('treats a clock that went back as stale, not as fresher', async () => {
    const { cache, clock } = cacheAt(100_000);
    await cache.build('a', async () => file(10));
    clock.now = 50_000;
    assert.equal(cache.get('a'), undefined);
  });
});
