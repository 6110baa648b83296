// `gevinstbot demo`: demo plans from municipal practice with weeks of history, bound to the
// playground's team channel; seeding twice changes nothing; the schedule runs from the seed.
import assert from 'node:assert/strict';
import { playgroundWorld, seedDemo } from '../../src/services/demo';
import { startHarness, type Harness } from '../support/harness';

describe('demo: a seeded playground', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('seeds two plans with history, once, and their prompts go out on schedule', async () => {
    h = await startHarness({ now: '2026-11-26T12:00:00.000Z' });
    const world = { ...playgroundWorld(), serviceUrl: h.serviceUrl };
    const out = await seedDemo(h.services, h.clock.now(), world);
    assert.match(out, /digitalt-tilsyn/);
    const plans = await h.services.storage.plans.list(world.tenantId);
    assert.deepEqual(plans.map((p) => p.id).sort(), ['digitalt-tilsyn', 'sms-paminnelser']);
    const benefits = await h.services.storage.benefits.list(world.tenantId, 'sms-paminnelser');
    assert.equal(benefits.length, 3);
    const rows = await h.services.storage.measurements.listPlan(world.tenantId, 'sms-paminnelser');
    assert.ok(rows.length >= 15, `weeks of history (got ${rows.length})`);
    assert.ok(rows.every((r) => r.state === 'answered' && typeof r.value === 'number'));
    assert.equal((await h.services.storage.measurements.latestValue(world.tenantId, 'sms-paminnelser', benefits[1].number))?.value, 1500, 'the newest value is the one prompts show as previous');

    assert.match(await seedDemo(h.services, h.clock.now(), world), /exists already/);
    assert.equal((await h.services.storage.benefits.list(world.tenantId, 'sms-paminnelser')).length, 3);

    // Monday 30 November 2026, 09:00 Oslo: the four Monday benefits are asked, and the Friday one
    // (due Friday 27 November, when nothing ran) is sent now, once.
    const summary = await h.runDue('2026-11-30T08:00:00.000Z');
    assert.equal(summary.prompts, 5);
    assert.equal((await h.runDue('2026-11-30T08:01:00.000Z')).prompts, 0);
  });
});
