// What the sender (src/bot/sender.ts, through src/bot/connectorCall.ts) puts on the wire against
// what the Bot Framework's own ConnectorClient operations put there for the same activity: the
// same method, URL, headers and JSON for prompt cards, texts with mentions and updates, service
// URLs with and without a path, conversation ids with the characters Teams uses (':', ';', '@',
// '|'); and a refusal read the same way (status, Retry-After, the service's code). A local HTTP
// server stands in for Teams and records both requests.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthenticationConstants, ClaimsIdentity, type ConnectorClient } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import fc from 'fast-check';
import pino from 'pino';
import { createAdapter } from '../../../src/bot/adapter';
import { callWithActivity } from '../../../src/bot/connectorCall';
import { TeamsMessenger } from '../../../src/bot/sender';
import { TenantRateLimiter } from '../../../src/delivery/rateLimiter';
import { localTestConfig } from '../../support/harness';

interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Headers that differ per request whoever sends it. */
const VOLATILE = new Set(['x-ms-client-request-id', 'content-length', 'connection', 'host']);

describe('bot: activities sent through the connector pipeline, against the connector operations', () => {
  let server: http.Server;
  let base: string;
  const recorded: Recorded[] = [];
  let answer: { status: number; body: string; headers?: Record<string, string> } = { status: 201, body: '{"id":"1:activity"}' };
  const log = pino({ level: 'silent' });
  const { auth } = createAdapter(localTestConfig('UseDevelopmentStorage=true'), log);
  const identity = new ClaimsIdentity([
    { type: AuthenticationConstants.AudienceClaim, value: '' },
    { type: AuthenticationConstants.AppIdClaim, value: '' },
  ]);
  const clientFor = (serviceUrl: string): Promise<ConnectorClient> => auth.createConnectorFactory(identity).create(serviceUrl);

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (!VOLATILE.has(k)) headers[k] = String(v);
        recorded.push({ method: req.method ?? '', url: req.url ?? '', headers, body: body ? JSON.parse(body) : undefined });
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
        res.end(answer.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    recorded.length = 0;
    answer = { status: 201, body: '{"id":"1:activity"}' };
  });

  const conversationId = fc.stringMatching(/^[a-zA-Z0-9:;@|=._-]{1,40}$/).map((s) => `a:${s}`);
  const text = fc.string({ unit: fc.constantFrom('a', 'Æ', 'ø', ' ', '«', '»', '\n', '"', '\\', '<', '>', '&', '😀', '€') });

  it('the sender’s prompt cards and texts reach Teams as the connector’s replyToActivity would send them', async () => {
    await fc.assert(
      fc.asyncProperty(conversationId, fc.constantFrom('', '/', '/emea/', '/amer'), text, fc.boolean(), async (conversation, path, words, withCard) => {
        recorded.length = 0;
        const serviceUrl = `${base}${path}`;
        const messenger = new TeamsMessenger(auth, '', new TenantRateLimiter(1000), log);
        const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: words, wrap: true }], actions: [{ type: 'Action.Execute', verb: 'measurement.submit', data: { promptId: 'p/1/2026-W49', n: 1.5 } }] };
        const result = await messenger.send(
          { serviceUrl, conversationId: conversation, conversationType: 'personal', tenantId: 'tenant-1', botId: '28:bot', userId: '29:kari', userName: 'Kari Nordmann' },
          withCard ? { card, summary: `Måling: ${words}` } : { text: `<at>Kari Nordmann</at> ${words}`, mentions: [{ id: '29:kari', name: 'Kari Nordmann' }] },
        );
        assert.deepEqual(result, { ok: true, activityId: '1:activity', conversationId: conversation });
        assert.equal(recorded.length, 1);
        const ours = recorded[0];
        const activity = ours.body as Activity;
        assert.ok(activity.replyToId, 'a reply to the continuation, as continueConversationAsync + sendActivity make it');
        const sdk = await clientFor(serviceUrl);
        await sdk.conversations.replyToActivity(conversation, activity.replyToId, activity);
        assert.deepEqual(ours, recorded[1]);
      }),
      { numRuns: 60 },
    );
  });

  it('sends and updates as sendToConversation and updateActivity would', async () => {
    const client = await clientFor(`${base}/emea/`);
    const activity: Partial<Activity> = { type: 'message', text: 'Oppdatert «kort» ø', conversation: { id: 'a:1;messageid=2', isGroup: false, conversationType: 'personal', name: '' }, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: [] } }] };
    assert.equal(await callWithActivity(client, { kind: 'send', conversationId: 'a:1;messageid=2' }, activity), '1:activity');
    await client.conversations.sendToConversation('a:1;messageid=2', activity as Activity);
    assert.deepEqual(recorded[0], recorded[1]);
    answer = { status: 200, body: '{}' };
    assert.equal(await callWithActivity(client, { kind: 'update', conversationId: 'a:1;messageid=2', activityId: '1:act|1' }, activity), '');
    await client.conversations.updateActivity('a:1;messageid=2', '1:act|1', activity as Activity);
    assert.deepEqual(recorded[2], recorded[3]);
    assert.equal(recorded[2].method, 'PUT');
  });

  it('a refusal is read as the operation reads it: status, Retry-After and the service’s code and message', async () => {
    const client = await clientFor(base);
    for (const status of [400, 403, 404]) {
      answer = { status, body: JSON.stringify({ error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } }), headers: { 'Retry-After': '7' } };
      const caught = async (f: () => Promise<unknown>) => {
        try {
          await f();
        } catch (e) {
          const r = e as { statusCode?: number; code?: string; message?: string; response?: { headers: { get(n: string): string | undefined } } };
          return { statusCode: r.statusCode, code: r.code, message: r.message, retryAfter: r.response?.headers.get('retry-after') };
        }
        return 'no error';
      };
      const activity = { type: 'message', text: 'x' } as Activity;
      const ours = await caught(() => callWithActivity(client, { kind: 'send', conversationId: 'a:1' }, activity));
      const sdks = await caught(() => client.conversations.sendToConversation('a:1', activity));
      assert.deepEqual(ours, sdks);
      assert.deepEqual(ours, { statusCode: status, code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.', retryAfter: '7' });
    }
    // An answer without a JSON body: the status, and a message that says so.
    answer = { status: 403, body: '' };
    await assert.rejects(callWithActivity(client, { kind: 'send', conversationId: 'a:1' }, { type: 'message' }), (e: { statusCode?: number; message?: string }) => e.statusCode === 403 && /403/.test(e.message ?? ''));
  });
});
