// One storage process per folder. Without AZURE_STORAGE_CONNECTION_STRING the bot starts the
// embedded Azurite of DATA_DIR and holds the folder's lock; gevinstbot commands beside it use
// that storage instead of starting their own (two Azurites on one folder each saved their own
// copy over the other's: `demo` and `run-due` printed success and the data was gone); a second
// bot on the folder refuses with a message; a lock left by a killed bot is taken over. All as
// real processes, and the data is checked in the folder's storage afterwards and after a restart.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, openStorage, StorageLockedError, useEmbeddedStorage } from '../../src/storage';
import { lockPath, readLock, type LockHolder } from '../../src/storage/storageLock';
import { azuriteConnectionString } from '../../src/storage/tables';
import { FakeConnector } from '../support/fakeConnector';
import { runCli, startServerProcess, waitUntil, type Child } from '../support/processes';

const DEMO_AT = '2026-11-30T07:00:00Z'; // Monday 08:00 in Oslo
const FRIDAY_DIGESTS = '2026-12-04T13:00:00Z'; // the demo plans' digests (Friday 14:00 in Oslo), and what else is due by then
const PLAYGROUND_TENANT = '7d3c1f0a-5b2e-4c8d-9a6f-2e4b8c1d0f35'; // .m365agentsplayground.yml

function holderOf(dataDir: string): LockHolder {
  const h = readLock(lockPath(path.join(dataDir, 'azurite')));
  assert.ok(h && h !== 'unreadable', `no lock in ${dataDir}`);
  return h;
}

async function startBotOn(dataDir: string, connectorPort: number): Promise<{ bot: Child; url: string }> {
  const bot = startServerProcess({ PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'off', LOG_LEVEL: 'info', DATA_DIR: dataDir, PLAYGROUND_PORT: String(connectorPort) });
  const url = await waitUntil(
    () => /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(bot.stdout())?.[1] ?? (bot.child.exitCode !== null && `exited ${bot.child.exitCode}: ${bot.stderr()}`),
    60_000,
    'the bot to listen',
  );
  assert.match(url, /^http:/, url);
  return { bot, url };
}

async function stop(bot: Child | undefined): Promise<void> {
  if (!bot) return;
  bot.kill('SIGTERM');
  await bot.exited;
}

