// A report link's file is built once and then served from memory: repeated GETs and GETs at the
// same moment share one build (counted as storage requests at the HTTP level, as the benchmarks
// count them), a figure recorded meanwhile shows within a minute and a change of the plan row at
// once. Builds are bounded per tenant and minute (REPORT_BUILDS_PER_MINUTE, here 3): beyond the bound a GET
// is a 429 with Retry-After and a short page, files from memory still open, and the bound
// recovers on the harness's clock. Builds at once are bounded per process (503 beyond the line).
import assert from 'node:assert/strict';
import { nextOccurrence, parseCadence, periodOf } from '../../src/domain/cadence';
import type { PeriodRecord } from '../../src/domain/types';
import { ReportDownloads } from '../../src/services/report/downloads';
import { createReportToken, type ReportFormat } from '../../src/services/report/links';
import type { PlanRow } from '../../src/storage';
import { people, personalConversationId, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { asPerson, seedBenefit, seedPlan } from '../support/seed';

const KINDS: readonly ReportFormat[] = ['html', 'pdf', 'xlsx', 'csv'];

const figures = (f: Record<string, unknown>) => console.log(`      figures: ${JSON.stringify(f)}`);

async function get(h: Harness, path: string) {
  const res = await fetch(`${h.url}${path}`);
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

const linkTo = (h: Harness, plan: string, f: ReportFormat) =>
  `/reports/${createReportToken(h.services.config.reportSecret, TENANT_ID, plan, f, new Date(h.clock.now().getTime() + 24 * 3_600_000))}`;

/** Storage requests (HTTP, retries included) that `work` made. */
async function requestsOf<T>(h: Harness, work: () => Promise<T>): Promise<{ value: T; requests: number }> {
  const counter = h.services.storage.store.counter;
  const before = counter.count;
  const value = await work();
  return { value, requests: counter.count - before };
}

/** `weeks` answered weekly periods for each of `benefits` benefits, ending before the harness's now. */
async function seedHistory(h: Harness, plan: PlanRow, benefits: number, weeks: number): Promise<void> {
  for (let n = 1; n <= benefits; n++) await seedBenefit(h, plan, n, { title: `Gevinst ${n}`, start: '2026-01-05' });
  const cadence = parseCadence('mon 09:00');
  if (!cadence.ok) throw new Error('cadence');
  const rows: PeriodRecord[] = [];
  let at = nextOccurrence(cadence.cadence, plan.timezone, new Date(h.clock.now().getTime() - (weeks + 1) * 7 * 86_400_000).toISOString());
  for (let w = 0; w < weeks; w++) {
    const p = periodOf(cadence.cadence, plan.timezone, at);
    for (let n = 1; n <= benefits; n++) {
      rows.push({ planId: plan.id, benefitNumber: n, period: p.id, periodStart: p.start, periodEnd: p.end, closesAt: p.end, state: 'answered', baseline: false, value: 20 + w / 10, by: asPerson(people.kari), at: p.end, version: 1 });
    }
    at = nextOccurrence(cadence.cadence, plan.timezone, at);
  }
  const created = await h.services.storage.measurements.createMany(TENANT_ID, rows);
  assert.equal(created.filter(Boolean).length, benefits * weeks, 'every period row seeded');
}

describe('report links: one build per file, served from memory', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    const small = await seedPlan(h, { id: 'plan-m', name: 'Plan M', nextBenefitNumber: 2 });
    await seedBenefit(h, small, 1, { title: 'Færre telefoner' });
    await seedHistory(h, await seedPlan(h, { id: 'plan-big', name: 'Stor plan', nextBenefitNumber: 21 }), 20, 30);
  });
  after(async () => h.close());

  it('builds each kind once: the second and later GETs read the plan row only and get the same file', async () => {
    const firstGet: Record<string, number> = {};
    for (const f of KINDS) {
      const path = linkTo(h, 'plan-m', f);
      const first = await requestsOf(h, () => get(h, path));
      assert.equal(first.value.status, 200, f);
      assert.ok(first.requests >= 3, `${f}: the first GET builds (${first.requests} storage requests)`);
      firstGet[f] = first.requests;
      for (let i = 0; i < 10; i++) {
        const again = await requestsOf(h, () => get(h, path));
        assert.equal(again.value.status, 200);
        assert.equal(again.requests, 1, `${f}, GET ${i + 2}: one point read of the plan row`);
        assert.ok(again.value.body.equals(first.value.body), `${f}, GET ${i + 2}: the same file`);
      }
      // Another link to the same plan and kind (a later `report`, the digest's link) shares the file.
      h.clock.advance(1);
      const other = await requestsOf(h, () => get(h, linkTo(h, 'plan-m', f)));
      assert.equal(other.requests, 1, `${f}: another link to the same file`);
    }
    figures({ storageRequestsOfTheFirstGet: firstGet, ofEachOfTheNext10: 1 });
  });

  it('shares one build among GETs that arrive at the same moment', async () => {
    const path = linkTo(h, 'plan-big', 'xlsx');
    const together = await requestsOf(h, () => Promise.all(Array.from({ length: 8 }, () => get(h, path))));
    assert.deepEqual(together.value.map((r) => r.status), Array(8).fill(200));
    for (const r of together.value) assert.ok(r.body.equals(together.value[0].body), 'the same file for all eight');
    h.clock.advance(61_000);
    const alone = await requestsOf(h, () => get(h, path));
    assert.ok(alone.requests > 2, `a build on its own: ${alone.requests} requests`);
    assert.equal(together.requests, alone.requests + 7, `eight GETs at once: one build (${alone.requests} requests) + 7 plan reads, got ${together.requests}`);
    figures({ plan: '20 benefits × 30 weeks, xlsx', eightAtOnce: together.requests, oneAlone: alone.requests });
  });

  it('shows a figure recorded after the build within a minute, and a change of the plan at once', async () => {
    // Monday 09:00 in Oslo: Kari is asked about last week.
    h.clock.set('2026-11-30T08:00:30.000Z');
    await h.runDue('2026-11-30T08:00:00.000Z');
    const csv = linkTo(h, 'plan-m', 'csv');
    const page = linkTo(h, 'plan-m', 'html');
    const before = await get(h, csv);
    assert.doesNotMatch(before.body.toString('utf8'), /;42;/);
    assert.match((await get(h, page)).body.toString('utf8'), /<bdi>Plan M<\/bdi>/);

    h.connector.clear();
    await h.say(people.kari, 'measure plan-m/1 42');
    assert.match(h.textsTo(people.kari).join('\n'), /Registrert 42/);
    h.clock.advance(30_000);
    assert.ok((await get(h, csv)).body.equals(before.body), 'within the minute: the file as built');
    h.clock.advance(30_000);
    assert.match((await get(h, csv)).body.toString('utf8'), /;42;/, 'a minute after the build: the new figure');

    h.connector.clear();
    await h.say(people.ola, 'plan set plan-m name="Plan M, ny"');
    assert.match(h.textsTo(people.ola).join('\n'), /er endret/);
    assert.match((await get(h, page)).body.toString('utf8'), /<bdi>Plan M, ny<\/bdi>/, 'the plan row changed: built again at once');
  });
});

