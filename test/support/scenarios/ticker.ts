// Scenario 4, real tickers (soak only, it waits for real minutes): two instances with
// SCHEDULER=on against one storage account. Every minute exactly one of them runs runDue (the
// lease elects it); when the holder stops, the other takes over within two minutes.
import assert from 'node:assert/strict';
import pino from 'pino';
import { loadConfig } from '../../../src/config';
import { startRuntime, type Runtime } from '../../../src/runtime';
import { startAzurite } from '../../../src/storage';
import { sleep } from '../reliability';

export interface TickerFigures {
  minutesBoth: number;
  runsBoth: number[];
  minutesAfterStop: number;
  runsAfterStop: number[];
}

async function instance(connectionString: string, name: string): Promise<{ runtime: Runtime; runs: number[] }> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'on', LOG_LEVEL: 'silent', AZURE_STORAGE_CONNECTION_STRING: connectionString });
  const runtime = await startRuntime(config, { log: pino({ level: 'silent' }), instanceId: name, tablePrefix: 'tick' });
  const runs: number[] = [];
  // Count the runs: every runDue starts by listing what is due.
  const due = runtime.services.storage.due;
  const listDue = due.listDue.bind(due);
  due.listDue = (now: string) => {
    runs.push(Date.now());
    return listDue(now);
  };
  return { runtime, runs };
}

const untilNextMinute = () => 60_000 - (Date.now() % 60_000);

export async function runTickerScenario(o: { minutes: number; log?: (l: string) => void }): Promise<TickerFigures> {
  const say = o.log ?? (() => undefined);
  const azurite = await startAzurite();
  const a = await instance(azurite.connectionString, 'ticker-a');
  const b = await instance(azurite.connectionString, 'ticker-b');
  try {
    // Both up for `minutes` minute boundaries.
    await sleep(untilNextMinute() + 5_000);
    const start = Date.now();
    const countFrom = (runs: number[], t: number) => runs.filter((r) => r >= t).length;
    await sleep(o.minutes * 60_000);
    const runsBoth = [countFrom(a.runs, start), countFrom(b.runs, start)];
    say(`both up, ${o.minutes} min: runs by a ${runsBoth[0]}, by b ${runsBoth[1]}`);
    assert.equal(runsBoth[0] + runsBoth[1], o.minutes, 'one run a minute in the whole deployment');
    // The holder stops; the other takes over.
    const holder = runsBoth[0] >= runsBoth[1] ? a : b;
    const other = holder === a ? b : a;
    await holder.runtime.close();
    const stopped = Date.now();
    await sleep(untilNextMinute() + 2 * 60_000 + 5_000);
    const runsAfterStop = [countFrom(holder.runs, stopped), countFrom(other.runs, stopped)];
    say(`after the holder stopped: runs by it ${runsAfterStop[0]}, by the other ${runsAfterStop[1]}`);
    assert.equal(runsAfterStop[0], 0);
    assert.ok(runsAfterStop[1] >= 2, 'the other instance took over');
    return { minutesBoth: o.minutes, runsBoth, minutesAfterStop: 3, runsAfterStop };
  } finally {
    await a.runtime.close();
    await b.runtime.close();
    await azurite.stop();
  }
}
