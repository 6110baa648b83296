// Telemetry as an operator reads it in Application Insights: the real bot runs prompts, a 429
// with Retry-After, an owner Teams refuses, an answer and a storage failure, and the metrics,
// the run-due span and the log records arrive through the OpenTelemetry SDK (in-memory
// exporters standing in for the Azure Monitor exporter) with the right names and attributes,
// and nothing personal: no names, UPNs, comments or measured values.
import assert from 'node:assert/strict';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { createLogger } from '../../src/log';
import { freePort } from '../../src/storage';
import { TableStore, azuriteConnectionString } from '../../src/storage/tables';
import { ATTRIBUTE_KEYS, NOOP, installTelemetry, telemetry, uninstallTelemetry } from '../../src/telemetry';
import { LOG_FIELDS, emitLine } from '../../src/telemetry/logBridge';
import { people, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { asPerson, promptCards, promptIdOf, seedBenefit, seedPlan } from '../support/seed';

const MONDAY = '2026-12-07T08:00:00.000Z';

interface Point {
  name: string;
  attributes: Record<string, unknown>;
  value: unknown;
}

function points(all: ResourceMetrics[]): Point[] {
  const out: Point[] = [];
  for (const rm of all) {
    for (const sm of rm.scopeMetrics) {
      for (const m of sm.metrics) {
        for (const dp of m.dataPoints) out.push({ name: m.descriptor.name, attributes: dp.attributes, value: dp.value });
      }
    }
  }
  return out;
}

/** Strings a benefit owner would call personal: names, UPNs, the comment they typed, the value they measured. */
const PERSONAL = [people.kari.name, people.per.name, people.kari.userPrincipalName, people.per.userPrincipalName, 'Nordmann', 'Bra uke', '"27"'];

describe('telemetry: what reaches Application Insights', function () {
  this.timeout(30_000);
  let metricExporter: InMemoryMetricExporter;
  let reader: PeriodicExportingMetricReader;
  let spanExporter: InMemorySpanExporter;
  let meterProvider: MeterProvider;
  let h: Harness | undefined;

  beforeEach(() => {
    metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
    meterProvider = new MeterProvider({ readers: [reader] });
    spanExporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
    installTelemetry(meterProvider.getMeter('gevinstbot'), tracerProvider.getTracer('gevinstbot'));
  });
  afterEach(async () => {
    uninstallTelemetry();
    await h?.close();
    h = undefined;
    await meterProvider.shutdown();
  });

  const collect = async (): Promise<Point[]> => {
    await reader.forceFlush();
    return points(metricExporter.getMetrics());
  };

  it('counts prompts, 429s with their Retry-After, unreachable owners, answers and the run\'s duration, with ids only', async () => {
    h = await startHarness();
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1);
    await seedBenefit(h, plan, 2, { owner: asPerson(people.per) });
    h.connector.blockConversation(people.per.id, 403);
    h.connector.failNext(1, { status: 429, retryAfter: 1 }, { kinds: 'all' });

    const run = await h.runDue(MONDAY);
    assert.equal(run.prompts, 1, 'Kari is prompted; Per cannot be reached');
    h.clock.set(new Date('2026-12-07T09:00:00.000Z'));
    const promptId = promptIdOf(promptCards(h, people.kari)[0]!);
    await h.act(people.kari, 'measurement.submit', { promptId, value: '27', comment: 'Bra uke' });
    await h.act(people.kari, 'measurement.submit', { promptId, value: '28' });

    const all = await collect();
    const sum = (name: string, where: (p: Point) => boolean = () => true) =>
      all.filter((p) => p.name === name && where(p)).reduce((n, p) => n + (typeof p.value === 'number' ? p.value : (p.value as { count: number }).count), 0);

    assert.equal(sum('gevinstbot.prompts.sent'), 1);
    assert.equal(sum('gevinstbot.teams.throttled', (p) => p.attributes['gevinstbot.tenant_id'] === TENANT_ID), 1);
    const retryAfter = all.find((p) => p.name === 'gevinstbot.teams.retry_after')?.value as { count: number; sum: number };
    assert.deepEqual([retryAfter.count, retryAfter.sum], [1, 1000], 'the wait Teams asked for, in ms');
    assert.equal(sum('gevinstbot.owners.unreachable', (p) => p.attributes['gevinstbot.tenant_id'] === TENANT_ID), 1);
    const runs = all.find((p) => p.name === 'gevinstbot.run_due.duration')?.value as { count: number; sum: number };
    assert.equal(runs.count, 1);
    assert.ok(runs.sum >= 1000, `the run waited out Retry-After: ${runs.sum} ms`);

    const answers = all.filter((p) => p.name === 'gevinstbot.answers');
    assert.deepEqual(
      answers.map((p) => [p.attributes, p.value]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [
        [{ 'gevinstbot.tenant_id': TENANT_ID, 'gevinstbot.plan_id': 'digitalt-tilsyn', 'gevinstbot.benefit_number': 1, 'gevinstbot.answer.kind': 'value', 'gevinstbot.answer.outcome': 'saved', 'gevinstbot.answer.correction': false }, 1],
        [{ 'gevinstbot.tenant_id': TENANT_ID, 'gevinstbot.plan_id': 'digitalt-tilsyn', 'gevinstbot.benefit_number': 1, 'gevinstbot.answer.kind': 'value', 'gevinstbot.answer.outcome': 'saved', 'gevinstbot.answer.correction': true }, 1],
      ],
    );

    const [span] = spanExporter.getFinishedSpans().filter((s) => s.name === 'gevinstbot.run_due');
    assert.ok(span, 'a run_due span');
    assert.deepEqual(span.attributes, { 'gevinstbot.prompts': 1, 'gevinstbot.reminders': 0, 'gevinstbot.digests': 0, 'gevinstbot.notices': 0, 'gevinstbot.failed': 0 });

    // Nothing personal, and only the listed attribute keys.
    for (const p of all) for (const k of Object.keys(p.attributes)) assert.ok((ATTRIBUTE_KEYS as readonly string[]).includes(k), `${p.name}: ${k}`);
    const exported = JSON.stringify({ all, spans: spanExporter.getFinishedSpans().map((s) => [s.name, s.attributes]) });
    for (const personal of PERSONAL) assert.ok(!exported.includes(personal), `exported telemetry contains ${personal}`);
  });

  it('counts storage requests that fail (no answer at all), and not the expected 404/409/412', async () => {
    h = await startHarness();
    await h.services.storage.plans.get(TENANT_ID, 'no-such-plan'); // a 404: expected, not an error
    const down = new TableStore(azuriteConnectionString(await freePort()));
    await assert.rejects(down.ping(2000));
    const errors = (await collect()).filter((p) => p.name === 'gevinstbot.storage.errors');
    assert.ok(errors.length > 0, 'counted');
    assert.ok(errors.every((p) => p.attributes['gevinstbot.table'] === 'plans' && p.attributes['error.type'] === 'ECONNREFUSED'), JSON.stringify(errors));
    assert.equal(errors.reduce((n, p) => n + (p.value as number), 0), 3, 'the first try and the SDK\'s two retries');
  });

  it('sends pino lines as log records with their level, message and id fields, nothing else', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    const otel = provider.getLogger('gevinstbot');
    const log = createLogger('info', { write: (line: string) => emitLine(line, otel) });
    log.warn(
      { event: 'answer.notSaved', tenantId: TENANT_ID, planId: 'digitalt-tilsyn', benefit: 3, owner: people.kari.name, upn: people.kari.userPrincipalName, comment: 'Bra uke', value: 27, err: new Error(`could not store the answer of ${people.kari.userPrincipalName}`) },
      'answer not saved; the owner was told',
    );
    log.debug({ event: 'too.quiet' }, 'below the level');
    await provider.forceFlush();
    const [record, ...rest] = exporter.getFinishedLogRecords();
    assert.equal(rest.length, 0);
    assert.equal(record!.severityText, 'WARN');
    assert.equal(record!.body, 'answer not saved; the owner was told');
    assert.deepEqual(record!.attributes, {
      'gevinstbot.event': 'answer.notSaved',
      'gevinstbot.tenantId': TENANT_ID,
      'gevinstbot.planId': 'digitalt-tilsyn',
      'gevinstbot.benefit': 3,
      'exception.type': 'Error',
      'exception.message': 'could not store the answer of [address]',
    });
    assert.ok(LOG_FIELDS.every((f) => !/name|upn|comment|value|text/i.test(f)));
    await provider.shutdown();
  });

  it('is a no-op with nothing installed (the default without APPLICATIONINSIGHTS_CONNECTION_STRING)', async () => {
    uninstallTelemetry();
    telemetry.ownerUnreachable(TENANT_ID);
    telemetry.runDueStarted().finished({ prompts: 3, reminders: 0, digests: 0, notices: 0, failed: 0 });
    assert.deepEqual(await collect(), []);
    assert.equal(typeof NOOP.answer, 'function');
  });
});
