// Scenario 5: hostile input at POST /api/messages. fast-check generates `cases`
// requests: raw bodies that are not JSON or not objects, activities with missing or mistyped
// fields and unknown types, invokes with wrong shapes, forged prompt ids and OData-looking
// strings, plus bodies over the 256 kB limit, deeply nested JSON and prototype-pollution keys.
// Checked: the process never crashes (it still answers a real message at the end), no 5xx except
// 501 for an invoke name the bot does not implement, 413 for every oversized body, nothing
// invalid stored (every stored row is well formed, no measurement from a stranger, no
// value out of range), and Object.prototype untouched.
import assert from 'node:assert/strict';
import http from 'node:http';
import fc from 'fast-check';
import { startAzurite } from '../../../src/storage';
import { MAX_BODY_BYTES } from '../../../src/server';
import { listAll } from '../../../src/storage/query';
import { noteTyped } from '../visibleText';
import { BOT, cardAction, numberedPerson, people, personalMessage, postActivity, TENANT_ID } from '../activities';
import { FakeConnector } from '../fakeConnector';
import { seedMany, seedOpenWeek49, startBot } from '../reliability';

export interface HostileOptions {
  cases: number;
  seed: number;
  concurrency?: number;
  log?: (line: string) => void;
  /** The bot's own logger (default: silent). */
  botLog?: import('pino').Logger;
}

export interface HostileFigures {
  cases: number;
  byStatus: Record<string, number>;
  /** 501 answers: all to invokes whose name the bot does not implement (the Bot Framework's answer). */
  notImplementedInvokes: number;
  /** Any other 5xx (asserted to be 0). */
  unexplained5xx: number;
  oversized: { sent: number; got413: number };
  storedRows: Record<string, number>;
  answersStored: number;
  durationMs: number;
  casesPerSecond: number;
  byKind: Record<string, Record<string, number>>;
}

const PLAN = 'fiendtlig';
const PROMPT_ID = `${PLAN}/1/2026-W49`;
const OWNER = numberedPerson(1);

