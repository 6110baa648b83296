// A lost write response: the owner's first answer reaches storage, but the answer to that write
// never reaches the bot (storage is cut right after it answered, and back at once). The table
// client tries the write again, which now fails its etag check. The owner must still read their
// answer as the first one ("registered", version 1), with no history row of the same value.
import assert from 'node:assert/strict';
import { startAzurite } from '../../src/storage';
import { people, TENANT_ID } from '../support/activities';
import { FakeConnector, fakePersonalConversationId } from '../support/fakeConnector';
import { promptIdsIn, seedMany, sleep, startBot } from '../support/reliability';
import { proxyFor } from '../support/storageProxy';

const SEEDED_AT = '2026-12-01T10:00:00.000Z';
const MONDAY = '2026-12-07T08:00:00.000Z';
const text = (card: unknown) => JSON.stringify(card ?? {}).replace(/\u00a0/g, ' ');

describe('reliability: a lost write response', () => {
  it('keeps a first answer whose write landed a first answer (5 owners)', async function () {
    this.timeout(60_000);
    const azurite = await startAzurite();
    const { proxy, connectionString } = await proxyFor(azurite.connectionString);
    const connector = new FakeConnector();
    const serviceUrl = await connector.start();
    const bot = await startBot({ connectionString, serviceUrl, now: SEEDED_AT });
    try {
      const owners = [people.kari, people.per, people.ingrid, people.lars, people.siri];
      await seedMany(bot.services, { serviceUrl, count: owners.length, owner: (n) => owners[n - 1], now: SEEDED_AT, planId: 'tapt-svar' });
      assert.equal((await bot.runtime.runDue(new Date(MONDAY))).prompts, owners.length);
      bot.clock.set(new Date('2026-12-07T10:00:00.000Z'));
      const results: { corrected: boolean; version?: number; history: number }[] = [];
      for (const [i, owner] of owners.entries()) {
        const promptId = promptIdsIn(connector.cardsTo(fakePersonalConversationId(owner.id)))[0];
        // The answer's write is a PUT of the period row: let it land, drop its answer.
        const cut = proxy.cutOn((r) => r.method === 'PUT' && r.path.includes('measurements('), 'afterAnswer');
        void cut.then(() => sleep(50).then(() => proxy.restore()));
        const r = await bot.act(owner, 'measurement.submit', { promptId, value: String(25 + i) });
        proxy.clearRules();
        proxy.restore();
        const row = await bot.services.storage.measurements.get(TENANT_ID, 'tapt-svar', i + 1, '2026-W49');
        const history = (await bot.services.storage.measurements.listHistory(TENANT_ID, 'tapt-svar')).filter((h) => h.benefitNumber === i + 1);
        results.push({ corrected: /Rettet|tidligere verdi/.test(text(r.card)), version: row?.version, history: history.length });
        assert.equal(r.status, 200);
        assert.match(text(r.card), new RegExp(`Takk! ${25 + i} timer er registrert`), `owner ${i + 1}: ${text(r.card)}`);
      }
      // A correction is one batch (the new row and the history row): its lost answer too.
      bot.clock.set(new Date('2026-12-07T11:00:00.000Z'));
      const promptId = promptIdsIn(connector.cardsTo(fakePersonalConversationId(owners[0].id)))[0];
      const cut = proxy.cutOn((r) => r.method === 'POST' && r.path.includes('$batch') && r.text.includes('measurements'), 'afterAnswer');
      void cut.then(() => sleep(50).then(() => proxy.restore()));
      const corrected = await bot.act(owners[0], 'measurement.submit', { promptId, value: '29' });
      proxy.clearRules();
      proxy.restore();
      const row = await bot.services.storage.measurements.get(TENANT_ID, 'tapt-svar', 1, '2026-W49');
      const history = (await bot.services.storage.measurements.listHistory(TENANT_ID, 'tapt-svar')).filter((h) => h.benefitNumber === 1);
      console.log(`      figures: ${JSON.stringify({ owners: owners.length, results, correction: { version: row?.version, history: history.length } })}`);
      assert.match(text(corrected.card), /29 timer/);
      assert.equal(row?.version, 2, 'the correction is stored once');
      assert.deepEqual(history.map((h) => h.value), [25], 'one history row: the first answer');
      for (const r of results) {
        assert.equal(r.corrected, false, 'the card does not call the first answer a correction');
        assert.equal(r.version, 1, 'stored once');
        assert.equal(r.history, 0, 'no history row of the same value');
      }
    } finally {
      await bot.close();
      await connector.stop();
      await proxy.stop();
      await azurite.stop();
    }
  });
});
