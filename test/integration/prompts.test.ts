// Scheduled measurement prompts: the right person is asked at the right local time, once per
// period, across daylight-saving changes and holidays, also when two processes run the same
// schedule; archived benefits and plans are never asked.
import assert from 'node:assert/strict';
import { validateCard } from '../../src/cards/validate';
import { people, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { promptCards, seedBenefit, seedPlan } from '../support/seed';

describe('prompts: scheduled measurement prompts to benefit owners', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('asks the owner at 09:00 Oslo time every Monday, across the spring DST change, skipping Easter Monday', async () => {
    h = await startHarness({ now: '2027-03-20T10:00:00.000Z' }); // Saturday
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1);

    // Monday 22 March 2027, 09:00 CET = 08:00Z.
    assert.equal((await h.runDue('2027-03-22T07:59:00.000Z')).prompts, 0, 'not before its time');
    assert.equal((await h.runDue('2027-03-22T08:00:00.000Z')).prompts, 1);
    const first = promptCards(h, people.kari);
    assert.equal(first.length, 1);
    assert.match(JSON.stringify(first[0]), /Flere besøk 1/);
    // A Monday prompt asks about the week that has just ended.
    assert.match(JSON.stringify(first[0]), /uke 11 2027/);
    assert.match(JSON.stringify(first[0]), /Hvis brukeren er hjemme i ti av ti tilfeller/);

    // After the change to summer time (28 March), 09:00 CEST = 07:00Z; 29 March is Easter Monday,
    // so the prompt about week 12 waits for Tuesday 30 March at 09:00.
    assert.equal((await h.runDue('2027-03-29T07:00:00.000Z')).prompts, 0, 'no prompt on Easter Monday');
    assert.equal((await h.runDue('2027-03-30T06:59:00.000Z')).prompts, 0);
    assert.equal((await h.runDue('2027-03-30T07:00:00.000Z')).prompts, 1);
    // Monday 5 April 2027 09:00 CEST = 07:00Z (asks about week 13).
    assert.equal((await h.runDue('2027-04-05T07:00:00.000Z')).prompts, 1);
    const cards = promptCards(h, people.kari).map((c) => JSON.stringify(c));
    assert.equal(cards.length, 3);
    assert.match(cards[1], /uke 12 2027/);
    assert.match(cards[2], /uke 13 2027/);
    const rows = await h.services.storage.measurements.listBenefit(TENANT_ID, plan.id, 1);
    assert.deepEqual(rows.map((r) => r.period), ['2027-W11', '2027-W12', '2027-W13']);
  });

  it('keeps 09:00 across the autumn DST change (08:00Z after 25 October 2026)', async () => {
    h = await startHarness({ now: '2026-10-20T10:00:00.000Z' });
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1);
    assert.equal((await h.runDue('2026-10-26T07:00:00.000Z')).prompts, 0, '07:00Z is 08:00 in winter time');
    assert.equal((await h.runDue('2026-10-26T08:00:00.000Z')).prompts, 1);
  });

  it('sends each prompt once when run-due runs twice for the same instant', async () => {
    h = await startHarness();
    const plan = await seedPlan(h);
    for (let n = 1; n <= 5; n++) await seedBenefit(h, plan, n);
    const at = '2026-12-07T08:00:00.000Z'; // Monday 09:00 Oslo
    assert.equal((await h.runDue(at)).prompts, 5);
    assert.equal((await h.runDue(at)).prompts, 0);
    assert.equal(promptCards(h, people.kari).length, 5);
  });

  it('sends each prompt exactly once when two processes run the same schedule at once', async () => {
    h = await startHarness();
    const second = await startHarness({ tablePrefix: h.tablePrefix, connector: h.connector });
    try {
      const plan = await seedPlan(h);
      const owners = [people.kari, people.per, people.ingrid, people.lars, people.siri, people.bjorn, people.aase];
      for (let n = 1; n <= 21; n++) {
        const o = owners[n % owners.length];
        await seedBenefit(h, plan, n, { owner: { id: o.id, name: o.name, aadObjectId: o.aadObjectId } });
      }
      const at = '2026-12-07T08:00:00.000Z';
      const [a, b] = await Promise.all([h.runDue(at), second.runDue(at)]);
      assert.equal(a.prompts + b.prompts, 21);
      const perOwner = owners.map((o) => promptCards(h, o).length);
      assert.deepEqual(perOwner, owners.map(() => 3), '21 benefits over 7 owners: 3 prompts each, no duplicates');
      const [c, d] = await Promise.all([h.runDue(at), second.runDue(at)]);
      assert.equal(c.prompts + d.prompts, 0);
    } finally {
      await second.close();
    }
  });

  it('never prompts for an archived benefit or an archived plan', async () => {
    h = await startHarness();
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1);
    const archived = await seedBenefit(h, plan, 2, { owner: { id: people.per.id, name: people.per.name } });
    await h.services.storage.benefits.update({ ...archived, state: 'archived' }, archived.etag);
    const other = await seedPlan(h, { id: 'arkivert', name: 'Arkivert' });
    await seedBenefit(h, other, 1, { owner: { id: people.lars.id, name: people.lars.name } });
    await h.services.storage.plans.update({ ...other, archived: true }, other.etag);

    assert.equal((await h.runDue('2026-12-07T08:00:00.000Z')).prompts, 1);
    assert.equal(promptCards(h, people.kari).length, 1);
    assert.equal(promptCards(h, people.per).length, 0);
    assert.equal(promptCards(h, people.lars).length, 0);
  });

  it('sends a prompt missed while the process was down when it comes back, once, for the current period', async () => {
    h = await startHarness();
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1);
    // Down from before 7 December until Wednesday 23 December: the prompts about weeks 49, 50 and
    // 51 were missed; only the latest (Monday 21 December, about week 51) is sent.
    assert.equal((await h.runDue('2026-12-23T10:00:00.000Z')).prompts, 1);
    assert.equal((await h.runDue('2026-12-23T10:01:00.000Z')).prompts, 0);
    const rows = await h.services.storage.measurements.listBenefit(TENANT_ID, plan.id, 1);
    assert.deepEqual(rows.map((r) => r.period), ['2026-W51']);
    // And the schedule goes on: Monday 28 December (not a holiday) 09:00.
    assert.equal((await h.runDue('2026-12-28T08:00:00.000Z')).prompts, 1);
  });

  it('asks for the baseline first when the benefit has none', async () => {
    h = await startHarness();
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1, { baseline: undefined });
    await h.runDue('2026-12-07T08:00:00.000Z');
    const card = JSON.stringify(promptCards(h, people.kari)[0]);
    assert.match(card, /nullpunktet/);
  });

  it('builds a prompt card that the Adaptive Cards SDK accepts, under 28 KB', async () => {
    h = await startHarness();
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1, { title: 'x'.repeat(120), message: 'y'.repeat(500) });
    await h.runDue('2026-12-07T08:00:00.000Z');
    const check = validateCard(promptCards(h, people.kari)[0]);
    assert.deepEqual(check.problems, []);
    assert.ok(check.bytes < 28 * 1024);
  });
});