/** Strings an attacker tries against a Table Storage backend, a router and a template engine. */
const NASTY = [
  "x' or PartitionKey ne '",
  "' or 1 eq 1 or '",
  "PartitionKey eq 'a' or RowKey ne ''",
  '$filter=PartitionKey%20ne%20%27%27',
  "fiendtlig' or '1' eq '1",
  `${PLAN}/1/2026-W49' or 'a' eq 'a`,
  `${PLAN}/0/2026-W49`,
  `${PLAN}/10000/2026-W49`,
  `${PLAN}/1/2026-W99`,
  `${PLAN}/1/../../2026-W49`,
  'annen-plan/1/2026-W49',
  '../../etc/passwd',
  '..\\..\\windows',
  '%2e%2e%2f',
  '#?/\\',
  '\u0000\u0001\u001f',
  '\ud800',
  '${7*7}',
  '{{constructor.constructor("return process")()}}',
  '<script>alert(1)</script>',
  '<at>Gevinstbot</at> plan new <at>x</at>',
  'plan new Hemmelig',
  'measure fiendtlig/1 25',
  'measure fiendtlig/1 1e400',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '9'.repeat(400),
  'ø'.repeat(3000),
];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
);
const anyValue = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 0, -1, 1.5, true, [], {}) },
);
const tenant = fc.oneof({ weight: 4, arbitrary: fc.constant(TENANT_ID) }, { weight: 1, arbitrary: anyValue });
const account = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom({ id: OWNER.id, name: OWNER.name }, { id: people.kari.id, name: people.kari.name }, { id: people.ola.id, name: people.ola.name, aadObjectId: people.ola.aadObjectId }) },
  { weight: 1, arbitrary: fc.record({ id: anyValue, name: anyValue, aadObjectId: anyValue }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: anyValue },
);
const conversation = fc.oneof(
  { weight: 4, arbitrary: fc.record({ id: fc.oneof(fc.constant(`a:fake-${OWNER.id}`), hostileString), conversationType: fc.constantFrom('personal', 'channel', 'groupChat', 'x'), tenantId: tenant }) },
  { weight: 1, arbitrary: fc.record({ id: anyValue, conversationType: anyValue, tenantId: anyValue }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: anyValue },
);
const actionData = fc.oneof(
  fc.record({ promptId: fc.oneof(fc.constant(PROMPT_ID), hostileString, anyValue), value: anyValue, comment: anyValue, reason: anyValue }, { requiredKeys: [] }),
  anyValue,
);
const invokeValue = fc.oneof(
  { weight: 4, arbitrary: fc.record({ action: fc.record({ type: fc.constantFrom('Action.Execute', 'Action.Submit', 'x'), verb: fc.oneof(fc.constantFrom('measurement.submit', 'measurement.skip', 'measurement.correct', 'benefit.confirm', 'lesson.submit'), hostileString, anyValue), data: actionData }, { requiredKeys: [] }) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: anyValue },
);

/** Printable ASCII a caller could put in ids (Teams ids are ASCII): OData, paths, quotes. */
const asciiId = fc.oneof(
  fc.constantFrom(`a:fake-${OWNER.id}`, `a:fake-${people.kari.id}`, '19:abc@thread.tacv2', '19:abc@thread.tacv2;messageid=1795733370035', ...NASTY.filter((x) => /^[\x21-\x7e][\x20-\x7e]*$/.test(x))),
  fc.stringMatching(/^[\x21-\x7e]{1,60}$/),
);
const typedAccount = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom({ id: OWNER.id, name: OWNER.name }, { id: people.kari.id, name: people.kari.name }, { id: people.ola.id, name: people.ola.name, aadObjectId: people.ola.aadObjectId }) },
  { weight: 2, arbitrary: fc.record({ id: hostileString, name: hostileString, aadObjectId: hostileString }, { requiredKeys: ['id'] }) },
);
const ACTIVITY_TYPES = ['message', 'invoke', 'installationUpdate', 'conversationUpdate', 'event', 'typing', 'messageReaction', 'endOfConversation', 'trace', 'x'];
const INVOKE_NAMES = ['adaptiveCard/action', 'composeExtension/query', 'task/fetch', 'signin/verifyState', 'healthCheck'];

/** An activity whose fields have the types Teams sends, with hostile content. */
function typedActivity(serviceUrl: string) {
  return fc.record(
    {
      type: fc.constantFrom(...ACTIVITY_TYPES),
      id: fc.oneof(fc.uuid(), hostileString),
      name: fc.oneof(fc.constantFrom(...INVOKE_NAMES), hostileString),
      channelId: fc.oneof(fc.constant('msteams'), hostileString),
      serviceUrl: fc.constant(serviceUrl),
      from: typedAccount,
      recipient: fc.oneof(fc.constant({ ...BOT }), typedAccount),
      conversation: fc.record({ id: asciiId, conversationType: fc.constantFrom('personal', 'channel', 'groupChat', 'x'), tenantId: fc.oneof({ weight: 5, arbitrary: fc.constant(TENANT_ID) }, { weight: 1, arbitrary: hostileString }) }, { requiredKeys: ['id'] }),
      channelData: fc.record(
        {
          tenant: fc.record({ id: fc.oneof(fc.constant(TENANT_ID), hostileString) }),
          team: fc.record({ id: asciiId, name: hostileString }, { requiredKeys: [] }),
          channel: fc.record({ id: asciiId }, { requiredKeys: [] }),
          eventType: fc.oneof(fc.constantFrom('teamDeleted', 'channelDeleted', 'teamRenamed'), hostileString),
          source: fc.constant({ name: 'message' }),
        },
        { requiredKeys: [] },
      ),
      text: hostileString,
      value: invokeValue,
      locale: fc.oneof(fc.constantFrom('nb-NO', 'en-US', 'xx'), hostileString),
      entities: fc.array(fc.record({ type: fc.constantFrom('mention', 'clientInfo', 'x'), mentioned: typedAccount, text: hostileString }, { requiredKeys: ['type'] }), { maxLength: 3 }),
      attachments: fc.array(fc.record({ contentType: hostileString, content: anyValue }), { maxLength: 2 }),
      action: fc.oneof(fc.constantFrom('add', 'remove', 'add-upgrade'), hostileString),
      membersAdded: fc.array(typedAccount, { maxLength: 3 }),
      membersRemoved: fc.array(typedAccount, { maxLength: 2 }),
      replyToId: hostileString,
    },
    { requiredKeys: ['type', 'conversation', 'serviceUrl'] },
  );
}

/** An object shaped more or less like an activity, any field of any type. */
function looseActivity(serviceUrl: string) {
  return fc
    .record(
      {
        type: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ACTIVITY_TYPES, '') }, { weight: 1, arbitrary: anyValue }),
        id: fc.oneof(fc.uuid(), anyValue),
        name: fc.oneof(fc.constantFrom(...INVOKE_NAMES), anyValue),
        channelId: fc.oneof(fc.constant('msteams'), anyValue),
        from: account,
        recipient: fc.oneof(fc.constant({ ...BOT }), anyValue),
        conversation,
        channelData: fc.oneof(fc.record({ tenant: fc.record({ id: tenant }), team: anyValue, channel: anyValue, eventType: anyValue }, { requiredKeys: [] }), anyValue),
        text: hostileString,
        value: invokeValue,
        locale: fc.oneof(fc.constantFrom('nb-NO', 'en-US', 'xx'), anyValue),
        entities: fc.oneof(fc.array(fc.record({ type: fc.constantFrom('mention', 'clientInfo', 'x'), mentioned: account, text: hostileString }, { requiredKeys: [] }), { maxLength: 3 }), anyValue),
        attachments: fc.oneof(fc.array(fc.record({ contentType: hostileString, content: anyValue }), { maxLength: 2 }), anyValue),
        action: fc.oneof(fc.constantFrom('add', 'remove', 'add-upgrade'), anyValue),
        membersAdded: fc.oneof(fc.array(account, { maxLength: 3 }), anyValue),
        replyToId: anyValue,
      },
      { requiredKeys: ['type'] },
    )
    // Loopback only: whatever the generator says, replies go to the fake connector.
    .map((a) => ({ ...a, serviceUrl }));
}

