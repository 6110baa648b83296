// Foundation: a Teams-shaped message over HTTP gets a reply at the (fake) Teams connector, the
// conversation is remembered in Table Storage, an uninstall marks it gone, /healthz tells the truth,
// and with an App ID configured an unauthenticated request never reaches the bot.
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config';
import { startRuntime } from '../../src/runtime';
import { installationUpdate, people, personalMessage, personalConversationId, postActivity, CHANNEL_ID, TENANT_ID } from '../support/activities';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { startHarness, type Harness } from '../support/harness';
import pino from 'pino';

describe('foundation: a running bot on Table Storage', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  it('answers a personal message in the personal chat and remembers the conversation', async () => {
    assert.equal(await h.say(people.kari, 'hva er dette?'), 200);
    const texts = h.textsTo(people.kari);
    assert.equal(texts.length, 1);
    assert.match(texts[0], /help/);
    const row = await h.services.storage.conversations.getPersonal(TENANT_ID, people.kari.id);
    assert.ok(row, 'conversation reference stored');
    assert.equal(row.reference?.conversationId, personalConversationId(people.kari));
    assert.equal(row.reference?.serviceUrl, h.serviceUrl);
    assert.equal(row.gone, false);
  });

  it('answers a channel post that mentions it, in the channel thread, and remembers the channel', async () => {
    assert.equal(await h.sayInChannel(people.per, 'noe rart'), 200);
    const replies = h.connector.sentActivities().filter((d) => d.conversationId.startsWith(CHANNEL_ID));
    assert.equal(replies.length, 1);
    const row = await h.services.storage.conversations.getChannel(TENANT_ID, CHANNEL_ID);
    assert.ok(row);
    assert.equal(row.kind, 'channel');
    assert.equal(row.reference?.conversationId, CHANNEL_ID, 'proactive posts go to the channel, not the thread');
  });

  it('marks a personal conversation gone when the app is removed', async () => {
    await h.say(people.lars, 'hei');
    const r = await postActivity(h.url, installationUpdate({ scope: 'personal', action: 'remove', from: people.lars, serviceUrl: h.serviceUrl }));
    assert.equal(r.status, 200);
    const row = await h.services.storage.conversations.getPersonal(TENANT_ID, people.lars.id);
    assert.equal(row?.gone, true);
  });

  it('reads several people’s chats in one request, the same rows as one by one (a removed one and one never met included)', async () => {
    await h.say(people.siri, 'hei');
    const ids = [people.kari.id, people.lars.id, people.siri.id, '29:never-met', people.kari.id];
    const one = new Map<string, unknown>();
    for (const id of ids) {
      const row = await h.services.storage.conversations.getPersonal(TENANT_ID, id);
      if (row) one.set(id, row);
    }
    h.services.storage.store.resetCounter();
    const many = await h.services.storage.conversations.getPersonalMany(TENANT_ID, ids);
    assert.equal(h.services.storage.store.counter.count, 1);
    assert.deepEqual(many, one);
    assert.equal(many.get(people.lars.id)?.gone, true);
    await assert.rejects(h.services.storage.conversations.getPersonalMany(TENANT_ID, Array.from({ length: 15 }, (_, i) => `29:u${i}`)), RangeError);
  });

  it('says hello in a team when installed there, and remembers the channel', async () => {
    h.connector.clear();
    const r = await postActivity(h.url, installationUpdate({ scope: 'team', action: 'add', from: people.ola, serviceUrl: h.serviceUrl }));
    assert.equal(r.status, 200);
    const texts = h.connector.sentActivities().map((d) => d.activity.text ?? '');
    assert.ok(texts.some((t) => /plan new/.test(t)), `welcome in the channel, got ${JSON.stringify(texts)}`);
  });

  it('reports healthy storage on /healthz', async () => {
    const res = await fetch(`${h.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('refuses a body that is not an activity, without a stack trace', async () => {
    const res = await fetch(`${h.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": 3' });
    assert.equal(res.status, 400);
    const text = await res.text();
    assert.doesNotMatch(text, /at .*\.(ts|js):\d+/);
  });
});

describe('foundation: authentication with an App ID', () => {
  it('answers 401 to an unauthenticated request and runs no turn', async () => {
    const azurite = await sharedAzurite();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SCHEDULER: 'off',
      LOG_LEVEL: 'silent',
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT_ID,
      ALLOWED_TENANTS: TENANT_ID,
      REPORT_SECRET: 'f3b1c9a07e6d4258b0a9c1e2d3f4a5b6c7d8e9f0a1b2c3d4',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    });
    const runtime = await startRuntime(config, { tablePrefix: uniquePrefix(), log: pino({ level: 'silent' }) });
    try {
      const activity = personalMessage({ from: people.kari, text: 'help', serviceUrl: 'http://127.0.0.1:9/' });
      const r = await postActivity(runtime.url!, activity);
      assert.equal(r.status, 401);
      const stored = await runtime.services.storage.conversations.getPersonal(TENANT_ID, people.kari.id);
      assert.equal(stored, undefined, 'no turn ran, so nothing was stored');
    } finally {
      await runtime.close();
    }
  });
});
