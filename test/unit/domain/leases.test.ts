// Fair shares of the shard leases (domain/leases.ts) and the tenant → shard hash (domain/shards.ts).
import assert from 'node:assert/strict';
import { planBalance, type LeaseView } from '../../../src/domain/leases';
import { SHARD_COUNT, shardName, shardOf } from '../../../src/domain/shards';

const names = Array.from({ length: 32 }, (_, i) => shardName(i));
const NOW = 1_000_000;
const live = (holder: string, from: number, to: number): LeaseView[] => names.slice(from, to).map((name) => ({ name, holder, expiresAt: NOW + 30_000 }));
const ticker = (h: string) => h.startsWith('t');

describe('shard lease balance', () => {
  it('takes every free lease when alone', () => {
    const p = planBalance(names, [], 't1', new Set(), NOW, ticker);
    assert.equal(p.take.length, 32);
    assert.deepEqual(p.steal, []);
  });

  it('takes half from the only other instance, and nothing once the split is even', () => {
    const p = planBalance(names, live('t1', 0, 32), 't2', new Set(), NOW, ticker);
    assert.equal(p.steal.length, 16);
    assert.ok(p.steal.every((s) => s.from === 't1'));
    const even = planBalance(names, [...live('t1', 0, 16), ...live('t2', 16, 32)], 't2', new Set(names.slice(16)), NOW, ticker);
    assert.deepEqual([even.take, even.steal], [[], []]);
  });

  it('takes expired leases before it takes from anyone', () => {
    const expired = live('t1', 0, 8).map((l) => ({ ...l, expiresAt: NOW - 1 }));
    const p = planBalance(names, [...expired, ...live('t1', 8, 32)], 't2', new Set(), NOW, ticker);
    assert.deepEqual(p.take, names.slice(0, 8));
    assert.equal(p.steal.length, 8);
  });

  it('never counts or takes from a one-off run-due: it gives its leases back when done', () => {
    const p = planBalance(names, live('run-1', 0, 32), 't1', new Set(), NOW, ticker);
    assert.deepEqual([p.take, p.steal, p.owners], [[], [], 1]);
  });

  it('ends with at most ⌈32 / n⌉ each and no two more than one apart, for 1–8 instances', () => {
    for (let n = 1; n <= 8; n++) {
      const held = new Map<string, Set<string>>(Array.from({ length: n }, (_, i) => [`t${i}`, new Set<string>()]));
      for (let round = 0; round < 10; round++) {
        for (const [me, mine] of held) {
          const views = [...held].flatMap(([h, set]) => [...set].map((name) => ({ name, holder: h, expiresAt: NOW + 30_000 })));
          const p = planBalance(names, views, me, mine, NOW, ticker);
          for (const name of p.take) mine.add(name);
          for (const s of p.steal) {
            held.get(s.from)!.delete(s.name);
            mine.add(s.name);
          }
        }
      }
      const counts = [...held.values()].map((s) => s.size);
      assert.equal(counts.reduce((a, b) => a + b, 0), 32, `${n} instances: every shard held`);
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 1 && Math.max(...counts) <= Math.ceil(32 / n), `${n} instances: ${counts.join('/')}`);
    }
  });
});

describe('tenant shards', () => {
  it('puts a tenant in one shard whatever the case of its id, and spreads tenants over all shards', () => {
    assert.equal(shardOf('AbC-1'), shardOf('abc-1'));
    const seen = new Map<number, number>();
    for (let i = 0; i < 3200; i++) {
      const s = shardOf(`00000000-0000-0000-0000-${String(i).padStart(12, '0')}`);
      seen.set(s, (seen.get(s) ?? 0) + 1);
    }
    assert.equal(seen.size, SHARD_COUNT);
    for (const [, c] of seen) assert.ok(c > 50 && c < 150, `about 100 tenants per shard, got ${c}`);
  });
});
