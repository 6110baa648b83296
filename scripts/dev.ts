// `npm run dev`: the bot (local mode, embedded Azurite under DATA_DIR) + the Microsoft 365 Agents
// Playground as a Teams client, wired together, with the playground's current user as a bootstrap
// admin. Prints the URL to open. Ctrl-C stops both.
//
//   npm run dev                 bot on 127.0.0.1:3978, playground on 56150 (or a free port)
//   npm run dev -- --demo       first seed the demo plans (gevinstbot demo) into the same storage
//   npm run dev -- --watch      restart the bot when a source file changes (tsx watch)
//
// Storage: this script runs the embedded Azurite itself (persisted under DATA_DIR/azurite, holding
// the folder's lock) and gives its connection string to the bot; the commands it prints for a
// second terminal (`npx gevinstbot due`, `npx gevinstbot run-due --next`) find that storage
// through the lock and use it while the bot runs.
//
// Environment: .env (src/envFile.ts) and everything in .env.example (PORT, DATA_DIR, ADMINS, SCHEDULER, LOG_LEVEL …) is passed
// to the bot; PLAYGROUND_PORT chooses the playground's port. The playground's mock tenant (users,
// chats, team) is .m365agentsplayground.yml.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadEnvFile } from '../src/envFile';
import { useEmbeddedStorage, type EmbeddedStorage } from '../src/storage/embeddedStorage';

const root = path.resolve(__dirname, '..');
const configPath = path.join(root, '.m365agentsplayground.yml');
const watch = process.argv.includes('--watch');
const demo = process.argv.includes('--demo');
let azurite: EmbeddedStorage | undefined;

/** currentUser.aadObjectId / name from the playground config (a flat YAML block; no parser needed). */
export function playgroundCurrentUser(yaml: string): { aadObjectId: string; name: string } {
  const block = /^currentUser:\s*\n((?:[ \t]+.*\n?)+)/m.exec(yaml)?.[1] ?? '';
  const field = (k: string) => new RegExp(`^[ \\t]+${k}:[ \\t]*["']?([^"'\\n]+?)["']?[ \\t]*$`, 'm').exec(block)?.[1];
  const aadObjectId = field('aadObjectId');
  if (!aadObjectId) throw new Error(`${configPath}: currentUser.aadObjectId not found`);
  return { aadObjectId, name: field('name') ?? 'the current user' };
}

