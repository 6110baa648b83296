// Scenario 4, real tickers (soak only, it waits for real minutes): two instances with
// SCHEDULER=on against one storage account. They share the 32 shard leases (16 + 16 once the
// second has taken its share from the first), every minute each runs the due work of its own
// shards, and no shard is held by both; when one stops, it gives its leases back and the other
// holds and runs all 32 from its next tick.
import assert from 'node:assert/strict';
import pino from 'pino';
import { loadConfig } from '../../../src/config';
import { SHARD_COUNT } from '../../../src/domain/shards';
import { startRuntime, type Runtime } from '../../../src/runtime';
import { startAzurite } from '../../../src/storage';
import { sleep } from '../reliability';

export interface TickerFigures {
  minutesBoth: number;
  runsBoth: number[];
  shardsBoth: number[];
  overlapping: number;
  minutesAfterStop: number;
  runsAfterStop: number[];
  shardsAfterStop: number;
}

async function instance(connectionString: string, name: string): Promise<{ runtime: Runtime; runs: number[] }> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'on', LOG_LEVEL: 'silent', AZURE_STORAGE_CONNECTION_STRING: connectionString });
  const runtime = await startRuntime(config, { log: pino({ level: 'silent' }), instanceId: name, tablePrefix: 'tick' });
  const runs: number[] = [];
  // Count the runs: every runDue starts by moving due rows of older versions.
  const due = runtime.services.storage.due;
  const migrate = due.migrateLegacy.bind(due);
  due.migrateLegacy = () => {
    runs.push(Date.now());
    return migrate();
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
    // Let them share the leases (B's half starts when A's time on it is up: ≤ 60 s).
    await sleep(untilNextMinute() + 65_000);
    const start = Date.now();
    const countFrom = (runs: number[], t: number) => runs.filter((r) => r >= t).length;
    let overlapping = 0;
    for (let m = 0; m < o.minutes; m++) {
      await sleep(untilNextMinute() + 5_000);
      const held = [a, b].map((x) => new Set(x.runtime.ticker!.leases.activeShards()));
      overlapping += [...held[0]].filter((n) => held[1].has(n)).length;
    }
    const runsBoth = [countFrom(a.runs, start), countFrom(b.runs, start)];
    const shardsBoth = [a, b].map((x) => x.runtime.ticker!.leases.activeShards().length);
    say(`both up, ${o.minutes} min: runs by a ${runsBoth[0]}, by b ${runsBoth[1]}; shards ${shardsBoth.join(' + ')}; held by both ${overlapping}`);
    assert.equal(overlapping, 0, 'no shard held by both');
    assert.equal(shardsBoth[0] + shardsBoth[1], SHARD_COUNT, 'every shard held');
    assert.ok(Math.abs(shardsBoth[0] - shardsBoth[1]) <= 1, 'a fair split');
    assert.ok(runsBoth.every((r) => r >= o.minutes - 1), 'each runs its shards every minute');
    // A stops (gives its leases back); B holds all of them from its next balance.
    await a.runtime.close();
    const stopped = Date.now();
    await sleep(untilNextMinute() + 2 * 60_000 + 5_000);
    const runsAfterStop = [countFrom(a.runs, stopped), countFrom(b.runs, stopped)];
    const shardsAfterStop = b.runtime.ticker!.leases.activeShards().length;
    say(`after a stopped: runs by a ${runsAfterStop[0]}, by b ${runsAfterStop[1]}; b holds ${shardsAfterStop}`);
    assert.equal(runsAfterStop[0], 0);
    assert.ok(runsAfterStop[1] >= 2, 'b ran every minute');
    assert.equal(shardsAfterStop, SHARD_COUNT, 'b holds every shard');
    return { minutesBoth: o.minutes, runsBoth, shardsBoth, overlapping, minutesAfterStop: 3, runsAfterStop, shardsAfterStop };
  } finally {
    await a.runtime.close();
    await b.runtime.close();
    await azurite.stop();
  }
}
