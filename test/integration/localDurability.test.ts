// Local mode's embedded storage (Azurite, persisted under DATA_DIR/azurite) keeps what the bot
// confirmed: five owners answer their prompts and see the confirmation, the storage process is
// killed (SIGKILL) at once, and after a restart on the same folder all five answers are there.
// Azurite's table store (LokiJS) saves to disk only every 5 s on its own; the embedded storage
// holds each write's answer until its save is on disk (src/storage/azuriteChild.ts).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStorage, startAzurite, type EmbeddedAzurite } from '../../src/storage';
import { people, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { promptCards, promptIdOf, seedBenefit, seedPlan } from '../support/seed';

const MONDAY = '2026-12-07T08:00:00.000Z'; // 09:00 Oslo: the prompts about week 49
const text = (card: unknown) => JSON.stringify(card ?? {}).replace(/\u00a0/g, ' ');

function killHard(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(poll);
        resolve();
      }
    }, 10);
  });
}

describe('local storage durability: what the bot confirmed survives a killed storage process', () => {
  let azurite: EmbeddedAzurite | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close().catch(() => undefined);
    await azurite?.stop();
  });

  it('keeps five confirmed answers when the storage process is SIGKILLed right after them', async function () {
    this.timeout(90_000);
    const location = path.join(mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-durable-')), 'azurite');
    azurite = await startAzurite({ location });
    h = await startHarness({ env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString } });
    const plan = await seedPlan(h);
    for (let n = 1; n <= 5; n++) await seedBenefit(h, plan, n);
    assert.equal((await h.runDue(MONDAY)).prompts, 5);
    h.clock.set(new Date('2026-12-07T09:00:00.000Z'));

    const cards = promptCards(h, people.kari);
    assert.equal(cards.length, 5);
    for (const [i, card] of cards.entries()) {
      const r = await h.act(people.kari, 'measurement.submit', { promptId: promptIdOf(card), value: String(21 + i) });
      assert.match(text(r.card), new RegExp(`${21 + i} timer er registrert for uke 49 2026`), 'the owner saw the confirmation');
    }

    await killHard(azurite.pid);
    const prefix = h.tablePrefix;
    await h.close().catch(() => undefined);
    h = undefined;

    azurite = await startAzurite({ location });
    const storage = await openStorage(azurite.connectionString, prefix);
    const rows = await storage.measurements.listPlan(TENANT_ID, plan.id);
    const answered = rows.filter((r) => r.state === 'answered').map((r) => [r.benefitNumber, r.value]);
    assert.deepEqual(answered.sort(), [[1, 21], [2, 22], [3, 23], [4, 24], [5, 25]]);
  });
});