function prefixLines(child: ChildProcess, label: string): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream?.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) process.stdout.write(`[${label}] ${line}\n`);
    });
  }
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the bot exited with code ${child.exitCode} (see the [bot] lines above)`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the bot did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

const children: ChildProcess[] = [];
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  // The bot stops its embedded Azurite on SIGTERM; give both a few seconds, then insist.
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const t = setTimeout(() => c.kill('SIGKILL'), 8000);
          c.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
  await azurite?.stop();
  process.exit(code);
};

/** Shows a child's output under its label; when it dies on its own, stops everything else too. */
function supervise(child: ChildProcess, label: string, others: string): void {
  children.push(child);
  prefixLines(child, label);
  child.on('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`The ${label} stopped (exit code ${code}); stopping ${others}.\n`);
      void stop(code ?? 1);
    }
  });
}

async function main(): Promise<void> {
  // The same .env as the bot and the CLI read (they would read it anyway; PORT, DATA_DIR and the
  // rest must agree here too). The bot child then finds these values already in its environment.
  loadEnvFile();
  const user = playgroundCurrentUser(readFileSync(configPath, 'utf8'));
  const port = Number(process.env.PORT || 3978);
  const host = process.env.HOST || '127.0.0.1';
  const dataDir = process.env.DATA_DIR || '.data';
  const playgroundPort = Number(process.env.PLAYGROUND_PORT || 56150);
  mkdirSync(path.resolve(root, dataDir), { recursive: true });

  const admins = [...(process.env.ADMINS ?? '').split(',').map((s) => s.trim()).filter(Boolean)];
  if (!admins.some((a) => a.toLowerCase() === user.aadObjectId.toLowerCase())) admins.push(user.aadObjectId);

  if (process.env.MicrosoftAppId) {
    process.stderr.write('npm run dev is for local mode: unset MicrosoftAppId (the playground cannot authenticate as Teams).\n');
    process.exit(2);
  }

  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  // 0. Storage shared by the bot and any command run beside it (unless one is configured).
  let connectionString = process.env.AZURE_STORAGE_CONNECTION_STRING;
  if (!connectionString) {
    // Azurite's usual table port, so `UseDevelopmentStorage=true` reaches it; any free port if taken.
    // It holds the folder's lock: gevinstbot commands in another terminal find it and use it, and
    // a bot already running on this folder makes this stop with a message instead.
    const location = path.resolve(root, dataDir, 'azurite');
    azurite = await useEmbeddedStorage(location, 'dev', { port: Number(process.env.AZURITE_PORT || 10002) });
    connectionString = azurite.connectionString;
  }
  const storageEnv = { AZURE_STORAGE_CONNECTION_STRING: connectionString, DATA_DIR: dataDir };
  if (demo) {
    const seeded = spawn(process.execPath, [path.join(root, 'bin', 'gevinstbot.js'), 'demo'], {
      cwd: root,
      env: { ...process.env, ...storageEnv, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixLines(seeded, 'demo');
    const code = await new Promise<number | null>((r) => seeded.once('exit', r));
    if (code !== 0) throw new Error(`gevinstbot demo failed (exit code ${code})`);
  }

  // 1. The bot, on that storage.
  const tsxCli = require.resolve('tsx/cli');
  const botArgs = watch ? [tsxCli, 'watch', '--clear-screen=false', 'src/index.ts'] : [tsxCli, 'src/index.ts'];
  const bot = spawn(process.execPath, botArgs, {
    cwd: root,
    // SCHEDULER=off unless set: the `run-due --at …` of a second terminal is this bot's clock,
    // and a ticking bot would hold every shard lease, so that run-due would leave them to it.
    env: { ...process.env, ...storageEnv, PORT: String(port), HOST: host, ADMINS: admins.join(','), SCHEDULER: process.env.SCHEDULER || 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  supervise(bot, 'bot', 'the playground');
  const botUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  await waitForHealth(botUrl, bot, 60_000);

  // 2. The playground, headless (no browser of its own), telemetry off, its log under DATA_DIR.
  const playground = spawn(
    process.execPath,
    [
      require.resolve('@microsoft/m365agentsplayground/cli.js'),
      '-e',
      `${botUrl}/api/messages`,
      '-c',
      'msteams',
      '-p',
      String(playgroundPort),
      '--disable-telemetry',
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
        M365_AGENTS_PLAYGROUND_LOGFILE: path.resolve(root, dataDir, 'playground.log'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  supervise(playground, 'playground', 'the bot');
  // It falls back to a random port when the one asked for is taken: read the one it chose.
  const listening = await new Promise<number>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error('the playground did not start within 60 s')), 60_000);
    playground.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Listening on (\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
  });

  // The commands find this script's storage through its lock in DATA_DIR/azurite; a DATA_DIR of
  // this terminal's own has to be given to them too.
  const cli = dataDir === '.data' ? '' : `DATA_DIR=${JSON.stringify(dataDir)} `;
  process.stdout.write(
    [
      '',
      '  Gevinstbot is running in local mode.',
      `    bot:        ${botUrl}/api/messages   (health: ${botUrl}/healthz, data: ${dataDir}/)`,
      `    playground: http://localhost:${listening}/   <- open this in a browser`,
      `    you are:    ${user.name} (admin: ADMINS=${admins.join(',')})`,
      '',
      '  Type `help` in "Personal Chat"; in a channel, @mention Gevinstbot (type @ and pick it) and click Post.',
      '  To see what is scheduled and send it now (e.g. the first prompt the bot told you about), in another terminal',
      `  in ${root}${azurite ? '' : ' (with the same AZURE_STORAGE_CONNECTION_STRING, in the environment or in .env)'}:`,
      `    ${cli}npx gevinstbot due              # what is scheduled next`,
      `    ${cli}npx gevinstbot run-due --next   # runs the earliest of it now; run it again for the next one`,
      `  Note: the playground listens on all network interfaces (port ${listening}), not only on loopback.`,
      '  Ctrl-C stops both.',
      '',
    ].join('\n') + '\n',
  );
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`npm run dev: ${e instanceof Error ? e.message : String(e)}\n`);
    void stop(1);
  });
}
