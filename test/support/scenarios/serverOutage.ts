// Scenario 2, as a real process (soak only): the server (src/index.ts) runs as a child process
// on its own Azurite; Azurite is stopped for `outageMs` and started again on the same port with
// the same data. Checked from outside, as an operator and a load balancer would see it: the
// process stays up, /healthz answers 503 with a reason during the outage and 200 after, a person
// who writes during the outage is told nothing was saved, the bot answers normally afterwards,
// and SIGTERM still shuts it down cleanly.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startAzurite, type EmbeddedAzurite } from '../../../src/storage';
import { numberedPerson, personalConversationId, personalMessage, postActivity } from '../activities';
import { FakeConnector } from '../fakeConnector';
import { childMemoryMb, startServerProcess, waitUntil } from '../processes';
import { sleep } from '../reliability';

export interface ServerOutageOptions {
  outageMs: number;
  log?: (line: string) => void;
}

export interface ServerOutageFigures {
  outageMs: number;
  healthChecksDuring: number;
  healthDuring: Record<string, number>;
  healthRecoveredMs: number;
  messagesDuring: number;
  toldNotSaved: number;
  answeredAfter: boolean;
  stayedUp: boolean;
  rssMbAfter?: number;
  sigtermExit: string;
  shutdownMs: number;
}

export async function runServerOutageScenario(o: ServerOutageOptions): Promise<ServerOutageFigures> {
  const say = o.log ?? (() => undefined);
  const dir = mkdtempSync(path.join(tmpdir(), 'gevinstbot-server-outage-'));
  const port = await freePort();
  let azurite: EmbeddedAzurite | undefined = await startAzurite({ location: path.join(dir, 'azurite'), port });
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const child = startServerProcess({
    PORT: '0',
    HOST: '127.0.0.1',
    SCHEDULER: 'off',
    LOG_LEVEL: 'info',
    DATA_DIR: dir,
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
  });
  try {
    const url = await waitUntil(() => /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(child.stdout())?.[1], 30_000, 'the server to listen');
    const person = numberedPerson(7);
    const say2 = async (text: string) => (await postActivity(url, personalMessage({ from: person, text, serviceUrl }))).status;
    const repliesTo = () => connector.activitiesTo(personalConversationId(person));
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    assert.equal(await say2('hjelp'), 200);
    await waitUntil(() => repliesTo().length >= 1, 10_000, 'a first reply');

    // The outage.
    await azurite.stop();
    azurite = undefined;
    const outageStarted = Date.now();
    const healthDuring: Record<string, number> = {};
    let checks = 0;
    let messagesDuring = 0;
    const before = repliesTo().length;
    while (Date.now() - outageStarted < o.outageMs - 1_500) {
      const h = await fetch(`${url}/healthz`);
      healthDuring[h.status] = (healthDuring[h.status] ?? 0) + 1;
      checks++;
      if (checks % 5 === 1) {
        // A new person each time: a known one is remembered in memory and never touches storage.
        messagesDuring++;
        assert.equal(await postActivity(url, personalMessage({ from: numberedPerson(100 + messagesDuring), text: 'hei', serviceUrl })).then((r) => r.status), 200);
      }
      assert.equal(child.child.exitCode, null, 'the server process is still running');
      await sleep(1_000);
    }
    await sleep(Math.max(0, o.outageMs - (Date.now() - outageStarted)));
    azurite = await startAzurite({ location: path.join(dir, 'azurite'), port });
    const back = Date.now();
    await waitUntil(async () => (await fetch(`${url}/healthz`)).status === 200, 30_000, '/healthz 200 after the outage', 100);
    const healthRecoveredMs = Date.now() - back;
    let toldNotSaved = 0;
    for (let i = 1; i <= messagesDuring; i++) {
      toldNotSaved += connector.textsTo(personalConversationId(numberedPerson(100 + i))).filter((t) => /ingenting ble lagret|nothing was saved/.test(t)).length;
    }
    assert.equal(toldNotSaved, messagesDuring, 'everyone who wrote during the outage was told nothing was saved');
    assert.equal(await say2('hjelp'), 200);
    await waitUntil(() => repliesTo().length > before, 10_000, 'a reply after the outage');
    const answeredAfter = repliesTo().length > before;
    assert.deepEqual(Object.keys(healthDuring), ['503'], `/healthz during the outage: ${JSON.stringify(healthDuring)}`);
    const rss = childMemoryMb(child.pid)?.rssMb;

    // Graceful shutdown still works.
    const t = Date.now();
    child.kill('SIGTERM');
    const exit = await child.exited;
    const shutdownMs = Date.now() - t;
    assert.equal(exit.code, 0, `SIGTERM exit: ${JSON.stringify(exit)}`);
    say(`server log lines: ${child.stdout().split('\n').length}`);
    return {
      outageMs: o.outageMs,
      healthChecksDuring: checks,
      healthDuring,
      healthRecoveredMs,
      messagesDuring,
      toldNotSaved,
      answeredAfter,
      stayedUp: true,
      rssMbAfter: rss === undefined ? undefined : Math.round(rss),
      sigtermExit: `code ${exit.code}`,
      shutdownMs,
    };
  } finally {
    child.kill('SIGKILL');
    await child.exited;
    await connector.stop();
    await azurite?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
