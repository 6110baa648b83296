/**
 * Proves the fake Bot Connector against botbuilder's own client, so that what passes
 * against the fake is what botbuilder really sends (paths, encoding, bodies, retries).
 */
import assert from 'node:assert/strict';
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationParameters,
  type ConversationReference,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { FakeConnector, fakePersonalConversationId, mulberry32 } from '../../support/fakeConnector';

const TENANT = '00000000-0000-0000-0000-0000000000001';
const BOT = { id: '28:gevinstbot', name: 'Gevinstbot' };
const OLA = {
  id: '29:ola',
  name: 'Ola Nordmann',
  aadObjectId: '6f1c2a3b-0000-4000-8000-000000000001',
  email: 'ola.nordmann@example.no',
  userPrincipalName: 'ola.nordmann@example.no',
  givenName: 'Ola',
  surname: 'Nordmann',
  tenantId: TENANT,
};
const KARI = { ...OLA, id: '29:kari', name: 'Kari Nordmann', aadObjectId: '6f1c2a3b-0000-4000-8000-000000000002', givenName: 'Kari', email: 'kari@example.no', userPrincipalName: 'kari@example.no' };
const PER = { ...OLA, id: '29:per', name: 'Per Hansen', aadObjectId: '6f1c2a3b-0000-4000-8000-000000000003', givenName: 'Per', surname: 'Hansen', email: 'per@example.no', userPrincipalName: 'per@example.no' };
const CHANNEL = '19:abc@thread.tacv2';