describe('embedded storage: one storage process per folder', function () {
  this.timeout(180_000);
  let connector: FakeConnector;
  let connectorPort = 0;
  const bots: Child[] = [];
  before(async () => {
    connector = new FakeConnector();
    connectorPort = Number(new URL(await connector.start()).port);
  });
  after(async () => {
    for (const b of bots) await stop(b);
    await connector.stop();
  });

  it('bot running + gevinstbot demo + gevinstbot run-due: the commands use the bot’s storage, and the data is there afterwards and after a bot restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-lock-'));
    const first = await startBotOn(dataDir, connectorPort);
    bots.push(first.bot);
    const held = holderOf(dataDir);
    assert.equal(held.role, 'bot');
    assert.equal(held.pid, first.bot.pid);

    const env = { DATA_DIR: dataDir, PLAYGROUND_PORT: String(connectorPort), LOG_LEVEL: 'info' };
    const demo = await runCli(['demo', '--at', DEMO_AT], env);
    assert.equal(demo.code, 0, demo.stderr);
    assert.match(demo.stdout, new RegExp(`^Demo seeded in tenant ${PLAYGROUND_TENANT}:\n {2}digitalt-tilsyn: "[^"]+" with 2 benefits and their history\n`));
    assert.match(demo.stderr, /"event":"storage\.embedded","port":\d+,"shared":true/);

    const run = await runCli(['run-due', '--at', FRIDAY_DIGESTS], env);
    assert.equal(run.stdout, 'sent 5 prompts, 0 reminders, 2 digests, 2 notices\n', run.stderr);
    assert.equal(run.code, 0);
    assert.deepEqual(holderOf(dataDir), held, 'the commands started no storage of their own and left the lock alone');

    const check = async (port: number, when: string) => {
      const storage = await openStorage(azuriteConnectionString(port));
      const plans = await storage.plans.list(PLAYGROUND_TENANT);
      assert.deepEqual(plans.map((p) => p.id).sort(), ['digitalt-tilsyn', 'sms-paminnelser'], `plans ${when}`);
      assert.ok(plans.every((p) => p.nextDigestAt === '2026-12-11T13:00:00.000Z'), `the next digests are scheduled ${when}`);
      const history = await storage.measurements.listPlan(PLAYGROUND_TENANT, 'digitalt-tilsyn');
      assert.ok(history.filter((r) => r.state === 'answered').length >= 6, `the demo history is there ${when}`);
    };
    await check(held.port, 'while the bot runs');

    await stop(first.bot);
    assert.equal(existsSync(lockPath(path.join(dataDir, 'azurite'))), false, 'a bot that stops releases the folder');
    const second = await startBotOn(dataDir, connectorPort);
    bots.push(second.bot);
    await check(holderOf(dataDir).port, 'after a restart');
    await stop(second.bot);
  });

  it('a second bot on the same folder refuses with a message that says what to do, and the first keeps running', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-lock-'));
    const first = await startBotOn(dataDir, connectorPort);
    bots.push(first.bot);
    const again = startServerProcess({ PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'off', DATA_DIR: dataDir });
    const { code } = await again.exited;
    assert.equal(code, 2);
    assert.equal(again.stdout(), '');
    const folder = path.join(dataDir, 'azurite');
    assert.match(
      again.stderr(),
      new RegExp(
        `^Gevinstbot cannot start\\.\\na running Gevinstbot \\(npm start\\) \\(pid ${first.bot.pid}, since \\S+\\) already runs the embedded storage in ${folder.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, on 127\\.0\\.0\\.1:\\d+\\. ` +
          'Two storage processes on one folder lose data, so this one does not start\\. Stop that one first ' +
          `\\(Ctrl-C in its terminal, or kill ${first.bot.pid}\\), or give this one a folder of its own \\(DATA_DIR=…\\)\\. ` +
          'gevinstbot commands \\(run-due, due, demo\\) use the running one by themselves\\.\\n$',
      ),
    );
    assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
    assert.equal(holderOf(dataDir).pid, first.bot.pid);
    await stop(first.bot);
  });

  it('takes over the lock of a bot that was killed, and a command without a bot starts the storage itself and releases it', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-lock-'));
    const first = await startBotOn(dataDir, connectorPort);
    const killed = holderOf(dataDir);
    first.bot.kill('SIGKILL');
    await first.bot.exited;
    assert.equal(holderOf(dataDir).token, killed.token, 'SIGKILL leaves the lock behind');

    const demo = await runCli(['demo', '--at', DEMO_AT], { DATA_DIR: dataDir, PLAYGROUND_PORT: String(connectorPort) });
    assert.equal(demo.code, 0, demo.stderr);
    assert.equal(existsSync(lockPath(path.join(dataDir, 'azurite'))), false, 'the command released the folder it took over');

    const second = await startBotOn(dataDir, connectorPort);
    bots.push(second.bot);
    const storage = await openStorage(azuriteConnectionString(holderOf(dataDir).port));
    assert.equal((await storage.plans.list(PLAYGROUND_TENANT)).length, 2, 'what the command wrote is there for the bot');
    await stop(second.bot);
  });

  it('a folder locked by a process whose storage does not answer: a clear message, nothing started', async () => {
    const location = path.join(mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-lock-')), 'azurite');
    mkdirSync(location, { recursive: true });
    // This test process stands in for a hung holder: alive, but nothing answers on the port.
    const port = await freePort();
    const hung: LockHolder = { pid: process.pid, role: 'bot', port, azuritePid: process.pid, token: 'hung', startedAt: '2026-12-01T08:00:00.000Z' };
    writeFileSync(lockPath(location), JSON.stringify(hung));
    await assert.rejects(
      useEmbeddedStorage(location, 'cli', { waitMs: 600 }),
      (e: unknown) =>
        e instanceof StorageLockedError &&
        e.message ===
          `The embedded storage in ${location} is locked by a running Gevinstbot (npm start) (pid ${process.pid}, since 2026-12-01T08:00:00.000Z), ` +
            `and its storage does not answer on 127.0.0.1:${port}. If that process has hung, stop it (kill ${process.pid}) and try again; ` +
            `if no such process runs, delete ${lockPath(location)}. Or use other storage: DATA_DIR=… or AZURE_STORAGE_CONNECTION_STRING=….`,
    );
    assert.equal(readLock(lockPath(location)) && (readLock(lockPath(location)) as LockHolder).token, 'hung', 'the lock is left as it was');
  });
});
