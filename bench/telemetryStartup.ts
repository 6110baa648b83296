// What telemetry costs at start: the built server (node dist/src/index.js, what `npm start` runs)
// without and with APPLICATIONINSIGHTS_CONNECTION_STRING, alternating, N runs each. Prints the
// time from spawn to the first /healthz 200 and the resident memory after 5 s idle, as medians
// and as ratios (with ÷ without). Storage is one Azurite started here for all runs (not counted);
// the connection string points at a loopback stand-in of the ingestion endpoint, and the
// exporter's remote-settings poll is stubbed, so nothing leaves this machine.
//   node --require tsx/cjs bench/telemetryStartup.ts [--runs 5]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startAzurite } from '../src/storage';
import { OFFLINE_DISTRO_ENV, startFakeIngestion } from '../test/support/ingestion';
import { childMemoryMb, ROOT, startProcess } from '../test/support/processes';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const runsAt = process.argv.indexOf('--runs');
  const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 5;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const azurite = await startAzurite();
  const ingestion = await startFakeIngestion();
  // A plain-JS copy of test/support/offlineAzureMonitor.ts (remote settings poll and metadata probes
  // stubbed), so the measured process runs no tsx.
  const stub = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-bench-')), 'offline.js');
  const exporterDir = path.dirname(require.resolve('@azure/monitor-opentelemetry-exporter/package.json'));
  fs.writeFileSync(
    stub,
    `require(${JSON.stringify(path.join(exporterDir, 'dist/commonjs/_configuration/configurationManager.js'))}).ConfigurationManager.getInstance().initialize = () => undefined;\n` +
      `require(${JSON.stringify(path.join(exporterDir, 'dist/commonjs/export/statsbeat/statsbeatMetrics.js'))}).StatsbeatMetrics.prototype.getAzureComputeMetadata = async () => false;\n` +
      `require(${JSON.stringify(require.resolve('@opentelemetry/resource-detector-azure'))}).azureVmDetector.detect = () => ({ attributes: {} });\n`,
  );
  const results: Record<'off' | 'on', { ms: number[]; rss: number[] }> = { off: { ms: [], rss: [] }, on: { ms: [], rss: [] } };
  try {
    for (let i = 0; i < runs; i++) {
      for (const mode of ['off', 'on'] as const) {
        const port = await freePort();
        const env: Record<string, string> = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, PORT: String(port), SCHEDULER: 'on', LOG_LEVEL: 'warn' };
        if (mode === 'on') {
          Object.assign(env, OFFLINE_DISTRO_ENV, {
            APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=4c1e7b3a-0000-4000-8000-00000000beef;IngestionEndpoint=${ingestion.url}`,
            NODE_EXTRA_CA_CERTS: ingestion.cert.certPath,
          });
        }
        const started = performance.now();
        // The stub is harmless without the distro; both modes run the same command line.
        const bot = startProcess(process.execPath, ['--require', stub, 'dist/src/index.js'], env);
        let ms = 0;
        while (!ms) {
          const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
          if (ok) ms = performance.now() - started;
          else await new Promise((r) => setTimeout(r, 20));
          if (performance.now() - started > 60_000) throw new Error(`no /healthz in 60 s: ${bot.stderr()}`);
        }
        await new Promise((r) => setTimeout(r, 5_000));
        const rss = childMemoryMb(bot.pid)?.rssMb ?? NaN;
        bot.kill('SIGTERM');
        await bot.exited;
        results[mode].ms.push(ms);
        results[mode].rss.push(rss);
        console.log(`run ${i + 1} ${mode === 'on' ? 'with   ' : 'without'} telemetry: /healthz 200 after ${ms.toFixed(0)} ms, RSS after 5 s idle ${rss.toFixed(1)} MB`);
      }
    }
  } finally {
    await ingestion.close();
    await azurite.stop();
  }
  const off = { ms: median(results.off.ms), rss: median(results.off.rss) };
  const on = { ms: median(results.on.ms), rss: median(results.on.rss) };
  console.log(`\nstart-up to /healthz 200 (median of ${runs}): without ${off.ms.toFixed(0)} ms, with ${on.ms.toFixed(0)} ms: ${(on.ms / off.ms).toFixed(2)}×`);
  console.log(`resident memory idle (median of ${runs}): without ${off.rss.toFixed(1)} MB, with ${on.rss.toFixed(1)} MB: ${(on.rss / off.rss).toFixed(2)}×`);
  console.log(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
