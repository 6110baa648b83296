// Archived plans and benefits take no answers (DOMAIN.md, Lifecycle): an open prompt card clicked
// after `plan archive` or `benefit archive` gets a polite card that says so, and nothing is
// stored. And `run-due` keeps its stdout for its summary: the JSON logs of a storage fault in the
// middle of a run go to stderr.
import assert from 'node:assert/strict';
import { startAzurite } from '../../src/storage';
import { numberedPerson, people, TENANT_ID } from '../support/activities';
import { inChat } from '../support/commands';
import { FakeConnector } from '../support/fakeConnector';
import { startHarness, type Harness } from '../support/harness';
import { startCli, waitUntil } from '../support/processes';
import { seedMany, sleep, startBot } from '../support/reliability';
import { promptCards, promptIdOf, seedBenefit, seedPlan } from '../support/seed';
import { proxyFor } from '../support/storageProxy';

const MONDAY = '2026-12-07T08:00:00.000Z';
const text = (card: unknown) => JSON.stringify(card ?? {}).replace(/\u00a0/g, ' ');

describe('reliability: archived plans and benefits take no answers', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function prompted(): Promise<string[]> {
    h = await startHarness();
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1);
    await seedBenefit(h, plan, 2);
    assert.equal((await h.runDue(MONDAY)).prompts, 2);
    h.clock.set(new Date('2026-12-07T09:00:00.000Z'));
    return promptCards(h, people.kari).map(promptIdOf);
  }
  const row = (n: number) => h.services.storage.measurements.get(TENANT_ID, 'digitalt-tilsyn', n, '2026-W49');

  it('answers a card clicked after `plan archive` with a card that says the plan is archived, and stores nothing', async () => {
    const [first, second] = await prompted();
    const archived = await inChat(h, people.ola, 'plan archive digitalt-tilsyn');
    assert.match(archived.all, /arkivert/);
    const r = await h.act(people.kari, 'measurement.submit', { promptId: first, value: '25' });
    const skip = await h.act(people.kari, 'measurement.skip', { promptId: second, reason: 'Ferie' });
    const correct = await h.act(people.kari, 'measurement.correct', { promptId: first });
    console.log(`      figures: ${JSON.stringify({ submit: text(r.card).match(/Planen[^"]*/)?.[0] })}`);
    for (const c of [r, skip, correct]) {
      assert.equal(c.status, 200);
      assert.match(text(c.card), /Planen «Digitalt tilsyn» er arkivert[^"]*Ingenting ble lagret/);
      assert.doesNotMatch(text(c.card), /measurement\.submit/, 'no input left to submit');
    }
    for (const n of [1, 2]) {
      const stored = await row(n);
      assert.equal(stored?.state, 'open', `benefit ${n}: nothing stored`);
      assert.equal(stored?.version, 0);
    }
  });

  it('refuses at once on another instance: one that has just read the plan for an answer takes no answer after `plan archive` elsewhere', async () => {
    const [first, second] = await prompted();
    const b = await startHarness({ tablePrefix: h.tablePrefix, connector: h.connector, now: '2026-12-07T09:00:00.000Z' });
    try {
      // B answers one card: it has now read the plan (not archived) and may keep it for a while.
      const before = await b.act(people.kari, 'measurement.submit', { promptId: first, value: '25' });
      assert.match(text(before.card), /er registrert/);
      // A archives the plan; Kari then clicks her other card, which reaches B.
      assert.match((await inChat(h, people.ola, 'plan archive digitalt-tilsyn')).all, /arkivert/);
      const after = await b.act(people.kari, 'measurement.skip', { promptId: second, reason: 'Ferie' });
      assert.match(text(after.card), /Planen «Digitalt tilsyn» er arkivert[^"]*Ingenting ble lagret/);
      const stored = await row(2);
      assert.equal(stored?.state, 'open', 'nothing stored');
      assert.equal(stored?.version, 0);
      // A correction of the first answer is refused on B as well.
      const correct = await b.act(people.kari, 'measurement.submit', { promptId: first, value: '30' });
      assert.match(text(correct.card), /er arkivert/);
      assert.equal((await row(1))?.value, 25);
    } finally {
      await b.close();
    }
  });

  it('answers a card of an archived benefit with a card that says so, and stores nothing', async () => {
    const [first] = await prompted();
    await inChat(h, people.ola, 'benefit archive digitalt-tilsyn/1');
    const r = await h.act(people.kari, 'measurement.submit', { promptId: first, value: '25' });
    assert.match(text(r.card), /Gevinsten «Flere besøk 1» er arkivert[^"]*Ingenting ble lagret/);
    assert.equal((await row(1))?.version, 0);
    const measure = await inChat(h, people.kari, 'measure digitalt-tilsyn/1 26');
    assert.match(measure.all, /arkivert/);
    assert.equal((await row(1))?.version, 0, 'the measure command stores nothing either');
  });
});

describe('reliability: run-due logs go to stderr', () => {
  it('prints only its summary on stdout while storage fails in the middle of the run', async function () {
    this.timeout(90_000);
    const azurite = await startAzurite();
    const { proxy, connectionString } = await proxyFor(azurite.connectionString);
    const connector = new FakeConnector();
    const serviceUrl = await connector.start();
    const bot = await startBot({ connectionString: azurite.connectionString, serviceUrl, now: '2026-12-01T10:00:00.000Z' });
    try {
      await seedMany(bot.services, { serviceUrl, count: 6, owner: numberedPerson, now: '2026-12-01T10:00:00.000Z', planId: 'logg' });
      connector.setLatency(50);
      // Storage goes away when the first prompt reaches Teams, for three seconds.
      const off = connector.onRequest(() => {
        off();
        proxy.cut();
        setTimeout(() => proxy.restore(), 3_000);
      });
      const cli = startCli(['run-due', '--at', MONDAY], { AZURE_STORAGE_CONNECTION_STRING: connectionString, LOG_LEVEL: 'warn', TEAMS_MAX_RPS: '50' });
      await waitUntil(() => cli.child.exitCode !== null || cli.child.signalCode !== null, 80_000, 'run-due to exit', 50);
      await sleep(50);
      const jsonOnStdout = cli.stdout().split('\n').filter((l) => l.trim().startsWith('{'));
      const jsonOnStderr = cli.stderr().split('\n').filter((l) => l.trim().startsWith('{'));
      console.log(`      figures: ${JSON.stringify({ stdout: cli.stdout().trim().split('\n'), jsonLinesOnStdout: jsonOnStdout.length, jsonLinesOnStderr: jsonOnStderr.length })}`);
      assert.ok(jsonOnStderr.length > 0, 'the fault was logged');
      assert.equal(jsonOnStdout.length, 0, 'no log line on stdout');
      assert.match(cli.stdout().trim(), /^sent \d+ prompts/);
    } finally {
      await bot.close();
      await connector.stop();
      await proxy.stop();
      await azurite.stop();
    }
  });
});
