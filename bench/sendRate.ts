// Send efficiency (figure 1): N owners due at the same minute, a Bot Connector that
// answers in 200 ms and refuses (429) more than 30 calls in any second, TEAMS_MAX_RPS=30.
//   · achieved sends per second over the sending window (first send → last send) ÷ the cap
//   · calls the connector refused for being over its limit (goal 0)
//   · the same prompts sent one at a time (an await per send through the same Messenger and
//     connector, as common notification samples do): the batch job's rate ÷ that rate
// Owners already have a personal chat with the bot (a stored conversation reference, as after
// they installed the app or wrote to it), so a prompt is one call. A cold start (no chat yet: a
// create call, then the send, both counted against the limit) is measured too, in full mode.
import os from 'node:os';
import { buildPromptCard } from '../src/cards/prompt';
import type { StoredReference } from '../src/storage';
import { asMember, personalConversationId, type Person as TestPerson } from '../test/support/activities';
import { startConnectorProcess, windowRate, type CallRecord, type ConnectorSummary } from './lib/connectorProcess';
import { Gen, benefitFields, isQuick, loadInputs } from './lib/inputs';
import { fmt, goal, info, main, progress } from './lib/report';
import { FIRST_PROMPT, TENANT_ID, numberedPerson, seedBenefits, seedConversations, seedPlan, startBenchAzurite, startWorld, type World } from './lib/world';

const BENCH = 'sendRate';

/** Accepted calls that count against the connector's limit (create/send/reply), in arrival order. */
const accepted = (c: ConnectorSummary): CallRecord[] => c.calls.filter((r) => r.status >= 200 && r.status < 300);


/** One benefit per owner, in `plans` plans of equal size, all due at FIRST_PROMPT. */
async function seedOwners(w: World, planPrefix: string, owners: TestPerson[], plans: number, g: Gen) {
  const perPlan = Math.ceil(owners.length / plans);
  const out = [];
  for (let k = 0; k < plans; k++) {
    const plan = await seedPlan(w, `${planPrefix}-${k + 1}`);
    const mine = owners.slice(k * perPlan, (k + 1) * perPlan);
    for (let i = 0; i < mine.length; i += 500) {
      await seedBenefits(w, plan, mine.slice(i, i + 500).map((owner, j) => ({ number: i + j + 1, owner, ...benefitFields(g, i + j + 1) })));
    }
    out.push(plan);
  }
  return out;
}

