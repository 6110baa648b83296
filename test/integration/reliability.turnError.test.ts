// A turn that fails while replying to an activity that carries no `id`: the sender gets a 2xx and
// the polite "something went wrong" reply, never an HTTP 500 with the error's text in the body.
// Teams always sends an id, but other clients and a hand-made request need not; what marks a turn
// as proactive is how it started, not a missing field.
import assert from 'node:assert/strict';
import { people, personalConversationId, personalMessage, postActivity } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';

describe('reliability: a failing reply to an activity without id', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  for (const kind of ['message without id', 'message with id'] as const) {
    it(`answers 2xx and the polite reply (${kind}) when Teams refuses the first reply`, async () => {
      h.connector.clear();
      const activity: Record<string, unknown> = { ...personalMessage({ from: people.kari, text: 'hjelp', serviceUrl: h.serviceUrl }) };
      if (kind === 'message without id') delete activity.id;
      // The first reply to Kari's chat fails for good (403 is not retried); the next one goes through.
      h.connector.failNext(1, { status: 403 }, { kinds: ['send', 'reply'], conversationId: personalConversationId(people.kari) });
      const r = await postActivity(h.url, activity);
      const body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? '');
      console.log(`      figures: ${JSON.stringify({ kind, status: r.status, body: body.slice(0, 80) })}`);
      assert.ok(r.status >= 200 && r.status < 300, `status ${r.status}: ${body}`);
      assert.doesNotMatch(body, /error|forbidden|blocked|403/i, 'no error text in the body');
      assert.ok(h.textsTo(people.kari).some((t) => /noe gikk galt/.test(t)), 'Kari is told something went wrong');
    });
  }
});
