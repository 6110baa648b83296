// README.md's "Five minutes from there to a digest", run as printed: the chat commands are taken
// from the README's text and posted as Kari (an admin) with the bot mentioned, from a Teams client
// running in English (as the Agents Playground does); the shell commands are taken from its code
// blocks and run with a shell in the project folder (npx and all), on the real clock, against
// this test's storage. Each step checks what the README says a reader will see.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { startAzurite, type EmbeddedAzurite } from '../../src/storage';
import { people, personalConversationId, TEAM_ID, type Person } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { promptCards, promptIdOf } from '../support/seed';

const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The walkthrough: from its first line to the paragraph after it. */
function walkthrough(): string {
  const start = README.indexOf('Five minutes from there to a digest');
  const end = README.indexOf('Without the syntax:', start);
  assert.ok(start > 0 && end > start, 'README.md has the walkthrough');
  return README.slice(start, end);
}

/** The chat commands of the walkthrough, in order: the backticked text that starts with a command word. */
function chatCommands(text: string): string[] {
  const out: string[] = [];
  for (const m of text.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)) {
    if (/^(plan new|benefit add|digest) /.test(m[1])) out.push(m[1]);
  }
  return out;
}

/** The shell commands of the walkthrough's code blocks, in order. */
function shellCommands(text: string): string[] {
  const out: string[] = [];
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1].split('\n')) {
      const cmd = line.replace(/#.*$/, '').trim();
      if (cmd) out.push(cmd);
    }
  }
  return out;
}

function shell(command: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { cwd: ROOT, env: { ...process.env, ENV_FILE: 'none', LOG_LEVEL: 'warn', ...env }, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('README walkthrough: the commands as printed, and what they show', function () {
  this.timeout(300_000);
  // The README's Kari: an admin, found by her address as the walkthrough writes it.
  const kari: Person = { ...people.kari, email: 'kari.nordmann@fjordvik.kommune.example', userPrincipalName: 'kari.nordmann@fjordvik.kommune.example' };
  let azurite: EmbeddedAzurite;
  let h: Harness;
  let env: Record<string, string>;

  before(async () => {
    azurite = await startAzurite();
    env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
    h = await startHarness({
      tablePrefix: '',
      now: new Date().toISOString(),
      members: [kari, ...Object.values(people).filter((p) => p.id !== kari.id)],
      env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, ADMINS: kari.aadObjectId },
    });
  });
  after(async () => {
    await h?.close();
    await azurite?.stop();
  });

  it('finds the walkthrough’s commands where the README prints them', () => {
    const text = walkthrough();
    assert.deepEqual(
      chatCommands(text).map((c) => c.split(' ').slice(0, 2).join(' ')),
      ['plan new', 'benefit add', 'digest hjemmetjenesten-digitalt-tilsyn'],
    );
    assert.deepEqual(shellCommands(text), ['npx gevinstbot due', 'npx gevinstbot run-due --next']);
  });

  it('walks from a new plan to an answered prompt and a digest, in Norwegian', async () => {
    const [planNew, benefitAdd, digest] = chatCommands(walkthrough());
    const [due, runNext] = shellCommands(walkthrough());

    // 1. plan new, in the channel.
    assert.equal(await h.sayInChannel(kari, planNew, [], 'en-US'), 200);
    assert.match(h.channelTexts().join('\n'), /hjemmetjenesten-digitalt-tilsyn/, 'the reply names the plan id the next command uses');

    // 2. benefit add: the bot says when Kari is first asked, a Monday at 09:00.
    assert.equal(await h.sayInChannel(kari, benefitAdd, [], 'en-US'), 200);
    const added = h.channelTexts().at(-1) ?? '';
    assert.match(added, /Flere besøk per uke/);
    assert.match(added, /mandag[^\n]*09:00/, added);

    // 3. due lists the digest and the prompt, in UTC and Oslo time; the target check (2030) is beyond its year.
    const listed = await shell(due, env);
    assert.equal(listed.code, 0, listed.stderr);
    for (const kind of ['prompt', 'digest']) assert.match(listed.stdout, new RegExp(`  ${kind}  `), listed.stdout);
    assert.doesNotMatch(listed.stdout, /target check/);
    assert.match(listed.stdout, /Europe\/Oslo/);

    // run-due --next, again until the prompt is sent (the digest usually comes first).
    let sent: string | undefined;
    for (let i = 0; i < 4 && !sent; i++) {
      const r = await shell(runNext, env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^due at \S+Z \(.+ Europe\/Oslo\)\nsent \d+ prompts, \d+ reminders, \d+ digests, \d+ notices\n$/, r.stdout);
      if (/sent 1 prompts/.test(r.stdout)) sent = /^due at (\S+)/.exec(r.stdout)![1];
    }
    assert.ok(sent, 'a run-due --next sent Kari’s prompt');

    // The prompt card in Kari's personal chat, in Norwegian though her Teams runs in English;
    // it asks about the week before the Monday it was sent.
    const [card] = promptCards(h, kari);
    assert.ok(card, 'Kari has her prompt');
    const cardText = JSON.stringify(card);
    assert.match(cardText, /Send inn/);
    // A Monday prompt asks about the week before (a holiday Monday moves the prompt, not the week).
    const lastWeek = DateTime.fromISO(sent, { zone: 'Europe/Oslo' }).startOf('week').minus({ days: 1 });
    assert.match(cardText, new RegExp(`uke ${lastWeek.weekNumber} ${lastWeek.weekYear}`));
    h.clock.set(new Date(Date.parse(sent) + 60_000));
    const answered = await h.act(kari, 'measurement.submit', { promptId: promptIdOf(card), value: '21' }, 'en-US');
    assert.equal(answered.status, 200);
    assert.match(JSON.stringify(answered.card), /Takk! 21\sbesøk er registrert for uke \d+ \d{4}/);

    // 4. digest in the channel posts the weekly digest.
    const before = h.connector.cardsTo(TEAM_ID).length;
    assert.equal(await h.sayInChannel(kari, digest, [], 'en-US'), 200);
    const digests = h.connector.cardsTo(TEAM_ID).slice(before);
    assert.ok(digests.some((c) => /Flere besøk per uke/.test(JSON.stringify(c))), 'the digest names the benefit');
    assert.equal(h.connector.cardsTo(personalConversationId(kari)).length >= 1, true);
  });
});