main(BENCH, async () => {
  const { seed, mode, sizes } = loadInputs(isQuick());
  const cfg = sizes.sendRate;
  const g = new Gen(seed, BENCH);
  const azurite = await startBenchAzurite();
  const connector = await startConnectorProcess();
  const serviceUrl = connector.serviceUrl;
  const owners = Array.from({ length: cfg.owners }, (_, i) => numberedPerson(i + 1));
  const coldOwners = Array.from({ length: cfg.coldOwners }, (_, i) => numberedPerson(100_001 + i));
  await connector.addMembers([...owners, ...coldOwners].map((p) => asMember(p)));
  const env = { TEAMS_MAX_RPS: String(cfg.capPerSecond) };
  try {
    // ── The batch prompt job (run-due) ──
    const w = await startWorld({ azurite, serviceUrl, env, noServer: true });
    progress(`seeding ${owners.length} benefits, one per owner, in ${cfg.plans} plans, all due ${FIRST_PROMPT}`);
    const plans = await seedOwners(w, 'send-rate', owners, cfg.plans, g);
    await seedConversations(w, owners);
    await connector.clear();
    await connector.setLatency(cfg.latencyMs);
    await connector.setRateLimit(cfg.capPerSecond);
    progress(`run-due: ${owners.length} prompts at ≤ ${cfg.capPerSecond}/s, ${cfg.latencyMs} ms per call`);
    w.resetCounter();
    const started = Date.now();
    const summary = await w.runtime.runDue(new Date(FIRST_PROMPT));
    const tookS = (Date.now() - started) / 1000;
    const storageRequests = w.counter.count;
    const sent = await connector.summary();
    const calls = accepted(sent);
    const { rate, seconds } = windowRate(calls);
    const over = sent.stats.over;
    const perOwner = owners.map((p) => sent.cardsPerConversation[personalConversationId(p)] ?? 0);
    const everyOwnerOnce = perOwner.every((n) => n === 1);
    const ratio = rate / cfg.capPerSecond;
    goal(
      BENCH,
      `send efficiency: ${fmt(ratio)} of cap (${fmt(rate, 1)}/s vs ${cfg.capPerSecond}/s), ${summary.prompts} prompts to ${owners.length} owners with a chat (${cfg.plans} plans), ${cfg.latencyMs} ms latency, window ${fmt(seconds, 1)} s`,
      '≥ 0.95',
      ratio >= 0.95 && summary.prompts === owners.length && everyOwnerOnce,
    );
    goal(BENCH, `over the connector's limit: ${over} calls answered 429 (of ${sent.stats.requests} requests, ${calls.length} accepted)`, '0', over === 0);
    goal(
      BENCH,
      `run-due at the cap: ${fmt(storageRequests / Math.max(1, summary.prompts))} storage requests per prompt (${storageRequests} for ${summary.prompts} prompts, sends paced at ${cfg.capPerSecond}/s)`,
      '≤ 3',
      storageRequests / Math.max(1, summary.prompts) <= 3,
    );
    info(BENCH, `run-due took ${fmt(tookS, 1)} s in all (storage before the first send and after the last included); ${perOwner.filter((n) => n === 1).length}/${owners.length} owners got exactly one prompt; ${summary.failed} failed`);

    // ── One at a time: an await per send, same Messenger, same connector, same cards ──
    const n = Math.min(cfg.sequentialPrompts, owners.length);
    const cards = await Promise.all(owners.slice(0, n).map(async (p) => (await connector.cardsTo(personalConversationId(p)))[0]));
    const benefits = await w.services.storage.benefits.list(TENANT_ID, plans[0].id);
    await connector.clear();
    progress(`one at a time: ${n} sends, awaited one after the other`);
    for (let i = 0; i < n; i++) {
      const p = owners[i];
      const reference: StoredReference = (await w.services.storage.conversations.getPersonal(TENANT_ID, p.id))!.reference!;
      const card = cards[i] ?? buildPromptCard('nb', plans[0], benefits[i % benefits.length], { period: '2026-W49', baseline: false }, new Date(FIRST_PROMPT));
      const r = await w.services.messenger.send(reference, { card, summary: 'Måling' });
      if (!r.ok) throw new Error(`sequential send ${i} failed: ${r.error}`);
    }
    const seq = windowRate(accepted(await connector.summary()));
    goal(
      BENCH,
      `batch vs one-at-a-time: ${fmt(rate / seq.rate, 1)}× (${fmt(rate, 1)}/s vs ${fmt(seq.rate, 1)}/s), ${owners.length} vs ${n} prompts, same Messenger and connector (${cfg.latencyMs} ms)`,
      '≥ 5×',
      rate / seq.rate >= 5,
    );
    await w.close();

    // ── Cold start: owners never talked to the bot (create + send per prompt) ──
    if (coldOwners.length > 0) {
      const cold = await startWorld({ azurite, serviceUrl, env, noServer: true });
      await seedOwners(cold, 'send-rate-cold', coldOwners, cfg.plans, g);
      await connector.clear();
      progress(`cold start: ${coldOwners.length} owners without a chat (create + send each)`);
      const s2 = await cold.runtime.runDue(new Date(FIRST_PROMPT));
      const coldSummary = await connector.summary();
      const coldCalls = accepted(coldSummary);
      const c = windowRate(coldCalls);
      const creates = coldCalls.filter((r) => r.kind === 'create').length;
      const promptsPerS = (s2.prompts * c.rate) / Math.max(1, coldCalls.length);
      const ok = c.rate / cfg.capPerSecond >= 0.95 && coldSummary.stats.over === 0 && s2.prompts === coldOwners.length;
      goal(
        BENCH,
        `cold-start send efficiency: ${fmt(c.rate / cfg.capPerSecond)} of cap (${fmt(c.rate, 1)} calls/s vs ${cfg.capPerSecond}/s: ${creates} creates + ${coldCalls.length - creates} sends = ${fmt(promptsPerS, 1)} prompts/s), ${s2.prompts} prompts to ${coldOwners.length} owners without a chat, ${coldSummary.stats.over} over limit`,
        '≥ 0.95, 0 over',
        ok,
      );
      await cold.close();
    }
    info(BENCH, `mode ${mode}, seed ${seed}; load average at the end ${os.loadavg().map((x) => fmt(x, 1)).join(' ')} on ${os.cpus().length} cores`);
  } finally {
    await connector.stop();
    await azurite.stop();
  }
});
