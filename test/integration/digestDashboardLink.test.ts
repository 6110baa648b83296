// The weekly digest's "Se hele oversikten" button: an Action.OpenUrl on the posted card whose
// signed link opens the plan's dashboard (and nothing else), for two weeks, in the plan's language.
import assert from 'node:assert/strict';
import { validateCard } from '../../src/cards/validate';
import { DIGEST_LINK_DAYS } from '../../src/services/report/digestLink';
import { verifyReportToken } from '../../src/services/report/links';
import { CHANNEL_ID, people, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { asPerson, seedPlan } from '../support/seed';

type Card = { actions?: { type: string; title: string; url: string }[] };

async function get(h: Harness, path: string) {
  const res = await fetch(`${h.url}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe('digest: the link to the full overview', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    const plan = await seedPlan(h);
    await h.services.storage.benefits.create({
      tenantId: TENANT_ID,
      planId: plan.id,
      number: 1,
      title: 'Færre bomturer',
      type: 'quality',
      unit: 'besøk',
      baseline: 10,
      target: 20,
      due: '2027-06-30',
      direction: 'up',
      directionSet: false,
      cadence: 'mon 09:00',
      owner: asPerson(people.kari),
      state: 'tracking',
      createdAt: '2026-09-01T08:00:00.000Z',
    });
    await seedPlan(h, { id: 'english-plan', name: 'English plan', language: 'en' });
  });
  after(async () => h.close());

  const postedCard = async (planId: string): Promise<Card> => {
    h.connector.clear();
    assert.equal(await h.sayInChannel(people.ola, `digest ${planId}`), 200);
    const cards = h.connector.cardsTo(CHANNEL_ID).filter((c) => Array.isArray((c as Card).actions)) as Card[];
    assert.equal(cards.length, 1, 'one digest card with actions');
    return cards[0];
  };

  it('puts «Se hele oversikten» on the card; the link opens the dashboard, and only the dashboard', async () => {
    const card = await postedCard('digitalt-tilsyn');
    const check = validateCard(card);
    assert.ok(check.ok, check.problems.join('; '));
    const [action, ...more] = card.actions!;
    assert.equal(more.length, 0);
    assert.equal(action.type, 'Action.OpenUrl');
    assert.equal(action.title, 'Se hele oversikten');
    const url = new URL(action.url);
    assert.equal(url.origin, h.services.config.publicUrl, 'under PUBLIC_URL');
    const page = await get(h, url.pathname);
    assert.equal(page.status, 200);
    assert.equal(page.type, 'text/html; charset=utf-8');
    assert.ok(page.body.includes('<bdi>Færre bomturer</bdi>'));
    const token = verifyReportToken(h.services.config.reportSecret, url.pathname.split('/').pop()!, h.clock.now());
    assert.equal(token?.f, 'html', 'a dashboard-only token: not the PDF, workbook or CSV');
  });

  it('works for two weeks, so last week’s card still opens the page, and then stops', async () => {
    const card = await postedCard('digitalt-tilsyn');
    const path = new URL(card.actions![0].url).pathname;
    assert.ok(DIGEST_LINK_DAYS * 24 > h.services.config.reportTtlHours);
    const start = h.clock.now().getTime();
    h.clock.set(new Date(start + (DIGEST_LINK_DAYS - 1) * 86_400_000));
    assert.equal((await get(h, path)).status, 200, 'a day before it expires');
    h.clock.set(new Date(start + DIGEST_LINK_DAYS * 86_400_000 + 1000));
    const late = await get(h, path);
    assert.equal(late.status, 404);
    assert.deepEqual(JSON.parse(late.body), { error: 'not found' });
    h.clock.set(new Date(start));
  });

  it('speaks the plan’s language', async () => {
    const card = await postedCard('english-plan');
    assert.equal(card.actions![0].title, 'See the full overview');
  });
});
