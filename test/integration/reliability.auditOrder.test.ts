// "Last changed by" after two changes in the same millisecond: the audit trail must keep the order
// the changes were made in, not leave it to a random suffix. Twenty pairs of `benefit set` by two
// admins at one instant (the manual clock stands still); after each pair, `benefit show` must
// name the admin who changed it second, and the trail lists the pair newest first.
import assert from 'node:assert/strict';
import { people, startHarness, type Harness } from '../support/harness';
import { addCommand, auditOf, cardText, inChannel, inChat } from '../support/commands';

const PLAN = 'rekkefolge';
const PAIRS = 20;

describe('reliability: audit order within one millisecond', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { ADMINS: `${people.ola.aadObjectId},${people.kari.aadObjectId}` } });
    await inChannel(h, people.ola, 'plan new Rekkefølge');
    await inChat(h, people.ola, addCommand(PLAN, 'Færre bomturer'));
  });
  after(async () => h.close());

  it(`names the later of two changes made in the same millisecond (${PAIRS} pairs)`, async () => {
    let wrong = 0;
    for (let i = 0; i < PAIRS; i++) {
      h.clock.advance(60_000);
      const [first, second] = i % 2 === 0 ? [people.ola, people.kari] : [people.kari, people.ola];
      await inChat(h, first, `benefit set ${PLAN}/1 target=${70 + i}`);
      await inChat(h, second, `benefit set ${PLAN}/1 target=${80 + i}`);
      const show = await inChat(h, people.ola, `benefit show ${PLAN}/1`);
      if (!cardText(show.cards[0]).includes(`Sist endret av ${second.name}`)) wrong++;
      const [newest, older] = (await auditOf(h, PLAN)).filter((e) => e.action === 'benefit.set');
      assert.equal(newest?.at, older?.at, 'the two changes share one instant');
      if (newest?.by.id !== second.id || (newest.after as { target?: number }).target !== 80 + i) wrong++;
    }
    console.log(`      figures: ${JSON.stringify({ pairs: PAIRS, wrongOrder: wrong })}`);
    assert.equal(wrong, 0, 'the later change is the last change, every time');
  });
});
