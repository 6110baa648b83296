// End to end, through the Microsoft 365 Agents Playground UI only, in headless Chromium:
//   a. in a team channel, @Gevinstbot plan new Hjemmetjenesten digitalt tilsyn
//   b. @Gevinstbot benefit add … owner=<the current user>
//   c. `gevinstbot run-due --at <first prompt instant>` (a second process on the same storage)
//      sends the prompt card to the owner's personal chat
//   d. the owner answers the card (value, Submit) and the card is replaced by the confirmation
//   e. @Gevinstbot digest <plan> posts the digest to the channel
//   f. the digest's «Se hele oversikten» opens the dashboard in a new tab (screenshots: desktop, phone)
//   g. @Gevinstbot report <plan> answers with a card of links; «Bekreftelsesdokument (PDF)» opens the
//      confirmation document, whose pages are rendered to PNG (pdftoppm -png -r 60) for a person to read
//   h. `benefit add <plan>` in the personal chat answers with the benefit form; filled in through its
//      inputs (type, date, the people picker) and saved, it is replaced by the benefit it created
//   i. `import <plan>`: the template link gives the plan's register; with two rows added that have
//      problems it is sent to a second plan as a file (the playground cannot attach files, so its
//      «Mock an Activity → Custom activity» sends the same file.download.info attachment Teams
//      sends, pointing at a loopback file server); the preview card shows up in the chat and Import
//      creates the valid rows there
//   j. «Korriger verdi» on the answered card: a new value replaces it, the earlier one kept
//   k. the correction met the target: the success notice in the channel; «Bekreft» confirms, and the
//      card stays Norwegian though the playground's client says en-US
//   l. the next prompts, found with `gevinstbot due`; the imported plan's Monday prompt is skipped
//      from the card, with a reason
//   m. the time benefits of both plans are answered (their Friday prompts)
//   n. @Gevinstbot digest <plan>: the portfolio counts the realised hours of both plans
//   o. `language en` in the personal chat answers in English (`my` too), `språk nb` back in Norwegian
//
// Run: npm run test:e2e  (mocha --no-config --require tsx/cjs --timeout 300000 --exit test/e2e/playground.e2e.ts)
// Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH). Everything runs on loopback: its own
// in-memory Azurite, the bot (SCHEDULER=off) and the playground on free ports; the browser aborts any
// request that is not to loopback. Screenshots and logs go to test/e2e/artifacts/ (git-ignored).
// Each step is one `it`; after a failure the later steps are skipped, so the report names the step
// that broke and the ones before it that passed.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Page, Response } from 'playwright-core';
import ExcelJS from 'exceljs';
import { freePort, startAzurite, type EmbeddedAzurite } from '../../src/storage/embeddedAzurite';
import { cardWith, choose, fillDate, fillText, pickPerson, playgroundIds, sendCustomActivity, shootCard, startFileServer } from './playgroundForms';
import {
  CHROMIUM,
  launchPlaygroundBrowser,
  mentionOffered,
  newestPost,
  openConversation,
  paneText,
  postInChannel,
  screenshot,
  sendInChat,
  type ComposerPart,
  type PlaygroundBrowser,
} from './playground';

const ROOT = path.resolve(__dirname, '..', '..');
const ARTIFACTS = path.join(__dirname, 'artifacts');
const PLAYGROUND_CONFIG = path.join(ROOT, '.m365agentsplayground.yml');
const BOT_NAME = 'Gevinstbot';
const CHANNEL = 'Digitalt tilsyn';
const PLAN_NAME = 'Hjemmetjenesten digitalt tilsyn';
const PLAN_ID = 'hjemmetjenesten-digitalt-tilsyn';
const BENEFIT_TITLE = 'Flere besøk per uke';
const FORM_TITLE = 'Færre telefoner om morgenen';
const PLAN_B_NAME = 'Tannhelse SMS';
const PLAN_B_ID = 'tannhelse-sms';
const PLAN_TZ = 'Europe/Oslo';

// ---------------------------------------------------------------------------------------------
// The stack: Azurite, bot, playground (child processes we started and stop by their own handles)

interface Proc {
  name: string;
  child: ChildProcess;
  log: WriteStream;
  output: () => string;
}

// If mocha is interrupted, take our children down with us (by their own handles, nothing else).
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function startProc(name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const log = createWriteStream(path.join(ARTIFACTS, `${name}.log`));
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let out = '';
  const onData = (d: Buffer) => {
    log.write(d);
    out = (out + d.toString()).slice(-200_000);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return { name, child, log, output: () => out };
}

async function stopProc(p: Proc | undefined): Promise<void> {
  if (!p) return;
  const { child } = p;
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
  await new Promise<void>((r) => p.log.end(r));
}

/** Environment for our bot and CLI: the parent's, minus anything that would point them elsewhere. */
function botEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of [
    'MicrosoftAppId',
    'MicrosoftAppPassword',
    'MicrosoftAppType',
    'MicrosoftAppTenantId',
    'AZURE_STORAGE_CONNECTION_STRING',
    'ADMINS',
    'ALLOWED_TENANTS',
    'PUBLIC_URL',
    'REPORT_SECRET',
    'TEAMS_MAX_RPS',
  ]) {
    delete env[k];
  }
  // Nor the developer's .env in the project folder.
  return { ...env, ENV_FILE: 'none', ...extra };
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, alive?: () => string | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = alive?.();
    if (dead) throw new Error(`${what}: ${dead}`);
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}