describe('FakeConnector (driven by botbuilder)', function () {
  this.timeout(20_000);
  let connector: FakeConnector;
  let serviceUrl: string;
  // Local mode: no app id, so botbuilder sends no token (as the bot does without MicrosoftAppId).
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));

  const personalRef = (conversationId = fakePersonalConversationId(OLA.id)): Partial<ConversationReference> => ({
    channelId: 'msteams',
    serviceUrl,
    bot: BOT,
    user: { id: OLA.id, name: OLA.name },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
  });
  const channelRef = (): Partial<ConversationReference> => ({
    channelId: 'msteams',
    serviceUrl,
    bot: BOT,
    conversation: { id: `${CHANNEL};messageid=1795733370035`, conversationType: 'channel', tenantId: TENANT, isGroup: true, name: '' },
  });
  const withTurn = (ref: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>): Promise<void> =>
    adapter.continueConversationAsync('', ref, logic);
  const client = (): ConnectorClient => new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: serviceUrl });

  /** A raw POST (no client retries), to look at the fake's own answers. */
  const rawSend = async (conversationId: string, text = 'x'): Promise<number> => {
    const r = await fetch(`${serviceUrl}v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text }),
    });
    await r.text();
    return r.status;
  };

  before(async () => {
    connector = new FakeConnector();
    serviceUrl = await connector.start();
  });
  after(async () => connector.stop());
  beforeEach(() => {
    connector.reset();
  });

  it('serves on 127.0.0.1 with a trailing-slash service URL', () => {
    assert.match(serviceUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('records a proactive send to a personal chat, with the encoded conversation id decoded', async () => {
    const cid = fakePersonalConversationId(OLA.id); // contains ':' twice
    let sentId: string | undefined;
    await withTurn(personalRef(), async (ctx) => {
      const card = CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hei' }] });
      sentId = (await ctx.sendActivity({ type: 'message', text: 'Hei Ola', attachments: [card] }))?.id;
    });
    assert.ok(sentId && /^\d+$/.test(sentId), `expected a numeric id, got ${sentId}`);
    // botbuilder's proactive sendActivity is a *reply* to the continuation activity's random id.
    const req = connector.requests.find((r) => r.kind === 'reply');
    assert.equal(req?.conversationId, cid);
    assert.match(req?.activityId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(req?.status, 200);
    assert.equal(req?.authorization, undefined, 'local mode sends no token');
    assert.deepEqual(connector.textsTo(cid), ['Hei Ola']);
    assert.equal(connector.cardsTo(cid).length, 1);
    assert.equal(connector.cardsTo(cid)[0]?.version, '1.5');
    assert.equal(connector.stats.replies, 1);
    assert.equal(connector.stats.delivered, 1);

    // The plain send endpoint (ConnectorClient.sendToConversation) is recorded as 'send'.
    await client().conversations.sendToConversation(cid, { type: 'message', text: 'direkte' } as never);
    assert.equal(connector.requests.at(-1)?.kind, 'send');
    assert.deepEqual(connector.textsTo(cid), ['Hei Ola', 'direkte']);
  });

  it('records replies (POST …/activities/:id), updates and deletes', async () => {
    const thread = `${CHANNEL};messageid=1795733370035`;
    const reply = await client().conversations.replyToActivity(thread, '1795733370035', {
      type: 'message',
      text: 'svar i tråden',
    } as never);
    assert.ok(reply.id);
    await withTurn(channelRef(), async (ctx) => {
      await ctx.updateActivity({ id: reply.id, type: 'message', text: 'endret', conversation: ctx.activity.conversation });
      await ctx.deleteActivity(reply.id as string);
    });
    const kinds = connector.requests.map((r) => `${r.kind}:${r.status}`);
    assert.deepEqual(kinds, ['reply:200', 'update:200', 'delete:200']);
    assert.equal(connector.requests[0]?.activityId, '1795733370035');
    assert.equal(connector.requests[0]?.conversationId, thread);
    assert.deepEqual(connector.textsTo(CHANNEL), ['svar i tråden'], 'a channel id matches its threads');
    assert.deepEqual(connector.textsTo(thread), ['svar i tråden']);
    assert.equal(connector.updates[0]?.activity.text, 'endret');
    assert.equal(connector.deletes[0]?.activityId, reply.id);
  });

  it('creates a stable personal chat per member and a new thread per channel post', async () => {
    const ids: string[] = [];
    const params = (): ConversationParameters =>
      ({ isGroup: false, bot: BOT, members: [{ id: OLA.id, name: OLA.name }], tenantId: TENANT, channelData: { tenant: { id: TENANT } } }) as ConversationParameters;
    for (let i = 0; i < 2; i++) {
      await adapter.createConversationAsync('', 'msteams', serviceUrl, '', params(), async (ctx) => {
        ids.push(ctx.activity.conversation.id);
        await ctx.sendActivity('Velkommen');
      });
    }
    assert.deepEqual(ids, [fakePersonalConversationId(OLA.id), fakePersonalConversationId(OLA.id)]);
    assert.deepEqual(connector.textsTo(fakePersonalConversationId(OLA.id)), ['Velkommen', 'Velkommen']);

    // A channel post: the activity travels in the create body.
    const post = await client().conversations.createConversation({
      isGroup: true,
      bot: BOT,
      channelData: { channel: { id: CHANNEL }, tenant: { id: TENANT } },
      activity: { type: 'message', text: 'Ukens oppsummering' },
    } as never);
    assert.match(post.id, /^19:abc@thread\.tacv2;messageid=\d+$/);
    assert.equal(post.id, `${CHANNEL};messageid=${post.activityId}`);
    assert.deepEqual(connector.textsTo(CHANNEL), ['Ukens oppsummering']);
    assert.equal(connector.sentActivities().filter((d) => d.kind === 'create').length, 1);
  });

  it('refuses a personal create without a tenant, like Teams', async () => {
    await assert.rejects(
      client().conversations.createConversation({ isGroup: false, bot: BOT, members: [{ id: OLA.id }] } as never),
      (e: { statusCode?: number }) => e.statusCode === 400,
    );
  });

  it('answers TeamsInfo.getMember by Teams id, AAD object id or UPN, and 404s unknown members', async () => {
    connector.addMember('*', OLA);
    await withTurn(personalRef(), async (ctx) => {
      const byId = await TeamsInfo.getMember(ctx, OLA.id);
      assert.equal(byId.name, 'Ola Nordmann');
      assert.equal(byId.aadObjectId, OLA.aadObjectId);
      assert.equal(byId.userPrincipalName, OLA.userPrincipalName);
      assert.equal((await TeamsInfo.getMember(ctx, OLA.aadObjectId)).id, OLA.id);
      assert.equal((await TeamsInfo.getMember(ctx, OLA.userPrincipalName)).id, OLA.id);
      await assert.rejects(TeamsInfo.getMember(ctx, '29:ukjent'), (e: { statusCode?: number; code?: string }) => {
        assert.equal(e.statusCode, 404);
        assert.equal(e.code, 'MemberNotFoundInConversation');
        return true;
      });
    });
    assert.equal(connector.requests.filter((r) => r.kind === 'getMember').length, 4, '404 is not retried');
  });

  it('serves a file at a download URL as Teams does (content.downloadUrl), sized, chunked or expired', async () => {
    const body = Buffer.from('PK-not-really-a-workbook');
    const url = connector.serveFile('register.xlsx', body, { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    assert.match(url, new RegExp(`^${serviceUrl}files/`));
    const r = await fetch(url);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-length'), String(body.length));
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), body);
    const chunked = await fetch(connector.serveFile('big.xlsx', Buffer.alloc(200_000, 1), { chunked: true }));
    assert.equal(chunked.headers.get('content-length'), null);
    assert.equal((await chunked.arrayBuffer()).byteLength, 200_000);
    assert.equal((await fetch(connector.serveFile('old.xlsx', body, { status: 403 }))).status, 403);
    assert.equal((await fetch(`${serviceUrl}files/none`)).status, 404);
    assert.equal(connector.downloads(), 4);
  });

  it('serves team rosters, paged members and the channel list', async () => {
    connector.addMember(CHANNEL, OLA).addMember(CHANNEL, KARI).addMember(CHANNEL, PER);
    connector.addChannel(CHANNEL, { id: '19:prosjekt@thread.tacv2', name: 'Prosjekt' });
    const teamTurn: Partial<ConversationReference> = { ...channelRef() };
    await adapter.continueConversationAsync('', teamTurn, async (ctx) => {
      // getMember in a team context asks the team (General channel id = team id).
      ctx.activity.channelData = { team: { id: CHANNEL }, tenant: { id: TENANT } };
      assert.equal((await TeamsInfo.getMember(ctx, KARI.id)).name, 'Kari Nordmann');
      const page1 = await TeamsInfo.getPagedMembers(ctx, 2);
      assert.deepEqual(page1.members.map((m) => m.id), [OLA.id, KARI.id]);
      assert.ok(page1.continuationToken);
      const page2 = await TeamsInfo.getPagedMembers(ctx, 2, page1.continuationToken);
      assert.deepEqual(page2.members.map((m) => m.id), [PER.id]);
      assert.equal(page2.continuationToken, undefined);
      const channels = await TeamsInfo.getTeamChannels(ctx, CHANNEL);
      assert.deepEqual(channels.map((c) => c.id), [CHANNEL, '19:prosjekt@thread.tacv2']);
    });
    // Members of the team are members of its other channels too.
    const members = await client().conversations.getConversationMembers('19:prosjekt@thread.tacv2');
    assert.equal(members.length, 3);
  });

  describe('faults as botbuilder sees them', () => {
    it('429 with Retry-After: botbuilder waits that long and retries; the fake sees no early retry', async () => {
      const cid = fakePersonalConversationId(OLA.id);
      connector.failNext(1, { status: 429, retryAfter: 1 });
      const t0 = Date.now();
      await withTurn(personalRef(), async (ctx) => void (await ctx.sendActivity('etter pause')));
      const elapsed = Date.now() - t0;
      assert.deepEqual(connector.requests.map((r) => r.status), [429, 200]);
      assert.ok(elapsed >= 1_000, `retried after ${elapsed} ms`);
      assert.ok(connector.requests[0]?.retryAllowedAt);
      assert.ok((connector.requests[1]?.at ?? 0) >= (connector.requests[0]?.retryAllowedAt ?? Infinity));
      assert.equal(connector.earlyRetries(), 0);
      assert.deepEqual(connector.textsTo(cid), ['etter pause']);
      assert.equal(connector.stats.throttled, 1);
    });

    it('429 without Retry-After is not retried by botbuilder: the error reaches the caller', async () => {
      connector.failNext(1, { status: 429 });
      await assert.rejects(
        withTurn(personalRef(), async (ctx) => void (await ctx.sendActivity('x'))),
        (e: { statusCode?: number }) => e.statusCode === 429,
      );
      assert.equal(connector.requests.length, 1);
    });

    it('botbuilder gives up after 3 retries (4 attempts)', async () => {
      connector.failNext(10, { status: 429, retryAfter: 0 });
      await assert.rejects(
        withTurn(personalRef(), async (ctx) => void (await ctx.sendActivity('x'))),
        (e: { statusCode?: number }) => e.statusCode === 429,
      );
      assert.equal(connector.requests.length, 4);
    });

    it('5xx is retried with exponential backoff (first wait 0.5–1 s); 403/404 are not retried', async () => {
      connector.failNext(1, { status: 502 });
      const t0 = Date.now();
      await withTurn(personalRef(), async (ctx) => void (await ctx.sendActivity('etter 502')));
      const gap = (connector.requests[1]?.at ?? 0) - (connector.requests[0]?.at ?? 0);
      assert.deepEqual(connector.requests.map((r) => r.status), [502, 200]);
      assert.ok(gap >= 450 && gap <= 1_200, `gap ${gap} ms (elapsed ${Date.now() - t0})`);

      for (const status of [403, 404] as const) {
        connector.clear();
        connector.failNext(1, { status });
        await assert.rejects(
          withTurn(personalRef(), async (ctx) => void (await ctx.sendActivity('x'))),
          (e: { statusCode?: number }) => e.statusCode === status,
        );
        assert.equal(connector.requests.length, 1, `${status} must not be retried`);
      }
    });

    it('a hung request (timeout fault) surfaces as a dropped socket, which botbuilder retries', async () => {
      connector.failNext(1, { timeoutMs: 50 });
      await withTurn(personalRef(), async (ctx) => void (await ctx.sendActivity('etter brudd')));
      assert.deepEqual(connector.requests.map((r) => r.status), [0, 200]);
      assert.equal(connector.requests[0]?.fault, 'timeout');
      assert.equal(connector.stats.timeouts, 1);
    });

    it('blockConversation: 403 for a member who blocked the bot, 404 for a create to a removed member', async () => {
      connector.blockConversation(OLA.id, 403).blockConversation(KARI.id, 404);
      await assert.rejects(
        withTurn(personalRef(), async (ctx) => void (await ctx.sendActivity('x'))),
        (e: { statusCode?: number; code?: string }) => e.statusCode === 403 && e.code === 'ConversationBlockedByUser',
      );
      await assert.rejects(
        client().conversations.createConversation({ isGroup: false, bot: BOT, members: [{ id: KARI.id }], tenantId: TENANT } as never),
        (e: { statusCode?: number }) => e.statusCode === 404,
      );
      assert.equal(connector.sentActivities().length, 0);
      assert.equal(connector.stats.forbidden, 1);
      assert.equal(connector.stats.notFound, 1);
    });

    it('setRateLimit: over the limit answers 429 + Retry-After: 1; botbuilder retries and all arrive', async () => {
      connector.setRateLimit(5);
      const sends = Array.from({ length: 8 }, (_, i) =>
        withTurn(personalRef(fakePersonalConversationId(`29:u${i}`)), async (ctx) => void (await ctx.sendActivity(`melding ${i}`))),
      );
      await Promise.all(sends);
      assert.equal(connector.stats.over, 3);
      assert.equal(connector.stats.delivered, 8);
      assert.equal(connector.earlyRetries(), 0);
      // No 1 s window holds more than 5 accepted sends.
      const ok = connector.requests.filter((r) => r.status === 200).map((r) => r.at);
      for (const t of ok) assert.ok(ok.filter((u) => u >= t && u < t + 1_000).length <= 5);
    });

    it('setRateLimit per tenant, setLatency and failNext for one tenant: the other tenant is not touched', async () => {
      const OTHER = '00000000-0000-0000-0000-0000000000002';
      const refOf = (i: number, tenantId: string): Partial<ConversationReference> => ({
        ...personalRef(fakePersonalConversationId(`29:t${i}`)),
        conversation: { id: fakePersonalConversationId(`29:t${i}`), conversationType: 'personal', tenantId, isGroup: false, name: '' },
      });
      connector.setRateLimit(3, { perTenant: true });
      connector.setLatency(400, TENANT);
      connector.failNext(1, { status: 429, retryAfter: 1 }, { tenantId: TENANT });
      const started = Date.now();
      const otherDone: number[] = [];
      await Promise.all([
        ...Array.from({ length: 3 }, (_, i) => withTurn(refOf(i, TENANT), async (ctx) => void (await ctx.sendActivity(`a ${i}`)))),
        ...Array.from({ length: 3 }, (_, i) =>
          withTurn(refOf(10 + i, OTHER), async (ctx) => {
            await ctx.sendActivity(`b ${i}`);
            otherDone.push(Date.now() - started);
          }),
        ),
      ]);
      const ofTenant = (t: string) => connector.requests.filter((r) => r.tenantId === t);
      assert.equal(ofTenant(OTHER).length, 3, 'three calls of the other tenant, none refused or retried');
      assert.ok(ofTenant(OTHER).every((r) => r.status === 200));
      assert.ok(Math.max(...otherDone) < 350, `the other tenant is answered without the first tenant's latency (${otherDone.join(', ')} ms)`);
      assert.equal(ofTenant(TENANT).filter((r) => r.status === 429).length, 1, 'the first tenant got its 429');
      assert.equal(connector.stats.over, 0, 'three calls per tenant are within a limit of three per tenant');
      assert.equal(connector.stats.delivered, 6);
    });

    it('setTenantRateLimit: each tenant has its own limit; over it answers 429 and counts overTenant', async () => {
      connector.setTenantRateLimit(3);
      const ref = (tenantId: string, i: number): Partial<ConversationReference> => {
        const r = personalRef(fakePersonalConversationId(`29:t${tenantId}-${i}`));
        return { ...r, conversation: { ...r.conversation!, tenantId } };
      };
      const sends = ['A', 'B'].flatMap((tenant) =>
        Array.from({ length: 5 }, (_, i) => withTurn(ref(tenant, i), async (ctx) => void (await ctx.sendActivity(`melding ${i}`)))),
      );
      await Promise.all(sends);
      assert.equal(connector.stats.overTenant, 4, 'two over in each tenant');
      assert.equal(connector.stats.delivered, 10, 'botbuilder retried them after Retry-After');
      assert.deepEqual([connector.acceptedByTenant.get('a'), connector.acceptedByTenant.get('b')], [5, 5]);
    });

    it('earlyRetries counts a request that ignores Retry-After', async () => {
      const cid = fakePersonalConversationId(PER.id);
      connector.failNext(1, { status: 429, retryAfter: 2 });
      assert.equal(await rawSend(cid), 429);
      assert.equal(await rawSend(cid), 200);
      assert.equal(await rawSend(fakePersonalConversationId(KARI.id)), 200, 'other conversations are not gated');
      assert.equal(connector.earlyRetries(), 1);
      assert.equal(connector.earlyRetryDetails()[0]?.key, cid);
    });

    it('setFaultRate with a seed is deterministic', async () => {
      const run = async (seed: number): Promise<number[]> => {
        connector.reset();
        connector.setFaultRate({ p429: 0.2, p5xx: 0.1, p403: 0.05, p404: 0.05, retryAfter: 1, seed });
        const out: number[] = [];
        for (let i = 0; i < 60; i++) out.push(await rawSend(`a:fake-29:u${i}`));
        return out;
      };
      const a = await run(42);
      const b = await run(42);
      const c = await run(7);
      assert.deepEqual(a, b);
      assert.notDeepEqual(a, c);
      for (const s of [429, 200]) assert.ok(a.includes(s), `expected some ${s} in ${a.join(',')}`);
      assert.ok(a.some((s) => s >= 500), 'some 5xx');
      // The reproducible stream is mulberry32.
      assert.equal(mulberry32(1)(), mulberry32(1)());
    });

    it('latency delays every answer', async () => {
      connector.setLatency(150);
      const t0 = Date.now();
      await rawSend('a:fake-29:ola');
      assert.ok(Date.now() - t0 >= 140);
    });
  });

  describe('waiting', () => {
    it('waitFor resolves with the match once it arrives', async () => {
      const pending = connector.waitForActivity((d) => d.activity.text === 'senere', 2_000);
      setTimeout(() => void rawSend('a:fake-29:ola', 'senere'), 50);
      const hit = await pending;
      assert.equal(hit.conversationId, 'a:fake-29:ola');
      const req = await connector.waitFor((r) => r.kind === 'send', 500);
      assert.equal(req.status, 200);
    });

    it('waitFor rejects with a listing of what was received', async () => {
      await rawSend('a:fake-29:ola', 'noe annet');
      await assert.rejects(connector.waitFor((r) => r.kind === 'create', 100), (e: Error) => {
        assert.match(e.message, /no matching request within 100 ms/);
        assert.match(e.message, /POST send a:fake-29:ola → 200 message "noe annet"/);
        return true;
      });
    });
  });
});
