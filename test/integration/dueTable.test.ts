// The due table by shard and kind (storage/dueRepo.ts): read page by page up to now, prompts before
// reminders before digests whatever their hour, rows deleted between pages never make a page skip
// one, and rows written under the keys of the version before shards are still found and moved.
import assert from 'node:assert/strict';
import { shardOf } from '../../src/domain/shards';
import type { DueItem } from '../../src/storage';
import { toEntity } from '../../src/storage/codec';
import { benefitKey, tenantKey } from '../../src/storage/keys';
import { people, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { promptCards, seedBenefit, seedPlan } from '../support/seed';
import { startAzurite } from '../../src/storage';
import { FakeConnector } from '../support/fakeConnector';
import { runCli } from '../support/processes';
import { numberedPerson } from '../support/activities';
import { seedMany, startBot } from '../support/reliability';

describe('due table: shards, pages and old rows', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  it('pages through the items of one kind up to now, in every shard asked for, while they are deleted', async () => {
    const due = h.services.storage.due;
    const tenants = Array.from({ length: 40 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`);
    const items: DueItem[] = tenants.flatMap((tenantId, i) => [
      { at: `2026-12-0${1 + (i % 5)}T08:00:00.000Z`, tenantId, planId: 'p', benefitNumber: 1, kind: 'prompt' },
      { at: '2026-12-03T08:00:00.000Z', tenantId, planId: 'p', benefitNumber: 1, kind: 'reminder', period: '2026-W49' },
      { at: '2026-12-09T08:00:00.000Z', tenantId, planId: 'p', benefitNumber: 1, kind: 'prompt' }, // not due yet
    ]);
    await due.scheduleMany(items);
    const even = (shard: number) => shard % 2 === 0;
    const seen: DueItem[] = [];
    let pages = 0;
    for await (const page of due.pages('prompt', '2026-12-05T08:00:00.000Z', even, 7)) {
      pages++;
      seen.push(...page);
      await due.removeMany(page);
    }
    const expected = tenants.filter((t) => even(shardOf(t)));
    assert.ok(pages >= 2, 'more than one page');
    assert.deepEqual(seen.map((i) => i.tenantId).sort(), expected.sort(), 'every due prompt of the shards asked for, once');
    assert.ok(seen.every((i) => i.kind === 'prompt' && i.at <= '2026-12-05T08:00:00.000Z'));
    const hours = seen.map((i) => i.at.slice(0, 13));
    assert.deepEqual(hours, [...hours].sort(), 'oldest hour first');
    const left = await due.listAllItems();
    assert.equal(left.filter((i) => i.kind === 'prompt' && i.at <= '2026-12-05T08:00:00.000Z' && !even(shardOf(i.tenantId))).length, tenants.length - expected.length, 'other shards untouched');
    await due.removeMany(left);
  });

  it('finds a prompt scheduled under the old keys, moves it, and sends it once', async () => {
    const plan = await seedPlan(h, { id: 'gammel' });
    h.clock.set(new Date('2026-12-01T10:00:00.000Z'));
    await seedBenefit(h, plan, 1);
    // The item as the version before shards wrote it: PartitionKey = the hour bucket.
    const [item] = (await h.services.storage.due.listAllItems()).filter((i) => i.kind === 'prompt' && i.planId === 'gammel');
    await h.services.storage.due.removeMany([item]);
    const rk = `${item.at}~${tenantKey(TENANT_ID)}~gammel~${benefitKey(1)}~prompt`;
    await h.services.storage.store.table('due').createEntity(toEntity(item.at.slice(0, 13), rk, item));
    assert.equal((await h.services.storage.due.listDue(item.at)).filter((i) => i.planId === 'gammel').length, 1, 'listDue sees the old row');
    const r = await h.runDue(item.at);
    assert.equal(r.prompts, 1);
    assert.equal(promptCards(h, people.kari).length, 1);
    const rows = (await h.services.storage.store.table('due').listEntities().byPage({ maxPageSize: 1000 }).next()).value ?? [];
    assert.equal(rows.filter((e: { partitionKey?: string }) => /^\d/.test(String(e.partitionKey))).length, 0, 'no row under the old keys is left');
    assert.equal((await h.runDue(item.at)).prompts, 0, 'and it is not sent again');
  });

  it('run-due --shards works on the shards it is told, and refuses a list it cannot read', async function () {
    this.timeout(60_000);
    const azurite = await startAzurite();
    const connector = new FakeConnector();
    const serviceUrl = await connector.start();
    const bot = await startBot({ connectionString: azurite.connectionString, serviceUrl, now: '2026-12-01T10:00:00.000Z' });
    try {
      await seedMany(bot.services, { serviceUrl, count: 3, owner: numberedPerson, now: '2026-12-01T10:00:00.000Z', planId: 'skar' });
      const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, LOG_LEVEL: 'warn' };
      const mine = shardOf(TENANT_ID);
      const other = await runCli(['run-due', '--at', '2026-12-07T08:00:00.000Z', '--shards', String((mine + 1) % 32)], env);
      assert.equal(other.code, 0);
      assert.match(other.stdout, /^sent 0 prompts/);
      const told = await runCli(['run-due', '--at', '2026-12-07T08:00:00.000Z', '--shards', `${mine}`], env);
      assert.match(told.stdout, /^sent 3 prompts/);
      const bad = await runCli(['run-due', '--shards', '40'], env);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--shards must name shards 0-31/);
    } finally {
      await bot.close();
      await connector.stop();
      await azurite.stop();
    }
  });
});
