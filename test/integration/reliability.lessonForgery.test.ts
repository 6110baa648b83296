// Crafted `lesson.submit` actions (the missed-target card's verb) by a plan leader who is not an
// admin, and by others: a card action is checked like the command it stands for (DOMAIN.md, Who
// may do what). A new target or date only on a missed benefit of a live plan, only from the
// leader or an admin, validated as `benefit set` validates it, and audited; nothing else changes.
import assert from 'node:assert/strict';
import type { Plan } from '../../src/domain/types';
import type { BenefitRow } from '../../src/storage';
import { people, TENANT_ID } from '../support/activities';
import { auditOf, inChat } from '../support/commands';
import { startHarness, type Harness } from '../support/harness';
import { asPerson, seedPlan } from '../support/seed';

describe('reliability: crafted lesson actions', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ now: '2026-12-03T08:00:00.000Z' });
  });
  after(async () => h.close());

  async function benefit(plan: Plan, n: number, extra: Partial<BenefitRow> = {}): Promise<void> {
    await h.services.storage.benefits.create({
      tenantId: TENANT_ID,
      planId: plan.id,
      number: n,
      title: `Gevinst ${n}`,
      type: 'time',
      unit: 't',
      baseline: 40,
      target: 30,
      due: '2026-12-02',
      direction: 'down',
      directionSet: false,
      cadence: 'mon 09:00',
      owner: asPerson(people.kari),
      state: 'missed',
      createdAt: '2026-09-01T08:00:00.000Z',
      ...extra,
    });
  }
  const stored = (planId: string, n: number) => h.services.storage.benefits.get(TENANT_ID, planId, n);
  const cardText = (c: unknown) => JSON.stringify(c ?? {});

  it('refuses every crafted change and stores the legitimate one with an audit entry', async () => {
    // Ingrid leads both plans and is no admin (Ola is).
    const live = await seedPlan(h, { id: 'levende', name: 'Levende', leader: asPerson(people.ingrid) });
    const gone = await seedPlan(h, { id: 'arkivert', name: 'Arkivert', leader: asPerson(people.ingrid) });
    await benefit(live, 1, { state: 'tracking', due: '2027-06-30' }); // never missed
    await benefit(live, 2, { state: 'archived' });
    await benefit(live, 3, { directionSet: true }); // missed, down on purpose: the notice is about this one
    await benefit(gone, 1);
    await inChat(h, people.ola, 'plan archive arkivert');

    const forged: { name: string; from: typeof people.ingrid; data: Record<string, string>; plan: string; n: number; expect: RegExp }[] = [
      { name: 'never missed', from: people.ingrid, plan: 'levende', n: 1, data: { newTarget: '35', newDue: '31.03.2027' }, expect: /ikke bommet/ },
      { name: 'archived benefit', from: people.ingrid, plan: 'levende', n: 2, data: { newTarget: '35' }, expect: /er arkivert/ },
      { name: 'archived plan', from: people.ingrid, plan: 'arkivert', n: 1, data: { newTarget: '35' }, expect: /er arkivert/ },
      { name: 'beyond the value limit', from: people.ingrid, plan: 'levende', n: 3, data: { newTarget: '1e300' }, expect: /er ikke et tall/ },
      { name: 'target equals the baseline', from: people.ingrid, plan: 'levende', n: 3, data: { newTarget: '40' }, expect: /lik nullpunktet/ },
      { name: 'direction turned', from: people.ingrid, plan: 'levende', n: 3, data: { newTarget: '45' }, expect: /lavere er bedre|ned/ },
      { name: 'date in the past', from: people.ingrid, plan: 'levende', n: 3, data: { newDue: '01.12.2026' }, expect: /må være etter i dag/ },
      { name: 'not a date', from: people.ingrid, plan: 'levende', n: 3, data: { newDue: '31.02.2027' }, expect: /ikke en gyldig dato/ },
      { name: 'owner sets a target', from: people.kari, plan: 'levende', n: 3, data: { newTarget: '35' }, expect: /Bare planlederen/ },
      { name: 'stranger', from: people.per, plan: 'levende', n: 3, data: {}, expect: /Bare eieren/ },
    ];
    const before = new Map<string, string>();
    for (const f of forged) before.set(`${f.plan}/${f.n}`, JSON.stringify(await stored(f.plan, f.n)));
    let changedBy = 0;
    for (const f of forged) {
      const r = await h.act(f.from, 'lesson.submit', { planId: f.plan, benefit: String(f.n), lesson: 'Forsøk', newDue: '', newTarget: '', ...f.data });
      assert.equal(r.status, 200);
      assert.match(cardText(r.card), f.expect, `${f.name}: ${cardText(r.card).slice(0, 400)}`);
      const after = await stored(f.plan, f.n);
      const { etag: _a, ...a } = after!;
      const { etag: _b, ...b } = JSON.parse(before.get(`${f.plan}/${f.n}`)!) as BenefitRow;
      if (JSON.stringify(a) !== JSON.stringify(b)) changedBy++;
    }
    const lessons = (await h.services.storage.records.listPlan(TENANT_ID, 'levende')).lessons;
    const audit = (await auditOf(h, 'levende')).filter((e) => e.action === 'benefit.set');
    console.log(`      figures: ${JSON.stringify({ forged: forged.length, benefitsChanged: changedBy, lessonsStored: lessons.length, auditEntries: audit.length })}`);
    assert.equal(changedBy, 0, 'no crafted action changed a benefit');
    assert.equal(lessons.length, 0, 'no lesson stored from a refused action');
    assert.equal(audit.length, 0);

    // The leader's own, valid change: stored, moved on, and audited like `benefit set`.
    const ok = await h.act(people.ingrid, 'lesson.submit', { planId: 'levende', benefit: '3', lesson: 'Vi startet for sent.', newDue: '31.03.2027', newTarget: '32' });
    assert.match(cardText(ok.card), /Takk! Læringspunktet er lagret/);
    const b3 = (await stored('levende', 3))!;
    assert.deepEqual([b3.target, b3.due, b3.state], [32, '2027-03-31', 'tracking']);
    const [entry] = (await auditOf(h, 'levende')).filter((e) => e.action === 'benefit.set');
    assert.equal(entry?.by.id, people.ingrid.id);
    assert.deepEqual([entry?.before, entry?.after].map((x) => ({ target: (x as Record<string, unknown>).target, due: (x as Record<string, unknown>).due })), [
      { target: 30, due: '2026-12-02' },
      { target: 32, due: '2027-03-31' },
    ]);
    // The same card once more changes nothing (the benefit is no longer missed; the lesson is stored once).
    const again = await h.act(people.ingrid, 'lesson.submit', { planId: 'levende', benefit: '3', lesson: 'Vi startet for sent.', newDue: '31.03.2027', newTarget: '32' });
    assert.match(cardText(again.card), /Takk! Læringspunktet er lagret/);
    assert.equal((await h.services.storage.records.listPlan(TENANT_ID, 'levende')).lessons.length, 1);
    assert.equal((await auditOf(h, 'levende')).filter((e) => e.action === 'benefit.set').length, 1);
    // The owner may write a lesson on a missed benefit (no new target).
    await benefit(live, 4);
    const owner = await h.act(people.kari, 'lesson.submit', { planId: 'levende', benefit: '4', lesson: 'Jeg var borte i to uker.', newDue: '', newTarget: '' });
    assert.match(cardText(owner.card), /Takk! Læringspunktet er lagret/);
    assert.equal((await stored('levende', 4))!.state, 'missed');
  });
});
