// `npm run soak [-- <scenario> …]`: the long versions of the reliability scenarios.
// Each scenario checks its own invariants (and throws when one breaks) and prints what it
// measured; docs/reliability.md records the figures. Loopback traffic only: its own Azurite
// instances, the fake Teams connector and, for the process scenarios, child processes.
//
//   crash        run-due SIGKILLed after 800 of 2 000 prompts, then run again
//   outage       a 30-second storage outage while owners answer and run-due sends (in process)
//   server       the same 30-second outage against the server as a child process (/healthz, SIGTERM)
//   faults       300 owners through 429/5xx/timeouts/403/404, three rounds, heap measured after each
//   ticker       two instances with SCHEDULER=on for real minutes: 16 + 16 shards, takeover
//   instances    two instances ticking together for twelve simulated weeks
//   hostile      100 000 generated hostile requests
//   longrun      500 prompts at a slow Teams (the run outlives the old five-minute staleness), a
//                hand-run run-due, run-due every minute and a ticking server beside it; killed at 350
//   cutsteps     storage cut at each step (claim, claimed, send, settle) of a prompt, a reminder,
//                a digest and a notice, for five seconds each
//
// Run with `node --expose-gc` (the npm script does) so the heap figures are after a collection.
import { runCrashScenario } from '../test/support/scenarios/crash';
import { runCutStepsScenario } from '../test/support/scenarios/cutSteps';
import { runLongRunScenario } from '../test/support/scenarios/longRun';
import { runHostileScenario } from '../test/support/scenarios/hostile';
import { runServerOutageScenario } from '../test/support/scenarios/serverOutage';
import { runStorageOutageScenario } from '../test/support/scenarios/storageOutage';
import { runTeamsFaultsScenario } from '../test/support/scenarios/teamsFaults';
import { runTickerScenario } from '../test/support/scenarios/ticker';
import { runTwoInstancesScenario } from '../test/support/scenarios/twoInstances';

const log = (line: string) => process.stdout.write(`    ${line}\n`);

const scenarios: Record<string, () => Promise<unknown>> = {
  crash: () => runCrashScenario({ count: 2_000, killAfter: 800, latencyMs: 5, log }),
  outage: () => runStorageOutageScenario({ outageMs: 30_000, owners: 20, log }),
  server: () => runServerOutageScenario({ outageMs: 30_000, log }),
  faults: async () => {
    const rounds = [];
    for (let i = 0; i < 3; i++) {
      rounds.push(
        await runTeamsFaultsScenario({
          owners: 300,
          blocked403: 10,
          blocked404: 10,
          p429: 0.05,
          retryAfterSeconds: 1,
          p5xx: 0.1,
          p403: 0.005,
          p404: 0.005,
          throttledWithoutRetryAfter: 20,
          timeouts: 10,
          timeoutMs: 2_000,
          seed: 1000 + i,
          teamsMaxRps: 30,
          maxRounds: 15,
          log,
        }),
      );
      log(`round ${i + 1}: heap ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MB after gc`);
    }
    return rounds;
  },
  ticker: () => runTickerScenario({ minutes: 2, log }),
  instances: () => runTwoInstancesScenario({ benefits: 40, from: '2026-12-02T06:00:00.000Z', to: '2027-02-26T16:00:00.000Z', log }),
  hostile: () => runHostileScenario({ cases: 100_000, seed: 20261207, concurrency: 8, log }),
  longrun: () => runLongRunScenario({ count: 500, rps: 1.5, killAfter: 350, cronEveryMs: 60_000, ticker: true, leaseTtlSeconds: 60, log }),
  cutsteps: () => runCutStepsScenario({ outageMs: 5_000, log }),
};

async function main(): Promise<number> {
  // botbuilder writes rejected requests to the console; the figures are what matters here.
  console.warn = () => undefined;
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(scenarios);
  const unknown = names.filter((n) => !scenarios[n]);
  if (unknown.length > 0) {
    process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}\n`);
    return 2;
  }
  let failed = 0;
  for (const name of names) {
    const started = Date.now();
    process.stdout.write(`▶ ${name}\n`);
    try {
      const figures = await scenarios[name]();
      process.stdout.write(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n  ${JSON.stringify(figures)}\n`);
    } catch (e) {
      failed++;
      process.stdout.write(`✘ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n  ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    }
    (globalThis as { gc?: () => void }).gc?.();
  }
  process.stdout.write(`${names.length - failed}/${names.length} soak scenarios passed\n`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
