// .env: the bot and the CLI read it at start (Node's process.loadEnvFile), the environment wins
// over it, a missing project .env is fine and a malformed one stops the start with the line that
// is wrong. The child processes get ENV_FILE pointing at a file of the test's own, so a
// developer's .env in the project folder is never read or written.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { envFileLocation, envFileProblems, EnvFileError, loadEnvFile } from '../../src/envFile';
import { freePort } from '../../src/storage';
import { sharedAzurite } from '../support/azurite';
import { runCli, startServerProcess, waitUntil } from '../support/processes';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-envfile-'));
let n = 0;
function envFile(text: string): string {
  const file = path.join(dir, `env${++n}`);
  writeFileSync(file, text);
  return file;
}

describe('.env: read at start by the bot and the CLI', () => {
  it('the CLI uses the file: a bad value in it is reported by name, and nothing runs', async () => {
    const r = await runCli(['run-due', '--at', '2000-01-01T00:00:00Z'], { ENV_FILE: envFile('# copied from .env.example\nLOG_LEVEL=loud\n') });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /LOG_LEVEL: .*\(got "loud"\)/);
    assert.equal(r.stdout, '');
  });

  it('a variable already in the environment wins over the file', async () => {
    const azurite = await sharedAzurite();
    const r = await runCli(['run-due', '--at', '2000-01-01T00:00:00Z'], {
      ENV_FILE: envFile(`TEAMS_MAX_RPS=0\nLOG_LEVEL=warn\nAZURE_STORAGE_CONNECTION_STRING="${azurite.connectionString}"\n`),
      TEAMS_MAX_RPS: '30',
    });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'sent 0 prompts, 0 reminders, 0 digests, 0 notices\n');
    assert.equal(r.code, 0);
  });

  it('the bot uses the file: it listens on the PORT the file gives', async function () {
    this.timeout(60_000);
    const azurite = await sharedAzurite();
    const port = await freePort();
    const bot = startServerProcess({ ENV_FILE: envFile(`PORT=${port}\nHOST=127.0.0.1\nSCHEDULER=off\nLOG_LEVEL=info\n`), AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
    try {
      await waitUntil(() => bot.stdout().includes(`"url":"http://127.0.0.1:${port}"`) || (bot.child.exitCode !== null && `exited: ${bot.stderr()}`), 45_000, 'the bot to listen');
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    } finally {
      bot.kill('SIGTERM');
      await bot.exited;
    }
  });

  it('a malformed file stops the bot at start with the file, the line and what to do', async function () {
    this.timeout(30_000);
    const file = envFile('PORT=3999\nMicrosoftAppId 1234\nADMINS="kari@fjordvik.kommune.example\n');
    const bot = startServerProcess({ ENV_FILE: file });
    const { code } = await bot.exited;
    assert.equal(code, 2);
    assert.equal(bot.stdout(), '');
    assert.equal(
      bot.stderr(),
      `Gevinstbot cannot start.\n${file} is not a valid env file:\n` +
        '  - line 2: "MicrosoftAppId 1234" is not NAME=value (a comment starts with #)\n' +
        '  - line 3: the quoted value of ADMINS is not closed (add the closing ")\n' +
        'Fix those lines (see .env.example), or start without it: ENV_FILE=none.\n' +
        'See .env.example and README.md (Configuration).\n',
    );
  });

  it('ENV_FILE naming a file that does not exist is an error; ENV_FILE=none reads none', async () => {
    const missing = path.join(dir, 'nope.env');
    const r = await runCli(['run-due', '--at', '2000-01-01T00:00:00Z'], { ENV_FILE: missing });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `ENV_FILE names ${missing}, which does not exist (ENV_FILE=none reads no file).\n`);
    assert.equal(envFileLocation({ ENV_FILE: 'none' }), undefined);
  });

  it('without ENV_FILE: the .env of the project folder, and none there is fine', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-root-'));
    assert.deepEqual(envFileLocation({}, root), { file: path.join(root, '.env'), explicit: false });
    const env: NodeJS.ProcessEnv = { PORT: '4000' };
    assert.equal(loadEnvFile(env, root), undefined);
    assert.deepEqual(env, { PORT: '4000' });
    writeFileSync(path.join(root, '.env'), 'PORT=5000\nexport HOST=localhost\nADMINS="a@b.no,c@d.no" # bootstrap\nEMPTY=\n');
    assert.equal(loadEnvFile(env, root), path.join(root, '.env'));
    assert.deepEqual(env, { PORT: '4000', HOST: 'localhost', ADMINS: 'a@b.no,c@d.no', EMPTY: '' });
  });

  it('tells each malformed line apart from what Node accepts', () => {
    assert.deepEqual(envFileProblems('# comment\n\nA=1\nexport B = 2\nC="multi\nline"\nD=\'x\' # note\nE=a=b;c=d\r\n'), []);
    assert.deepEqual(envFileProblems('just words\n1A=2\nB="open\nC=3'), [
      'line 1: "just words" is not NAME=value (a comment starts with #)',
      'line 2: "1A" is not a variable name (letters, digits and _)',
      'line 3: the quoted value of B is not closed (add the closing ")',
    ]);
    assert.throws(() => loadEnvFile({ ENV_FILE: envFile('=oops\n') }), EnvFileError);
  });
});