/** A request body: a typed activity with hostile content, a loosely typed one, or not an activity at all. */
function bodies(serviceUrl: string): fc.Arbitrary<{ body: string; contentType: string; kind: string }> {
  const json = (kind: string) => (a: unknown) => ({ body: JSON.stringify(a), contentType: 'application/json', kind });
  const raw = fc.oneof(
    fc.string({ maxLength: 200 }).map((s) => ({ body: s, contentType: 'application/json', kind: 'raw' })),
    fc.jsonValue({ maxDepth: 4 }).map(json('raw')),
    fc
      .constantFrom('{"type":', '{"type": 3', '[]', 'null', '"message"', '{"type":"message"}', '{"__proto__":{"polluted":1},"type":"message"}', '{"constructor":{"prototype":{"polluted":1}},"type":"message"}')
      .map((s) => ({ body: s, contentType: 'application/json', kind: 'raw' })),
    typedActivity(serviceUrl).map((a) => ({ body: JSON.stringify(a), contentType: 'text/plain', kind: 'raw' })),
    typedActivity(serviceUrl).map((a) => ({ body: JSON.stringify(a), contentType: 'application/x-www-form-urlencoded', kind: 'raw' })),
  );
  return fc.oneof(
    { weight: 6, arbitrary: typedActivity(serviceUrl).map(json('typed')) },
    { weight: 2, arbitrary: looseActivity(serviceUrl).map(json('loose')) },
    { weight: 2, arbitrary: raw },
  );
}

