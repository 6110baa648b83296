// The real Azure Monitor OpenTelemetry distribution, end to end and offline: the bot's own
// processes (the server and `gevinstbot run-due`) with APPLICATIONINSIGHTS_CONNECTION_STRING
// pointing at a loopback stand-in of the ingestion endpoint. What an operator then finds in
// Application Insights: the run-due metric, the inbound request, the storage calls, the log lines.
import assert from 'node:assert/strict';
import { freePort } from '../../src/storage';
import { sharedAzurite } from '../support/azurite';
import { OFFLINE_DISTRO_ENV, startFakeIngestion, type Envelope, type FakeIngestion } from '../support/ingestion';
import { ROOT, startProcess, waitUntil } from '../support/processes';

const IKEY = '4c1e7b3a-0000-4000-8000-00000000beef';
const PRELOAD = ['--require', 'tsx/cjs', '--require', `${ROOT}/test/support/offlineAzureMonitor.ts`];

describe('telemetry: the Azure Monitor distribution exports to Application Insights', function () {
  this.timeout(90_000);
  let ingestion: FakeIngestion;
  let env: Record<string, string>;

  before(async () => {
    ingestion = await startFakeIngestion();
    const azurite = await sharedAzurite();
    env = {
      ...OFFLINE_DISTRO_ENV,
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};IngestionEndpoint=${ingestion.url};LiveEndpoint=${ingestion.url}`,
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      NODE_EXTRA_CA_CERTS: ingestion.cert.certPath,
      // Every trace: the distro's default keeps about 5 traces a second, adaptively, and a start
      // makes ten (one per table), so a span right after it may or may not be kept. (With
      // microsoft.fixed_percentage the distro keeps its rate limiter; always_on replaces it.)
      OTEL_TRACES_SAMPLER: 'always_on',
      // Export spans and log records a quarter second after they end (the default waits 5 s).
      OTEL_BSP_SCHEDULE_DELAY: '250',
      OTEL_BLRP_SCHEDULE_DELAY: '250',
      SCHEDULER: 'off',
    };
  });
  after(async () => ingestion?.close());

  const ofType = (type: string): Envelope[] => ingestion.envelopes.filter((e) => e.data.baseType === type);
  const seen = () => JSON.stringify(ingestion.envelopes.map((e) => [e.data.baseType, e.data.baseData.name ?? e.data.baseData.message, e.data.baseData.url]));

  it('gevinstbot run-due sends its run metric and span before it exits (the external scheduler\'s path)', async () => {
    const cli = startProcess(process.execPath, [...PRELOAD, 'src/cli.ts', 'run-due', '--at', '2026-12-07T08:00:00Z'], env);
    const exit = await cli.exited;
    assert.equal(exit.code, 0, cli.stderr());
    assert.equal(cli.stdout().trim(), 'sent 0 prompts, 0 reminders, 0 digests, 0 notices', 'stdout holds the summary only');
    const metrics = ofType('MetricData').flatMap((e) => e.data.baseData.metrics ?? []);
    const duration = metrics.find((m) => m.name === 'gevinstbot.run_due.duration');
    assert.ok(duration, `metrics: ${metrics.map((m) => m.name).join(', ')}`);
    assert.equal(duration.count, 1);
    const span = ofType('RemoteDependencyData').concat(ofType('RequestData')).find((e) => e.data.baseData.name === 'gevinstbot.run_due');
    assert.ok(span, `the run_due span: ${seen()}`);
    assert.equal(span.data.baseData.properties?.['gevinstbot.prompts'], '0');
    assert.ok(ingestion.envelopes.every((e) => e.iKey === IKEY));
  });

  it('the server sends its inbound requests, the Azure SDK\'s storage calls and pino\'s log lines', async () => {
    const port = await freePort();
    const bot = startProcess(process.execPath, [...PRELOAD, 'src/index.ts'], { ...env, PORT: String(port), LOG_LEVEL: 'info' });
    try {
      await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200, 40_000, 'healthz 200', 200);
      // pino still writes its JSON lines to stdout, as before.
      assert.match(bot.stdout(), /"event":"server.listening"/);
      const request = await waitUntil(() => ofType('RequestData').find((e) => String(e.data.baseData.url).includes('/healthz')), 15_000, 'the /healthz request').catch(
        (e: Error) => assert.fail(`${e.message}: ${seen()}`),
      );
      assert.equal(request.data.baseData.responseCode, '200');
      const listening = await waitUntil(() => ofType('MessageData').find((e) => e.data.baseData.properties?.['gevinstbot.event'] === 'server.listening'), 15_000, 'the listening log line').catch(
        (e: Error) => assert.fail(`${e.message}: ${seen()}`),
      );
      assert.match(String(listening.data.baseData.message), /^listening on http:\/\/127\.0\.0\.1:\d+\/api\/messages$/);
      assert.equal(listening.data.baseData.severityLevel, 'Information');
      // The health check's storage round trip.
      assert.ok(ofType('RemoteDependencyData').some((e) => String(e.data.baseData.name).startsWith('GET /devstoreaccount1/plans')), seen());
    } finally {
      bot.kill('SIGTERM');
    }
    const exit = await bot.exited;
    assert.equal(exit.code, 0, bot.stderr());
    assert.deepEqual(ingestion.otherPaths, [], 'nothing but /v2.1/track was called');
  });
});