describe('report links: builds per tenant and minute are bounded', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ reportLimits: { buildsPerMinute: 3 } });
    for (let i = 1; i <= 8; i++) {
      const plan = await seedPlan(h, { id: `plan-${i}`, name: `Plan ${i}`, nextBenefitNumber: 2 });
      await seedBenefit(h, plan, 1);
    }
  });
  after(async () => h.close());

  it('answers a build beyond the bound with 429, Retry-After and a short page; files in memory still open; it recovers', async () => {
    const paths = Object.fromEntries(KINDS.map((f) => [f, linkTo(h, 'plan-1', f)]));
    for (const f of ['html', 'pdf', 'csv']) assert.equal((await get(h, paths[f])).status, 200, f);

    const refused = await requestsOf(h, () => get(h, paths.xlsx));
    assert.equal(refused.value.status, 429);
    assert.equal(refused.value.headers.get('retry-after'), '20', '3 per minute: the next in 20 s');
    assert.equal(refused.value.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(refused.value.headers.get('cache-control'), 'no-store');
    const text = refused.value.body.toString('utf8').replace(/<\/?bdi>/g, '');
    assert.match(text, /<h1>Prøv igjen om litt<\/h1>/);
    assert.match(text, /Det er laget mange rapporter på kort tid\. Rapporten for «Plan 1» kan lages igjen om 20 sekunder: last inn siden på nytt da\./);
    assert.ok(!text.includes(paths.xlsx.split('/').pop()!), 'no echo of the token');
    assert.equal(refused.requests, 1, 'nothing built: the plan row only');

    for (let i = 0; i < 5; i++) for (const f of ['html', 'pdf', 'csv']) assert.equal((await get(h, paths[f])).status, 200, `${f} from memory`);

    h.clock.advance(19_000);
    const soon = await get(h, paths.xlsx);
    assert.equal(soon.status, 429);
    assert.equal(soon.headers.get('retry-after'), '1');
    assert.match(soon.body.toString('utf8'), /om 1 sekund:/);
    h.clock.advance(1_000);
    const later = await get(h, paths.xlsx);
    assert.equal(later.status, 200, 'after the Retry-After');
    assert.ok(later.body.length > 1000);
    assert.equal((await get(h, linkTo(h, 'plan-2', 'csv'))).status, 429, 'and then bounded again');
  });

  it('answers 32 GETs at once that each need a build at once: 3 built, 29 × 429, and the bot keeps answering', async () => {
    h.clock.advance(120_000); // a full bucket, and every file in memory has gone stale
    const paths = Array.from({ length: 8 }, (_, i) => KINDS.map((f) => linkTo(h, `plan-${i + 1}`, f))).flat();
    const started = Date.now();
    const answers = await Promise.all(paths.map((p) => get(h, p)));
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 200).length, 3, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 429).length, 29, statuses.join(' '));
    for (const a of answers.filter((x) => x.status === 429)) assert.ok(Number(a.headers.get('retry-after')) >= 1);
    const ms = Date.now() - started;
    assert.ok(ms < 15_000, 'refused at once, not queued');
    figures({ at: 32, built: 3, refused429: 29, ms });
    assert.equal((await fetch(`${h.url}/healthz`)).status, 200);
    h.connector.clear();
    assert.equal(await h.say(people.ola, 'plan list'), 200);
    assert.equal(h.connector.cardsTo(personalConversationId(people.ola)).length, 1, 'the plan list card');
  });
});

describe('report links: builds at once are bounded per process', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    for (const id of ['plan-x', 'plan-y', 'plan-z']) await seedBenefit(h, await seedPlan(h, { id, name: id, nextBenefitNumber: 2 }), 1);
  });
  after(async () => h.close());

  it('answers 503 with Retry-After while every slot and place in line is taken, and builds again once one is free', async () => {
    const downloads = new ReportDownloads(h.services, { buildsAtOnce: 1, buildsWaiting: 0 });
    const token = (plan: string) => linkTo(h, plan, 'pdf').split('/').pop()!;
    const [x, y] = await Promise.all([downloads.get(token('plan-x')), downloads.get(token('plan-y'))]);
    const statuses = [x?.status, y?.status].sort();
    assert.deepEqual(statuses, [200, 503]);
    const busy = x?.status === 503 ? x : y;
    assert.equal(busy?.headers?.['Retry-After'], '5');
    assert.match(busy!.body.toString('utf8'), /Gevinstbot lager mange rapporter akkurat nå\. Last inn siden på nytt om 5 sekunder/);
    assert.equal(downloads.buildCount, 1);
    assert.equal((await downloads.get(token('plan-z')))?.status, 200);
    assert.equal(downloads.buildCount, 2);
  });
});
