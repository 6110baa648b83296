import { strict as assert } from 'node:assert';
import { BoundedCache } from '../../../src/bot/adapter';

// The reused connector clients of inbound turns (src/bot/adapter.ts): keys come from the caller's
// serviceUrl in local mode, so the cache must stay bounded and must not keep a failure.
describe('BoundedCache (connector clients of inbound turns)', () => {
  it('creates once per key and hands the same client to later turns', async () => {
    const cache = new BoundedCache<object>(4);
    let made = 0;
    const make = async () => ({ n: ++made });
    const a = await cache.get('app|aud|https://smba.example/emea/', make);
    const b = await cache.get('app|aud|https://smba.example/emea/', make);
    assert.equal(a, b);
    assert.equal(made, 1);
  });

  it('never holds more than its size, however many service URLs callers invent', async () => {
    const cache = new BoundedCache<object>(8);
    let made = 0;
    for (let i = 0; i < 1000; i++) await cache.get(`|x|https://evil.example/${i}`, async () => ({ n: ++made }));
    assert.equal(made, 1000);
    assert.ok((cache as unknown as { entries: Map<string, unknown> }).entries.size <= 8);
  });

  it('forgets a creation that failed, so the next turn tries again', async () => {
    const cache = new BoundedCache<string>(4);
    await assert.rejects(cache.get('k', () => Promise.reject(new Error('login endpoint down'))), /login endpoint down/);
    await new Promise((r) => setImmediate(r));
    assert.equal(await cache.get('k', async () => 'client'), 'client');
  });
});