function exited(p: Proc): string | undefined {
  if (p.child.exitCode === null && p.child.signalCode === null) return undefined;
  return `${p.name} exited (code ${p.child.exitCode}, signal ${p.child.signalCode}); last output:\n${lastLines(p.output(), 25)}`;
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

/** Bot log lines at warn (40) or above, for failure messages. */
function botProblems(bot: Proc | undefined): string {
  if (!bot) return '';
  const lines = bot
    .output()
    .split('\n')
    .filter((l) => {
      try {
        return (JSON.parse(l) as { level?: number }).level! >= 40;
      } catch {
        return /error/i.test(l) && !/DeprecationWarning/.test(l);
      }
    });
  return lines.length ? `\nbot warnings/errors (test/e2e/artifacts/bot.log):\n${lines.slice(-10).join('\n')}` : '';
}

/** currentUser of the playground config: name, UPN and AAD object id (a flat YAML block). */
function currentUser(): { name: string; upn: string; aadObjectId: string } {
  const yaml = readFileSync(PLAYGROUND_CONFIG, 'utf8');
  const block = /^currentUser:\s*\n((?:[ \t]+.*\n?)+)/m.exec(yaml)?.[1] ?? '';
  const field = (k: string) => {
    const v = new RegExp(`^[ \\t]+${k}:[ \\t]*["']?([^"'\\n]+?)["']?[ \\t]*$`, 'm').exec(block)?.[1];
    if (!v) throw new Error(`${PLAYGROUND_CONFIG}: currentUser.${k} is missing`);
    return v;
  };
  return { name: field('name'), upn: field('userPrincipleName'), aadObjectId: field('aadObjectId') };
}

// ---------------------------------------------------------------------------------------------
// Page helpers specific to these steps

type Scope = 'conversation' | 'newest post';

/**
 * Waits until the text of the open conversation (or of the channel's newest post with its replies)
 * satisfies `ok`; fails early when it shows `bad`.
 */
async function expectPane(page: Page, what: string, ok: (t: string) => boolean, bad?: RegExp, timeoutMs = 20_000, scope: Scope = 'conversation'): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = scope === 'newest post' ? await newestPost(page).innerText({ timeout: 1000 }).catch(() => '') : await paneText(page).catch(() => '');
    if (ok(text)) return text;
    const m = bad?.exec(text);
    if (m) throw new Error(`${what}: the bot answered with an error: «${excerptAround(text, m.index)}»`);
    await page.waitForTimeout(250);
  }
  throw new Error(`${what}: not seen within ${timeoutMs / 1000} s. The conversation shows:\n${text.replace(/\n{2,}/g, '\n').trim().slice(0, 1500)}`);
}

function excerptAround(text: string, index: number): string {
  return text.slice(Math.max(0, index - 100), index + 300).replace(/\s+/g, ' ').trim();
}

function firstPromptInstant(replyText: string, now: DateTime): { iso: string; source: string } {
  const en = /(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})/.exec(replyText);
  const nb = /(\d{2})\.(\d{2})\.(\d{4}) kl\. (\d{2}:\d{2})/.exec(replyText);
  let dt: DateTime | undefined;
  if (en) dt = DateTime.fromFormat(`${en[1]} ${en[2]}`, 'yyyy-MM-dd HH:mm', { zone: PLAN_TZ });
  else if (nb) dt = DateTime.fromFormat(`${nb[3]}-${nb[2]}-${nb[1]} ${nb[4]}`, 'yyyy-MM-dd HH:mm', { zone: PLAN_TZ });
  if (dt?.isValid) return { iso: dt.toUTC().toISO({ suppressMilliseconds: true })!, source: "the bot's answer to benefit add" };
  // The default cadence: the next Monday 09:00 in the plan's time zone after now.
  let next = now.setZone(PLAN_TZ).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  while (next.weekday !== 1 || next <= now) next = next.plus({ days: 1 }).set({ hour: 9, minute: 0 });
  return { iso: next.toUTC().toISO({ suppressMilliseconds: true })!, source: 'computed (next Monday 09:00 Europe/Oslo)' };
}

/**
 * Clicks something that opens a URL in a new tab (an Action.OpenUrl button) and returns the new
 * page, the URL it was sent to and the response of that navigation (none when Chromium turned it
 * into a download).
 */
async function openedByClick(page: Page, click: () => Promise<void>): Promise<{ page: Page; url: string; response: Response | null }> {
  const context = page.context();
  const navigations: Response[] = [];
  const requested: string[] = [];
  const onRequest = (r: import('playwright-core').Request) => {
    if (r.isNavigationRequest() && r.url().includes('/reports/')) requested.push(r.url());
  };
  const onResponse = (r: Response) => {
    if (r.request().isNavigationRequest() && r.url().includes('/reports/')) navigations.push(r);
  };
  context.on('request', onRequest);
  context.on('response', onResponse);
  try {
    const popup = context.waitForEvent('page', { timeout: 20_000 });
    await click();
    const opened = await popup;
    await opened.waitForLoadState('load', { timeout: 20_000 }).catch(() => undefined);
    const deadline = Date.now() + 10_000;
    while (requested.length === 0 && Date.now() < deadline) await page.waitForTimeout(100);
    return { page: opened, url: requested[0] ?? opened.url(), response: navigations[0] ?? null };
  } finally {
    context.off('request', onRequest);
    context.off('response', onResponse);
  }
}

/** The Norwegian name of the ISO week before the week of `iso` (a Monday prompt asks about it). */
function weekBefore(iso: string): string {
  const d = DateTime.fromISO(iso, { zone: PLAN_TZ }).startOf('week').minus({ days: 1 });
  return `uke ${d.weekNumber} ${d.weekYear}`;
}