export async function runHostileScenario(o: HostileOptions): Promise<HostileFigures> {
  const say = o.log ?? (() => undefined);
  const azurite = await startAzurite();
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const bot = await startBot({ connectionString: azurite.connectionString, serviceUrl, now: '2026-12-07T09:00:00.000Z', log: o.botLog });
  let agent: http.Agent | undefined;
  try {
    await seedMany(bot.services, { planId: PLAN, serviceUrl, count: 1, owner: () => OWNER, now: '2026-12-01T10:00:00.000Z' });
    await seedOpenWeek49(bot.services, PLAN, OWNER);
    const url = `${bot.url}/api/messages`;
    const byStatus: Record<string, number> = {};
    const byKind: Record<string, Record<string, number>> = {};
    const failures: string[] = [];
    const started = Date.now();
    // node:http with keep-alive: fetch (undici) cost more CPU than the bot itself here.
    agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency ?? 8 });
    const target = new URL(url);
    const post = (body: string, contentType: string): Promise<number> =>
      new Promise((resolve, reject) => {
        try {
          noteTyped(JSON.parse(body)); // the bot may quote a hostile command back in its reply
        } catch {
          // not JSON: nothing a person typed
        }
        const req = http.request(
          { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent: agent!, headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    // 1. Generated cases, several at a time.
    const samples = fc.sample(bodies(serviceUrl), { numRuns: o.cases, seed: o.seed });
    let next = 0;
    const worker = async () => {
      while (next < samples.length) {
        const s = samples[next++];
        let status: number;
        try {
          status = await post(s.body, s.contentType);
        } catch (e) {
          failures.push(`connection failed (${(e as Error).message}) for ${s.body.slice(0, 300)}`);
          continue;
        }
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        const k = (byKind[s.kind] ??= {});
        k[status] = (k[status] ?? 0) + 1;
        const parsed = (() => {
          try {
            return JSON.parse(s.body) as { type?: unknown; name?: unknown };
          } catch {
            return undefined;
          }
        })();
        const unimplementedInvoke = status === 501 && parsed?.type === 'invoke' && parsed.name !== 'adaptiveCard/action';
        if (status >= 500 && !unimplementedInvoke && failures.length < 20) failures.push(`${status} for ${s.contentType} ${s.body.slice(0, 400)}`);
      }
    };
    await Promise.all(Array.from({ length: o.concurrency ?? 8 }, worker));
    const durationMs = Date.now() - started;
    say(`${o.cases} cases in ${durationMs} ms: ${JSON.stringify(byStatus)}`);

    // 2. Oversized and pathological bodies.
    const big = (n: number) => JSON.stringify({ type: 'message', text: 'x'.repeat(n), serviceUrl });
    let got413 = 0;
    const oversized = [big(MAX_BODY_BYTES + 1), big(2 * MAX_BODY_BYTES), big(8 * 1024 * 1024)];
    for (const b of oversized) if ((await post(b, 'application/json')) === 413) got413++;
    const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const nestedStatus = await post(nested, 'application/json');
    assert.ok(nestedStatus === 400 || nestedStatus === 413, `deep nesting: ${nestedStatus}`);
    const justUnder = await post(JSON.stringify(personalMessage({ from: OWNER, text: 'y'.repeat(MAX_BODY_BYTES - 2_000), serviceUrl })), 'application/json');
    assert.ok(justUnder < 500, `a body just under the limit: ${justUnder}`);

    // 3. Still alive, still correct: a real answer and a real message work.
    const answer = await postActivity(bot.url, cardAction({ from: OWNER, verb: 'measurement.submit', data: { promptId: PROMPT_ID, value: '27' }, serviceUrl }));
    assert.equal(answer.status, 200);
    assert.match(JSON.stringify(answer.body), /er registrert/, 'the bot still answers a valid card');
    assert.equal((await postActivity(bot.url, personalMessage({ from: OWNER, text: 'help', serviceUrl }))).status, 200);

    // 4. Nothing invalid stored.
    assert.deepEqual(failures, [], `no 5xx without cause, no dropped connection:\n${failures.join('\n')}`);
    assert.equal(got413, oversized.length, 'every body over 256 kB gets 413');
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
    const storedRows: Record<string, number> = {};
    for (const table of ['plans', 'benefits', 'measurements', 'records', 'conversations', 'people', 'audit', 'ledger', 'due'] as const) {
      const rows = await listAll(bot.services.storage.store.table(table), '');
      storedRows[table] = rows.length;
      for (const r of rows) {
        for (const [k, v] of Object.entries(r)) {
          if (k.endsWith('__json')) assert.doesNotThrow(() => JSON.parse(String(v)), `${table} ${k} is JSON`);
        }
      }
    }
    // Ola is an admin (ADMINS): a generated `plan new …` from him may create a plan. Nobody else can.
    const plans = await bot.services.storage.plans.list(TENANT_ID);
    for (const p of plans.filter((x) => x.id !== PLAN)) {
      assert.equal(p.createdBy.id, people.ola.id, `plan ${p.id} created by ${p.createdBy.id}`);
      assert.match(p.id, /^[a-z0-9][a-z0-9-]{0,59}$/, 'a plan id is a slug');
    }
    const benefits = await listAll(bot.services.storage.store.table('benefits'), '');
    assert.ok(benefits.every((b) => String(b.partitionKey).endsWith(`~${PLAN}`) || plans.some((p) => String(b.partitionKey).endsWith(`~${p.id}`))), 'benefits only in plans that exist');
    const measurements = await bot.services.storage.measurements.listPlan(TENANT_ID, PLAN);
    const history = await bot.services.storage.measurements.listHistory(TENANT_ID, PLAN);
    assert.equal(measurements.length, 1, 'one period row: no forged period or benefit');
    for (const r of [...measurements, ...history]) {
      assert.ok(['open', 'answered', 'skipped'].includes(r.state), `state ${r.state}`);
      if (r.version > 0) {
        assert.equal(r.by?.id, OWNER.id, 'only the owner answered');
        if (r.state === 'answered') assert.ok(typeof r.value === 'number' && Number.isFinite(r.value) && r.value >= 0 && Math.abs(r.value) <= 1e12, `value ${r.value}`);
        if (r.comment !== undefined) assert.ok(typeof r.comment === 'string' && [...r.comment].length <= 500, 'comment bounded');
      }
    }
    const conversations = await listAll(bot.services.storage.store.table('conversations'), '');
    for (const c of conversations) {
      const ref = c['reference__json'] ? (JSON.parse(String(c['reference__json'])) as { serviceUrl?: string }) : undefined;
      if (ref) assert.equal(ref.serviceUrl, serviceUrl, 'only the real service URL is remembered');
    }
    return {
      cases: o.cases,
      byStatus,
      notImplementedInvokes: byStatus[501] ?? 0,
      unexplained5xx: failures.length,
      oversized: { sent: oversized.length, got413 },
      storedRows,
      answersStored: measurements[0].version + history.length,
      durationMs,
      casesPerSecond: Math.round((o.cases / durationMs) * 1000),
      byKind,
    };
  } finally {
    agent?.destroy();
    await bot.close();
    await connector.stop();
    await azurite.stop();
  }
}

