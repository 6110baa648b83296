// A spoofed reply target in local mode: anyone on the machine can post an activity "from" a
// colleague with a serviceUrl of their own. The bot answers that request where it came from, but
// it must never store that serviceUrl as the place to send the colleague's prompts, never move a
// stored conversation there, never mark a chat gone on its word, and never make it a plan's
// channel. (The attacker's "Teams" here is a second fake connector reached through the machine's
// host name: the same socket, but not a loopback address by the URL's own words.)
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { channelMessage, installationUpdate, people, personalMessage, postActivity, TENANT_ID } from '../support/activities';
import { FakeConnector, fakePersonalConversationId } from '../support/fakeConnector';
import { startHarness, type Harness } from '../support/harness';
import { promptCards, seedBenefit, seedPlan } from '../support/seed';
import { isLoopbackUrl, isServiceUrlTrusted } from '../../src/bot/serviceUrlTrust';

describe('reliability: the reply target cannot be spoofed', () => {
  let h: Harness;
  let attacker: FakeConnector;
  let evilUrl: string;
  before(async () => {
    h = await startHarness();
    attacker = new FakeConnector();
    const url = new URL(await attacker.start());
    url.hostname = hostname();
    evilUrl = url.toString();
  });
  after(async () => {
    await h.close();
    await attacker.stop();
  });

  it('keeps every stored conversation, plan and prompt on the real Teams', async () => {
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1); // Kari's
    // Kari has talked to the bot: her chat is stored with the real serviceUrl.
    assert.equal(await h.say(people.kari, 'hjelp'), 200);
    const before = await h.services.storage.conversations.getPersonal(TENANT_ID, people.kari.id);
    assert.equal(before?.reference?.serviceUrl, h.serviceUrl);

    // Someone else, posing as Kari and as Per (who never wrote), with their own serviceUrl.
    for (const who of [people.kari, people.per]) {
      assert.equal((await postActivity(h.url, personalMessage({ from: who, text: 'hjelp', serviceUrl: evilUrl }))).status, 200);
    }
    // …and as Ola in the channel: a plan whose digests would go to them.
    await postActivity(h.url, channelMessage({ from: people.ola, text: 'plan new Falsk plan', serviceUrl: evilUrl }));
    // Monday's prompt goes to Kari on the real Teams, not to the spoofed one.
    assert.equal((await h.runDue('2026-12-07T08:00:00.000Z')).prompts, 1);
    const promptsAtAttacker = attacker.sentActivities().filter((d) => JSON.stringify(d.activity).includes('measurement.submit')).length;
    // And an uninstall on the spoofer's word.
    await postActivity(h.url, installationUpdate({ scope: 'personal', action: 'remove', from: people.kari, serviceUrl: evilUrl }));

    const kari = await h.services.storage.conversations.getPersonal(TENANT_ID, people.kari.id);
    const per = await h.services.storage.conversations.getPersonal(TENANT_ID, people.per.id);
    const plans = await h.services.storage.plans.list(TENANT_ID);
    const stored = { kari: kari?.reference?.serviceUrl, kariGone: kari?.gone, per: per?.reference?.serviceUrl, plans: plans.map((p) => p.id) };

    console.log(`      figures: ${JSON.stringify({ ...stored, promptsAtAttacker, repliesAtAttacker: attacker.sentActivities().length - promptsAtAttacker })}`);
    assert.equal(stored.kari, h.serviceUrl, "Kari's chat still points at the real Teams");
    assert.equal(stored.kariGone, false, 'not marked gone by a spoofed uninstall');
    assert.equal(stored.per, undefined, 'no chat stored for Per from a spoofed request');
    assert.deepEqual(stored.plans, ['digitalt-tilsyn'], 'no plan bound to the spoofed serviceUrl');
    assert.equal(promptCards(h, people.kari).length, 1);
    assert.equal(promptsAtAttacker, 0);
    assert.ok(attacker.textsTo(fakePersonalConversationId(people.per.id)).length + attacker.sentActivities().length >= 1, 'the spoofed requests were answered where they came from');
  });

  it('believes a serviceUrl only when the token names it, or on loopback without authentication', () => {
    const claims = (c: Record<string, string>) => ({ claims: Object.entries(c).map(([type, value]) => ({ type, value })) }) as never;
    const real = 'https://smba.trafficmanager.net/emea/';
    assert.equal(isServiceUrlTrusted(real, claims({ iss: 'https://api.botframework.com', aud: 'app', serviceurl: real })), true);
    assert.equal(isServiceUrlTrusted(real, claims({ iss: 'https://api.botframework.com', aud: 'app' })), false, 'authenticated, but the token names no serviceUrl');
    assert.equal(isServiceUrlTrusted(real, claims({ serviceurl: 'https://other.example/' })), false);
    assert.equal(isServiceUrlTrusted(real, claims({})), false, 'local mode: not loopback');
    assert.equal(isServiceUrlTrusted('http://127.0.0.1:3978/', claims({})), true);
    for (const u of ['http://localhost:1/', 'http://127.1.2.3:80/x', 'http://[::1]:8080/']) assert.equal(isLoopbackUrl(u), true, u);
    for (const u of ['http://vm:1/', 'http://127.0.0.1.example.com/', 'http://localhost.evil/', 'file:///etc/passwd', 'not a url', 'http://0.0.0.0/']) assert.equal(isLoopbackUrl(u), false, u);
  });
});