/** Lines of `gevinstbot due` for one benefit's prompts: their instants (UTC ISO), earliest first. */
function promptInstants(dueOutput: string, benefit: string): string[] {
  return dueOutput
    .split('\n')
    .map((l) => l.split(/ {2,}/))
    .filter((c) => c[2] === 'prompt' && c[4] === benefit)
    .map((c) => c[0]);
}

const ERROR_REPLY = /(I can't find|I couldn't|is not a|must be|Only admins|not allowed|Something went wrong|Jeg finner ikke|må være|Bare administratorer|Noe gikk galt)/;

// ---------------------------------------------------------------------------------------------

describe('Gevinstbot e2e in the Microsoft 365 Agents Playground', function () {
  this.timeout(300_000);

  let azurite: EmbeddedAzurite | undefined;
  let bot: Proc | undefined;
  let playground: Proc | undefined;
  let browser: PlaygroundBrowser | undefined;
  let page: Page;
  let dataDir = '';
  let playgroundUrl = '';
  let connectionString = '';
  let failedStep: string | undefined;
  let promptAt = '';
  let fridayAt = '';
  let files: Awaited<ReturnType<typeof startFileServer>> | undefined;
  const user = currentUser();
  const passed: string[] = [];

  const shot = (name: string) => screenshot(page, ARTIFACTS, name);

  /** `gevinstbot <args>` as a second process on the bot's storage; its output (stdout and stderr) and exit code. */
  const cli = async (name: string, args: string[]): Promise<{ code: number | null; out: string }> => {
    const p = startProc(name, ['--import', 'tsx', 'src/cli.ts', ...args], botEnv({ AZURE_STORAGE_CONNECTION_STRING: connectionString, DATA_DIR: dataDir, SCHEDULER: 'off', ADMINS: user.aadObjectId, LOG_LEVEL: 'warn' }));
    const code = await new Promise<number | null>((resolve) => p.child.once('exit', (c) => resolve(c)));
    await stopProc(p);
    return { code, out: p.output() };
  };

  /** `gevinstbot run-due --at <at>`: the summary's numbers (sent prompts first), or the step fails with the output. */
  const runDueAt = async (step: string, at: string): Promise<number[]> => {
    const { code, out } = await cli('run-due', ['run-due', '--at', at]);
    const sent = /sent (\d+) prompts, (\d+) reminders, (\d+) digests, (\d+) notices/.exec(out);
    assert.ok(sent, `${step}: run-due --at ${at} did not print its summary (exit code ${code}):\n${lastLines(out, 20)}`);
    return sent.slice(1).map(Number);
  };

  before(async function () {
    this.timeout(120_000);
    if (!existsSync(CHROMIUM)) throw new Error(`setup: Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-e2e-data-'));

    // 1. Storage shared by the bot and the CLI (embedded Azurite under DATA_DIR would lock the CLI out).
    azurite = await startAzurite({});
    connectionString = azurite.connectionString;

    // 2. The bot, local mode, no ticker: only the CLI sends prompts in this test.
    const botPort = await freePort();
    bot = startProc(
      'bot',
      ['--import', 'tsx', 'src/index.ts'],
      botEnv({
        PORT: String(botPort),
        HOST: '127.0.0.1',
        SCHEDULER: 'off',
        DATA_DIR: dataDir,
        AZURE_STORAGE_CONNECTION_STRING: connectionString,
        ADMINS: user.aadObjectId,
        LOG_LEVEL: 'info',
      }),
    );
    const botUrl = `http://127.0.0.1:${botPort}`;
    const b = bot;
    await waitFor('setup: the bot did not answer GET /healthz with 200', 60_000, async () => ((await fetch(`${botUrl}/healthz`)).status === 200 ? true : undefined), () => exited(b));

    // 3. The playground on a free port (it falls back to a random one if taken: read what it says).
    const pgPort = await freePort();
    playground = startProc(
      'playground',
      [require.resolve('@microsoft/m365agentsplayground/cli.js'), '-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(pgPort), '--disable-telemetry'],
      {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: PLAYGROUND_CONFIG,
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(ARTIFACTS, 'playground-activities.log'),
      },
    );
    const pg = playground;
    const listening = await waitFor('setup: the playground did not print "Listening on <port>"', 60_000, async () => /Listening on (\d+)/.exec(pg.output())?.[1], () => exited(pg));
    playgroundUrl = `http://127.0.0.1:${listening}/`;

    // 4. A loopback file server in place of SharePoint (step i), and the browser.
    files = await startFileServer();
    browser = await launchPlaygroundBrowser();
    page = browser.page;
    writeFileSync(
      path.join(ARTIFACTS, 'stack.json'),
      JSON.stringify({ botUrl, playgroundUrl, azuritePort: azurite.port, dataDir, chromium: CHROMIUM, currentUser: user }, null, 2),
    );
  });

  beforeEach(function () {
    if (failedStep) this.skip();
  });

  afterEach(async function () {
    const t = this.currentTest;
    if (!t) return;
    if (t.state === 'failed') {
      failedStep = t.title;
      if (page) await shot(`FAILED-${t.title.slice(0, 2).replace(/\W/g, '')}`);
      const extra = botProblems(bot);
      if (extra && t.err) t.err.message += extra;
    } else if (t.state === 'passed') {
      passed.push(t.title);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    await files?.close();
    await stopProc(playground);
    await stopProc(bot);
    await azurite?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    const summary = [
      `passed steps: ${passed.length ? passed.join(' | ') : 'none'}`,
      `failed step: ${failedStep ?? 'none'}`,
      `non-loopback requests blocked in the browser: ${browser?.blocked.length ?? 0} (${[...new Set(browser?.blocked.map((u) => new URL(u).host) ?? [])].join(', ')})`,
    ].join('\n');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'summary.txt'), `${summary}\n`);
    process.stdout.write(`\n${summary}\nartifacts: ${path.relative(ROOT, ARTIFACTS)}/\n`);
  });

  it('0. the playground shows the personal chat and the team channels', async () => {
    await page.goto(playgroundUrl);
    for (const name of ['Personal Chat', 'General', CHANNEL]) {
      await page
        .getByText(name, { exact: true })
        .first()
        .waitFor({ state: 'visible', timeout: 30_000 })
        .catch(() => {
          throw new Error(`step 0: "${name}" is not in the playground's left rail (is ${PLAYGROUND_CONFIG} loaded?)`);
        });
    }
    await shot('00-playground');
  });

  it('a. @Gevinstbot plan new … in the team channel creates the plan', async () => {
    await openConversation(page, CHANNEL);
    await postInChannel(page, [{ mention: BOT_NAME }, ` plan new ${PLAN_NAME}`]);
    await expectPane(
      page,
      'step a (plan new): the answer with the plan id',
      (t) => new RegExp(`(created with the id|opprettet med id)\\s*\`?${PLAN_ID}`).test(t),
      ERROR_REPLY,
      20_000,
      'newest post',
    );
    const button = newestPost(page).getByRole('button', { name: /^(Legg til en gevinst|Add a benefit)$/ });
    assert.ok(await button.isVisible(), 'step a: plan new answers with a button that opens the benefit form');
    await shot('01-plan-new');
  });

  it('b. @Gevinstbot benefit add … owner=<current user> adds the benefit', async () => {
    // Real Teams lets Kari @mention herself; the playground's mention menu never lists the current
    // user, so then the owner is given by her UPN (the contract accepts an e-mail/UPN for a person).
    const editor = page.locator('[data-lexical-editor=true]').first();
    const canMention = await mentionOffered(page, editor, user.name);
    const owner: ComposerPart = canMention ? { mention: user.name } : user.upn;
    const parts: ComposerPart[] = [
      { mention: BOT_NAME },
      ` benefit add ${PLAN_ID} "${BENEFIT_TITLE}" type=quality unit=besøk baseline=20 target=22 due=30.06.2027 owner=`,
      owner,
    ];
    await postInChannel(page, parts);
    const text = await expectPane(
      page,
      `step b (benefit add, owner=${canMention ? `@${user.name}` : user.upn}): the answer with the benefit id ${PLAN_ID}/1`,
      (t) => /(was added as|er lagt til som)/.test(t) && t.includes(`${PLAN_ID}/1`),
      ERROR_REPLY,
      20_000,
      'newest post',
    );
    const reply = text.slice(Math.max(0, text.search(/(was added as|er lagt til som)/)), text.search(/(was added as|er lagt til som)/) + 600);
    const at = firstPromptInstant(reply, DateTime.now());
    promptAt = at.iso;
    writeFileSync(path.join(ARTIFACTS, 'prompt-instant.txt'), `${promptAt} (${at.source})\n`);
    await shot('02-benefit-add');
  });

  it('c. gevinstbot run-due --at <first prompt instant> sends the prompt card to the personal chat', async () => {
    assert.ok(promptAt, 'step c: no prompt instant from step b');
    const [prompts] = await runDueAt('step c', promptAt);
    assert.ok(prompts >= 1, `step c: run-due --at ${promptAt} sent no prompt`);

    await openConversation(page, 'Personal Chat');
    await page
      .locator('[role=spinbutton]')
      .last()
      .waitFor({ state: 'visible', timeout: 20_000 })
      .catch(async () => {
        throw new Error(`step c: ${prompts} prompt(s) sent, but no prompt card with a number input appeared in Personal Chat. It shows:\n${(await paneText(page)).slice(-1500)}`);
      });
    await expectPane(page, `step c: the prompt card shows the benefit title «${BENEFIT_TITLE}»`, (t) => t.includes(BENEFIT_TITLE));
    // The Monday prompt names the week before, in Norwegian, though the playground says en-US.
    const week = weekBefore(promptAt);
    const card = cardWith(page, BENEFIT_TITLE);
    const cardText = (await card.innerText()).replace(/\u00a0/g, ' ');
    assert.ok(cardText.includes(week), `step c: the prompt sent ${promptAt} does not ask about ${week}:\n${cardText}`);
    assert.match(cardText, /Send inn/, 'step c: the prompt card is in Norwegian');
    assert.doesNotMatch(cardText, /\d{4}-W\d{2}/, 'step c: the card shows a period code');
    await shot('03-prompt-card');
  });

  it('d. answering the prompt card replaces it with the confirmation', async () => {
    const spin = page.locator('[role=spinbutton]').last();
    await spin.scrollIntoViewIfNeeded();
    await spin.fill('21');
    await shot('04a-prompt-filled');
    const submit = page.getByRole('button', { name: /^(Submit|Send inn)$/ }).last();
    await submit.click();
    // The invoke response replaces the card in place: no number input left, the thank-you shown.
    await expectPane(
      page,
      'step d: the confirmation card (Thank you! 21 … is recorded) in place of the prompt',
      (t) => /(Thank you!|Takk!)[^\n]*21/.test(t),
      /(is not a number|er ikke et tall|was not saved|ble ikke lagret|cannot be saved|kan ikke lagres|I can't find this measurement|finner ikke denne målingen)/,
    );
    const inputsLeft = await page.locator('[role=spinbutton]').count();
    assert.equal(inputsLeft, 0, `step d: the confirmation is shown, but ${inputsLeft} number input(s) are still in the chat: the card was not replaced in place`);
    const text = await paneText(page);
    assert.match(text, /50\s?%/, 'step d: the confirmation does not show the achievement 50 % ((21−20)/(22−20))');
    await shot('04-answered');
  });

  it('e. @Gevinstbot digest <plan> posts the digest to the channel', async () => {
    await openConversation(page, CHANNEL);
    await postInChannel(page, [{ mention: BOT_NAME }, ` digest ${PLAN_ID}`]);
    // The command's own thread gets "Posted the digest …"; the digest itself is a new post on top.
    await expectPane(
      page,
      `step e (digest ${PLAN_ID}): a new channel post «Weekly digest: ${PLAN_NAME}» that lists «${BENEFIT_TITLE}»`,
      (t) => new RegExp(`(Weekly digest|Ukesoppsummering): ${PLAN_NAME}`).test(t) && t.includes(BENEFIT_TITLE),
      ERROR_REPLY,
      30_000,
      'newest post',
    );
    await newestPost(page).scrollIntoViewIfNeeded();
    await shot('05-digest');
  });

  it('f. the digest’s «Se hele oversikten» opens the dashboard, offline and readable on a phone', async () => {
    // The playground renders an Action.OpenUrl as a button with role=link, named by its title.
    const button = newestPost(page).getByRole('link', { name: /^(Se hele oversikten|See the full overview)$/ }).first();
    await button.scrollIntoViewIfNeeded();
    const blockedBefore = browser!.blocked.length;
    const opened = await openedByClick(page, () => button.click());
    const dash = opened.page;
    try {
      assert.equal(opened.response?.status(), 200, `step f: the dashboard link answered ${opened.response?.status()} (${opened.url})`);
      const headers = opened.response!.headers();
      assert.match(headers['content-type'] ?? '', /^text\/html/, 'step f: the dashboard is served as text/html');
      assert.match(headers['content-security-policy'] ?? '', /default-src 'none'/, 'step f: the dashboard has a strict Content-Security-Policy');
      await dash.getByRole('heading', { name: PLAN_NAME }).waitFor({ state: 'visible', timeout: 15_000 });
      const text = await dash.locator('main').innerText();
      assert.ok(text.includes(BENEFIT_TITLE), `step f: the dashboard does not show «${BENEFIT_TITLE}»:\n${text.slice(0, 800)}`);
      assert.match(text, /Sammendrag|Summary/, 'step f: no summary on the dashboard');
      assert.equal(await dash.locator('svg.chart').count(), 1, 'step f: one chart per benefit');
      assert.ok(await dash.locator('svg.chart polyline.measured').count() === 1, 'step f: the chart draws the measured value');
      // The status filter works without script: picking «Ingen data» hides the benefit, «Alle» shows it.
      await dash.locator('label[for="f-noData"]').click();
      assert.equal(await dash.locator('article.benefit').first().isVisible(), false, 'step f: the status filter did not hide a benefit of another status');
      await dash.locator('label[for="f-all"]').click();
      assert.equal(await dash.locator('article.benefit').first().isVisible(), true, 'step f: «Alle» did not show the benefit again');
      await dash.screenshot({ path: path.join(ARTIFACTS, '06-dashboard.png'), fullPage: true });
      await dash.setViewportSize({ width: 390, height: 844 });
      const overflow = await dash.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      assert.ok(Number(overflow) <= 1, `step f: on a phone the page scrolls sideways by ${overflow} px`);
      await dash.screenshot({ path: path.join(ARTIFACTS, '06-dashboard-phone.png'), fullPage: true });
      const external = browser!.blocked.slice(blockedBefore).filter((u) => !u.includes('playground'));
      assert.deepEqual(external, [], 'step f: the dashboard tried to load something from outside');
    } finally {
      await dash.close();
    }
  });

  it('g. @Gevinstbot report <plan> answers with links; the confirmation document opens and reads as one', async () => {
    await openConversation(page, CHANNEL);
    await postInChannel(page, [{ mention: BOT_NAME }, ` report ${PLAN_ID}`]);
    const pdfButton = page.getByRole('link', { name: /^(Bekreftelsesdokument \(PDF\)|Confirmation document \(PDF\))$/ }).last();
    await pdfButton.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
      throw new Error(`step g: no «Bekreftelsesdokument (PDF)» button after report ${PLAN_ID}. The channel shows:\n${(await newestPost(page).innerText().catch(() => '')).slice(0, 1500)}`);
    });
    for (const name of [/^(Åpne oversikten|Open the dashboard)$/, /^(Excel-rapport \(\.xlsx\)|Excel report \(\.xlsx\))$/, /^(Målinger \(CSV\)|Measurements \(CSV\))$/]) {
      assert.ok(await page.getByRole('link', { name }).last().isVisible(), `step g: the report card has no button ${name}`);
    }
    await pdfButton.scrollIntoViewIfNeeded();
    await shot('07-report-card');
    const opened = await openedByClick(page, () => pdfButton.click());
    const url = opened.url;
    await opened.page.close().catch(() => undefined);
    assert.match(url, /\/reports\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/, `step g: the PDF button opened ${url}`);
    // Fetched again outside the browser (headless Chromium has no PDF viewer to look at).
    const res = await fetch(url);
    assert.equal(res.status, 200, `step g: the document link answered ${res.status}`);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const file = path.join(ARTIFACTS, '08-document.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\u00a0/g, ' ');
    for (const expected of ['Bekreftelse av realiserte gevinster', PLAN_NAME, BENEFIT_TITLE, 'Bekreftet av', 'Dato', 'Underskrift']) {
      assert.ok(text.includes(expected), `step g: the document does not say «${expected}»`);
    }
    execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(ARTIFACTS, '08-document-page')]);
    const pngs = readdirSync(ARTIFACTS).filter((f) => f.startsWith('08-document-page') && f.endsWith('.png'));
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    assert.equal(pngs.length, pages, `step g: ${pages} pages, ${pngs.length} rendered`);
  });

  it('h. benefit add <plan> in the personal chat answers with the form; filled in and saved, it adds the benefit', async () => {
    await openConversation(page, 'Personal Chat');
    await sendInChat(page, `benefit add ${PLAN_ID}`);
    const form = cardWith(page, /Ny gevinst i|New benefit in/);
    await form.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
      throw new Error(`step h: no benefit form after benefit add ${PLAN_ID}. The chat shows:\n${(await paneText(page)).slice(-1500)}`);
    });
    assert.match(await form.innerText(), /Ny gevinst i/, 'step h: the form is in Norwegian (the playground says en-US; the Teams locale never chooses)');
    await shootCard(page, form, path.join(ARTIFACTS, '09-benefit-form.png'));
    await fillText(form, /^Tittel/, FORM_TITLE);
    await choose(page, form, /^Gevinsttype/, /^Tid/);
    await fillText(form, /^Enhet/, 'timer');
    await fillText(form, /^Nullpunkt/, '40');
    await fillText(form, /^Målverdi/, '10');
    await fillDate(page, form, /^Måldato/, '2027-06-30');
    await pickPerson(page, form, 0, user.name);
    await choose(page, form, /^Målefrekvens/, /fredag/);
    await fillText(form, /^Gevinstbudskap/, 'Hvis brukerne får en SMS dagen før, så slipper vi å ringe rundt hver morgen.');
    await shootCard(page, form, path.join(ARTIFACTS, '09b-benefit-form-filled.png'));
    await form.getByRole('button', { name: 'Lagre gevinsten' }).click();
    const saved = cardWith(page, /Gevinsten er lagt til/);
    await saved.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
      throw new Error(`step h: the form was not replaced by «Gevinsten er lagt til». The chat shows:\n${(await paneText(page)).slice(-1500)}`);
    });
    const text = await saved.innerText();
    assert.ok(text.includes(`${PLAN_ID}/2`) && text.includes(FORM_TITLE), `step h: the saved card does not name ${PLAN_ID}/2 «${FORM_TITLE}»:\n${text}`);
    assert.ok(text.includes(user.name), 'step h: the people picker chose the owner');
    assert.match(text, /hver fredag kl\. 14:00/);
    assert.equal(await page.getByRole('button', { name: 'Lagre gevinsten' }).count(), 0, 'step h: the form was replaced in place');
    await shootCard(page, saved, path.join(ARTIFACTS, '10-benefit-saved.png'));
  });

  it('i. import: the template of one plan, with two bad rows added, sent as a file to another plan; the preview, then Import', async () => {
    await openConversation(page, CHANNEL);
    await postInChannel(page, [{ mention: BOT_NAME }, ` plan new ${PLAN_B_NAME}`]);
    await expectPane(page, 'step i (plan new)', (t) => new RegExp(`(created with the id|opprettet med id)\\s*\`?${PLAN_B_ID}`).test(t), ERROR_REPLY, 20_000, 'newest post');

    // Plan A's register, from the template link of `import <plan A>`.
    await openConversation(page, 'Personal Chat');
    await sendInChat(page, `import ${PLAN_ID}`);
    const askA = cardWith(page, new RegExp(`Importer gevinster til ${PLAN_NAME}`));
    await askA.waitFor({ state: 'visible', timeout: 20_000 });
    const opened = await openedByClick(page, () => askA.getByRole('link', { name: 'Last ned malen (.xlsx)' }).click());
    await opened.page.close().catch(() => undefined);
    const res = await fetch(opened.url);
    assert.equal(res.status, 200, `step i: the template link answered ${res.status}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet('Gevinster');
    assert.ok(ws, 'step i: the template has the sheet «Gevinster»');
    assert.equal(ws.actualRowCount, 3, 'step i: the template holds plan A’s two benefits');
    const col = new Map<string, number>();
    ws.getRow(1).eachCell((c, i) => col.set(String(c.value), i));
    const addRow = (values: Record<string, string | number>) => {
      const row = ws.addRow([]);
      for (const [header, v] of Object.entries(values)) row.getCell(col.get(header)!).value = v;
    };
    addRow({ Tittel: 'Flere møter opp til timen', Gevinsttype: 'Kvalitet', Enhet: '%', Nullpunkt: 80, Målverdi: 95, Måldato: '31.02.2027', Gevinsteier: user.upn });
    addRow({ Tittel: 'Færre manuelle påminnelser', Gevinsttype: 'Tid', Enhet: 'timer', Nullpunkt: 40, Målverdi: 10, Måldato: '30.06.2027', Gevinsteier: user.name });
    const register = Buffer.from(await wb.xlsx.writeBuffer());
    writeFileSync(path.join(ARTIFACTS, '11-register.xlsx'), register);

    // `importer <plan B>`, then the file in a following message, as Teams sends it.
    await sendInChat(page, `importer ${PLAN_B_ID}`);
    const askB = cardWith(page, new RegExp(`Importer gevinster til ${PLAN_B_NAME}`));
    await askB.waitFor({ state: 'visible', timeout: 20_000 });
    await shootCard(page, askB, path.join(ARTIFACTS, '11-import-ask.png'));
    const ids = playgroundIds(readFileSync(PLAYGROUND_CONFIG, 'utf8'));
    const url = files!.serve('gevinstregister.xlsx', register);
    const sent = await sendCustomActivity(page, {
      type: 'message',
      text: '',
      textFormat: 'plain',
      from: { id: ids.userId, name: user.name, aadObjectId: ids.aadObjectId },
      conversation: { id: ids.personalChatId, conversationType: 'personal', tenantId: ids.tenantId },
      channelData: { tenant: { id: ids.tenantId } },
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name: 'gevinstregister.xlsx',
          contentUrl: url,
          content: { downloadUrl: url, uniqueId: 'e2e-register', fileType: 'xlsx' },
        },
      ],
    });
    writeFileSync(path.join(ARTIFACTS, '11-file-activity.json'), JSON.stringify(sent, null, 2));
    const preview = cardWith(page, /Forhåndsvisning: import til/);
    await preview.waitFor({ state: 'visible', timeout: 30_000 }).catch(async () => {
      throw new Error(`step i: no import preview after the file was sent. The chat shows:\n${(await paneText(page)).slice(-1500)}`);
    });
    assert.ok(files!.downloads() >= 1, 'step i: the bot downloaded the file');
    const text = (await preview.innerText()).replace(/\u00a0/g, ' ');
    for (const expected of [/Nye gevinster\s*2/, /Rader med feil\s*2/, /Måldato: «31\.02\.2027» er ikke en dato/, /Gevinsteier: «Kari Nordmann» er ikke en e-postadresse/, new RegExp(BENEFIT_TITLE), new RegExp(FORM_TITLE)]) {
      assert.match(text, expected, `step i: the preview does not show ${expected}:\n${text}`);
    }
    await shootCard(page, preview, path.join(ARTIFACTS, '12-import-preview.png'));
    await preview.getByRole('button', { name: 'Importer 2 gevinster' }).click();
    const done = cardWith(page, new RegExp(`Importert til ${PLAN_B_NAME}`));
    await done.waitFor({ state: 'visible', timeout: 30_000 }).catch(async () => {
      throw new Error(`step i: the preview was not replaced by «Importert til ${PLAN_B_NAME}». The chat shows:\n${(await paneText(page)).slice(-1500)}`);
    });
    assert.match(await done.innerText(), /2 nye gevinster er lagt til\./);
    await shootCard(page, done, path.join(ARTIFACTS, '13-import-done.png'));
  });

  it('j. Korriger verdi on the answered card: the value is corrected in place, the earlier one kept', async () => {
    await openConversation(page, 'Personal Chat');
    const answered = cardWith(page, new RegExp(`${BENEFIT_TITLE}[\\s\\S]*Takk!`));
    await answered.getByRole('button', { name: 'Korriger verdi' }).click();
    const spin = page.locator('[role=spinbutton]').last();
    await spin.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
      throw new Error(`step j: Korriger verdi did not open the card for a new value. The chat shows:\n${(await paneText(page)).slice(-1500)}`);
    });
    assert.match(await paneText(page), /Du korrigerer målingen/, 'step j: the correction card says what happens to the earlier value');
    await spin.fill('22');
    await page.getByRole('button', { name: /^Send inn$/ }).last().click();
    const corrected = await expectPane(page, 'step j: the corrected card (Korrigert, 22 besøk, 100 %)', (t) => /Korrigert/.test(t) && /22\sbesøk/.test(t), /ble ikke lagret|kan ikke lagres/);
    assert.match(corrected, /100\s?%/, 'step j: the corrected card shows the achievement 100 %');
    assert.match(corrected, /den forrige verdien er tatt vare på i historikken/);
    await shot('14-corrected');
  });

  it('k. the success notice in the channel: Bekreft confirms, and the card stays Norwegian', async () => {
    await openConversation(page, CHANNEL);
    const notice = cardWith(page, new RegExp(`Målet er nådd: ${BENEFIT_TITLE}`));
    await notice.waitFor({ state: 'visible', timeout: 30_000 }).catch(async () => {
      throw new Error(`step k: no success notice «Målet er nådd: ${BENEFIT_TITLE}» in ${CHANNEL}. The newest post:\n${(await newestPost(page).innerText().catch(() => '')).slice(0, 1500)}`);
    });
    await notice.scrollIntoViewIfNeeded();
    await shootCard(page, notice, path.join(ARTIFACTS, '15-success-notice.png'));
    await notice.getByRole('button', { name: 'Bekreft' }).click();
    const confirmed = cardWith(page, /Gevinst bekreftet/);
    await confirmed.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
      throw new Error(`step k: Bekreft did not turn the notice into «Gevinst bekreftet». The channel shows:\n${(await paneText(page)).slice(-1500)}`);
    });
    const text = (await confirmed.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, new RegExp(`Bekreftet av ${user.name}`), `step k: the confirmed card does not say who confirmed:\n${text}`);
    assert.doesNotMatch(text, /Confirmed|Benefit confirmed/, 'step k: the channel card turned English after a click from an en-US client');
    await shootCard(page, confirmed, path.join(ARTIFACTS, '16-confirmed.png'));
  });

  it('l. the first prompts of the Friday benefits and of the imported plan; a skip with a reason, from the card', async () => {
    // Due now: the imported plan's first benefit (a copy of this plan's first: Mondays 09:00, first
    // asked the same Monday) and the time benefits of both plans (Fridays 14:00). One run at the
    // later of the two instants sends all three, whichever weekday this test runs on.
    const due = await cli('due', ['due', '--limit', '50']);
    const fridays = [...promptInstants(due.out, `${PLAN_ID}/2`), ...promptInstants(due.out, `${PLAN_B_ID}/2`)].sort();
    assert.ok(fridays.length >= 2, `step l: gevinstbot due does not list the prompts of ${PLAN_ID}/2 and ${PLAN_B_ID}/2:\n${due.out}`);
    fridayAt = fridays[0]!;
    const at = fridayAt > promptAt ? fridayAt : promptAt;
    const [prompts] = await runDueAt('step l', at);
    assert.ok(prompts >= 3, `step l: run-due --at ${at} sent ${prompts} prompts, expected ${PLAN_B_ID}/1, ${PLAN_ID}/2 and ${PLAN_B_ID}/2`);

    await openConversation(page, 'Personal Chat');
    const card = cardWith(page, new RegExp(`${PLAN_B_NAME}[\\s\\S]*${BENEFIT_TITLE}[\\s\\S]*Kan ikke måle denne gangen`));
    await card.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
      throw new Error(`step l: no prompt card «${BENEFIT_TITLE}» of ${PLAN_B_NAME} in Personal Chat. It shows:\n${(await paneText(page)).slice(-1500)}`);
    });
    await card.scrollIntoViewIfNeeded();
    await card.getByRole('button', { name: 'Kan ikke måle denne gangen' }).click();
    await card.getByRole('textbox', { name: /Hvorfor ikke/ }).fill('Fagsystemet var nede hele uka');
    await shootCard(page, card, path.join(ARTIFACTS, '17-skip-reason.png'));
    await card.getByRole('button', { name: 'Registrer' }).click();
    const week = weekBefore(promptAt);
    const skipped = await expectPane(page, `step l: the card replaced by «Registrert: kan ikke måles for ${week}»`, (t) => t.includes(`Registrert: kan ikke måles for ${week}`), /ble ikke lagret|kan ikke lagres|må være/);
    assert.ok(skipped.includes('Fagsystemet var nede hele uka'), 'step l: the reason is shown on the card');
    await shot('18-skipped');
  });

  it('m. the time benefits of both plans are answered: realised hours in two plans', async () => {
    await openConversation(page, 'Personal Chat');
    for (const [i, plan] of [PLAN_NAME, PLAN_B_NAME].entries()) {
      const card = cardWith(page, new RegExp(`${plan}[\\s\\S]*${FORM_TITLE}[\\s\\S]*Send inn`));
      await card.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
        throw new Error(`step m: no prompt «${FORM_TITLE}» of ${plan}. The chat shows:\n${(await paneText(page)).slice(-1500)}`);
      });
      await card.scrollIntoViewIfNeeded();
      await card.locator('[role=spinbutton]').fill('30');
      await card.getByRole('button', { name: /^Send inn$/ }).click();
      await expectPane(page, `step m: ${plan}: «Takk! 30 timer er registrert»`, (t) => (t.match(/Takk! 30\stimer er registrert/g) ?? []).length >= i + 1);
    }
    await shot('19-time-answered');
  });

  it('n. @Gevinstbot digest <plan>: the portfolio line counts both plans', async () => {
    await openConversation(page, CHANNEL);
    // run-due posted the plans' scheduled digests in step l, before the answers: wait for a new one.
    const before = await newestPost(page).innerText().catch(() => '');
    await postInChannel(page, [{ mention: BOT_NAME }, ` digest ${PLAN_ID}`]);
    const text = (
      await expectPane(page, 'step n: a new digest with the portfolio', (t) => t !== before && /Porteføljen \d{4}/.test(t) && t.includes(BENEFIT_TITLE), ERROR_REPLY, 30_000, 'newest post')
    ).replace(/\u00a0/g, ' ');
    // 40 − 30 = 10 hours saved in each plan, at 600 kr an hour: 12 000 kr (when that week is in this year).
    const year = DateTime.now().setZone(PLAN_TZ).year;
    const portfolio = new RegExp(`Porteføljen ${year}\\s+([^\\n]*)`).exec(text)?.[1] ?? '';
    if (DateTime.fromISO(fridayAt, { zone: PLAN_TZ }).year === year) assert.equal(portfolio.trim(), '12 000 kr realisert i 2 planer', `step n: the portfolio reads «${portfolio}»`);
    else assert.match(portfolio, /kr realisert i \d planer?/);
    await newestPost(page).scrollIntoViewIfNeeded();
    await shot('20-digest-two-plans');
  });

  it('o. language en in the personal chat answers in English, and språk nb back in Norwegian', async () => {
    await openConversation(page, 'Personal Chat');
    await sendInChat(page, 'language en');
    await expectPane(page, 'step o: «From now on I write to you in English here»', (t) => t.includes('From now on I write to you in English here'));
    await sendInChat(page, 'my');
    await expectPane(page, 'step o: `my` answers «Your benefits» in English', (t) => /Your benefits \(\d+\)/.test(t));
    await shot('21-language-en');
    await sendInChat(page, 'språk nb');
    await expectPane(page, 'step o: «Fra nå av skriver jeg norsk til deg her»', (t) => t.includes('Fra nå av skriver jeg norsk til deg her'));
    await shot('22-language-nb');
  });
});
