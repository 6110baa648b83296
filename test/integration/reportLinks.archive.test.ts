// Archiving a plan revokes every report link handed out for it: the report card's four links, the
// digest's «Se hele oversikten» and the import template's link answer a small page in the plan's language (410) instead of
// the file, while other plans' links keep working. The leader or an admin gets fresh links with
// `report`. An expired link stays a bare 404, and a plan un-archived by hand does not bring the old
// links back.
import assert from 'node:assert/strict';
import { createReportToken } from '../../src/services/report/links';
import { tenantKey } from '../../src/storage/keys';
import { CHANNEL_ID, people, personalConversationId, TENANT_ID, type Person } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { seedBenefit, seedPlan } from '../support/seed';

type Card = { body?: { text: string }[]; actions?: { type: string; title: string; url: string }[] };

async function get(h: Harness, path: string) {
  const res = await fetch(`${h.url}${path}`);
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** The page as a reader sees it: tags dropped, entities undone, blanks folded. */
const pageText = (body: Buffer) =>
  body
    .toString('utf8')
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<\/?bdi>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The links of the `report` card `p` got for `plan`, by button title, as paths on this server. */
async function reportLinks(h: Harness, p: Person, plan: string): Promise<{ text: string; links: Record<string, string> }> {
  h.connector.clear();
  await h.say(p, `report ${plan}`);
  const cards = h.connector.cardsTo(personalConversationId(p)).filter((c) => Array.isArray((c as Card).actions)) as Card[];
  assert.equal(cards.length, 1, `a card of links for ${plan}`);
  return {
    text: cards[0].body!.map((b) => b.text).join('\n'),
    links: Object.fromEntries(cards[0].actions!.map((a) => [a.title, new URL(a.url).pathname])),
  };
}

/** The import template's link on the card `import <plan>` answers with (in the personal chat). */
async function templateLink(h: Harness, plan: string): Promise<string> {
  h.connector.clear();
  await h.say(people.ola, `import ${plan}`);
  const urls = JSON.stringify(h.connector.cardsTo(personalConversationId(people.ola))).match(/https?:\/\/[^"]+\/reports\/[A-Za-z0-9_.-]+/g) ?? [];
  assert.equal(urls.length, 1, 'one template link');
  return new URL(urls[0]).pathname;
}

/** The digest card's «Se hele oversikten» link. */
async function digestLink(h: Harness, plan: string): Promise<string> {
  h.connector.clear();
  assert.equal(await h.sayInChannel(people.ola, `digest ${plan}`), 200);
  const card = h.connector.cardsTo(CHANNEL_ID).find((c) => Array.isArray((c as Card).actions)) as Card | undefined;
  assert.ok(card, 'a digest card with its link');
  return new URL(card.actions![0].url).pathname;
}

function assertServes(r: Awaited<ReturnType<typeof get>>, what: string): void {
  assert.equal(r.status, 200, what);
  assert.ok(r.body.length > 100, `${what}: a file`);
}

/** The revoked page: 410, HTML in the plan's language, nothing cached, nothing leaked. */
function assertRevoked(r: Awaited<ReturnType<typeof get>>, path: string, what: string): string {
  assert.equal(r.status, 410, what);
  assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8', what);
  assert.equal(r.headers.get('content-disposition'), null, `${what}: a page, not a download`);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  const raw = r.body.toString('utf8');
  const token = path.split('/').pop()!;
  assert.ok(!raw.includes(token) && !raw.includes(token.split('.')[0]), `${what}: no echo of the token`);
  assert.doesNotMatch(raw, /\bat .+:\d+|node_modules|\/work\/|\.ts\b|<script/i, `${what}: no stack, path or script`);
  assert.ok(raw.length < 4000, `${what}: a small page (${raw.length} bytes)`);
  return pageText(r.body);
}

describe('report links: archiving a plan revokes its links', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    for (const [id, name, language] of [
      ['plan-a', 'Plan A', 'nb'],
      ['plan-b', 'Plan B', 'nb'],
      ['plan-en', 'English plan', 'en'],
    ] as const) {
      const plan = await seedPlan(h, { id, name, language, nextBenefitNumber: 2 });
      await seedBenefit(h, plan, 1, { title: `Gevinst i ${name}` });
    }
  });
  after(async () => h.close());

  it('answers every link handed out before the archive with a polite page; other plans’ links still work', async () => {
    const a = await reportLinks(h, people.ola, 'plan-a');
    const aDigest = await digestLink(h, 'plan-a');
    const aTemplate = await templateLink(h, 'plan-a');
    const b = await reportLinks(h, people.ola, 'plan-b');
    const bDigest = await digestLink(h, 'plan-b');
    const before = { ...a.links, digest: aDigest, template: aTemplate };
    assert.equal(Object.keys(before).length, 6);
    for (const [kind, path] of Object.entries(before)) assertServes(await get(h, path), `plan A ${kind} before`);

    h.clock.advance(60_000);
    h.connector.clear();
    await h.say(people.ola, 'plan archive plan-a');
    assert.match(h.textsTo(people.ola).join('\n'), /er arkivert\..*Rapportlenkene som er delt, virker ikke lenger; \*\*rapport plan-a\*\* gir nye\./);

    for (const [kind, path] of Object.entries(before)) {
      const text = assertRevoked(await get(h, path), path, `plan A ${kind} after`);
      assert.match(text, /Planen er arkivert/);
      assert.match(text, /Planen «Plan A» er arkivert, og lenkene til rapportene som ble delt før arkiveringen, virker ikke lenger\./);
      assert.match(text, /Gevinstansvarlig for planen eller en administrator kan få nye lenker ved å skrive «rapport plan-a» til Gevinstbot i Teams\./);
    }
    for (const [kind, path] of Object.entries({ ...b.links, digest: bDigest })) assertServes(await get(h, path), `plan B ${kind}`);
  });

  it('gives the leader and admins fresh links to an archived plan, which work; the old ones stay dead', async () => {
    const fresh = await reportLinks(h, people.ola, 'plan-a');
    assert.match(fresh.text, /Planen er arkivert\. Lenkene som ble delt før arkiveringen, virker ikke lenger; disse nye virker\./);
    for (const [kind, path] of Object.entries(fresh.links)) assertServes(await get(h, path), `fresh ${kind}`);
    const page = await get(h, fresh.links['Åpne oversikten']);
    assert.match(page.body.toString('utf8'), /Gevinst i Plan A/);
    // A link made before the archive, at the old epoch (as the card of the first test made them).
    const expires = new Date(h.clock.now().getTime() + 3_600_000);
    for (const f of ['html', 'pdf', 'xlsx', 'csv'] as const) {
      const path = `/reports/${createReportToken(h.services.config.reportSecret, TENANT_ID, 'plan-a', f, expires)}`;
      assert.equal((await get(h, path)).status, 410, f);
    }
  });

  it('says it in the plan’s language', async () => {
    // The card of links follows Ola's own language; the files and pages behind them, the plan's.
    await h.say(people.ola, 'language en');
    const en = await reportLinks(h, people.ola, 'plan-en');
    await h.say(people.ola, 'språk nb');
    h.connector.clear();
    await h.say(people.ola, 'plan archive plan-en');
    const path = en.links['Confirmation document (PDF)'];
    const text = assertRevoked(await get(h, path), path, 'English plan');
    assert.match(text, /The plan is archived/);
    assert.match(text, /The plan “English plan” is archived, and the report links shared before it was archived no longer work\./);
    assert.match(text, /The plan leader or an administrator can get new links by writing “report plan-en” to Gevinstbot in Teams\./);
    assert.match((await get(h, path)).body.toString('utf8'), /<html lang="en">/);
  });

  it('is still a bare 404 for an expired link of an archived plan: only a valid link learns about the archive', async () => {
    const expired = createReportToken(h.services.config.reportSecret, TENANT_ID, 'plan-a', 'csv', new Date(h.clock.now().getTime() - 1000));
    const r404 = await get(h, `/reports/${expired}`);
    assert.equal(r404.status, 404);
    assert.deepEqual(JSON.parse(r404.body.toString('utf8')), { error: 'not found' });
  });

  it('does not bring old links back when the plan is un-archived by hand in the table', async () => {
    const c = await reportLinks(h, people.ola, 'plan-b');
    h.connector.clear();
    await h.say(people.ola, 'plan archive plan-b');
    // An operator edits the row in Storage Explorer: archived = false again, the epoch stays.
    const table = h.services.storage.store.table('plans');
    await table.updateEntity({ partitionKey: tenantKey(TENANT_ID), rowKey: 'plan-b', archived: false }, 'Merge');
    const path = c.links['Målinger (CSV)'];
    const text = assertRevoked(await get(h, path), path, 'un-archived by hand');
    assert.match(text, /Lenken virker ikke lenger/);
    assert.match(text, /Lenken til rapporten for «Plan B» er trukket tilbake\./);
    const fresh = await reportLinks(h, people.ola, 'plan-b');
    assert.doesNotMatch(fresh.text, /arkivert/);
    assertServes(await get(h, fresh.links['Målinger (CSV)']), 'fresh link after the un-archive');
  });

  it('leaves the links alone when only a benefit is archived: the report still shows it', async () => {
    const plan = await seedPlan(h, { id: 'plan-c', name: 'Plan C', nextBenefitNumber: 3 });
    await seedBenefit(h, plan, 1, { title: 'Beholdes' });
    await seedBenefit(h, plan, 2, { title: 'Arkiveres' });
    const c = await reportLinks(h, people.ola, 'plan-c');
    h.connector.clear();
    await h.say(people.ola, 'benefit archive plan-c/2');
    assert.match(h.textsTo(people.ola).join('\n'), /er arkivert/);
    const page = await get(h, c.links['Åpne oversikten']);
    assertServes(page, 'dashboard after a benefit archive');
    assert.match(page.body.toString('utf8'), /Arkiveres/);
    for (const path of Object.values(c.links)) assertServes(await get(h, path), 'after a benefit archive');
  });
});
