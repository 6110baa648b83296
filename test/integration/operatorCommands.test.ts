// The operator's commands (COMMANDS.md, Operator commands) as real child processes on the real
// clock: `gevinstbot due [--limit N]` lists what is scheduled next, stale due items left out;
// `gevinstbot run-due --next` runs the earliest instant at which something is still due and steps
// on when called again; each prints its result on stdout and nothing else (logs on stderr). The
// world is seeded around the real now, in a storage of the test's own that the children share.
import assert from 'node:assert/strict';
import { formatInstant } from '../../src/domain/dates';
import { reminderInstant } from '../../src/domain/workdays';
import { promptSendInstant, scheduleNextDigest } from '../../src/services/schedule';
import { freePort, startAzurite, type DueItem, type EmbeddedAzurite } from '../../src/storage';
import { people, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { runCli } from '../support/processes';
import { promptCards, seedBenefit, seedPlan } from '../support/seed';

const DAY = 86_400_000;
const utc = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');
const oslo = (iso: string) => `${formatInstant(iso, 'Europe/Oslo', 'en')} Europe/Oslo`;
const columns = (line: string) => line.split(/ {2,}/);
const KIND: Record<string, string> = { prompt: 'prompt', digest: 'digest', targetCheck: 'target check', reminder: 'reminder', periodEnd: 'period end' };

/** A harness on `azurite`'s unprefixed tables (the ones a CLI child uses), its clock at `now`. */
const harnessOn = (azurite: EmbeddedAzurite, now: Date) =>
  startHarness({ tablePrefix: '', now: now.toISOString(), env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString } });

/** A date `days` from now, as a target date. */
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describe('operator commands: gevinstbot due and run-due --next', function () {
  this.timeout(120_000);

  describe('gevinstbot due', () => {
    let azurite: EmbeddedAzurite;
    let h: Harness;
    let env: Record<string, string>;
    before(async () => {
      azurite = await startAzurite();
      env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, LOG_LEVEL: 'info' };
    });
    after(async () => {
      await h?.close();
      await azurite.stop();
    });

    it('with nothing scheduled, says so and up to when it looked', async () => {
      h = await harnessOn(azurite, new Date());
      const r = await runCli(['due'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Nothing is scheduled from now \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\) to \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\.\n$/);
      const [from, to] = [...r.stdout.matchAll(/\d{4}-\d\d-\d\dT[\d:]+Z/g)].map((m) => Date.parse(m[0]));
      assert.equal(Math.round((to - from) / DAY), 366, 'a year and a day ahead');
    });

    it('lists what is scheduled next: instant in UTC and in the plan’s time, kind, plan, benefit, owner; stale items left out', async () => {
      const now = new Date();
      const plan = await seedPlan(h);
      const row = (await h.services.storage.plans.get(TENANT_ID, plan.id))!;
      await h.services.storage.plans.update({ ...row, nextDigestAt: await scheduleNextDigest(h.services, plan, now) }, row.etag);
      await seedBenefit(h, plan, 1, { due: dateIn(200) });
      // Benefit 2 is archived after it was scheduled: its prompt and target check stay in the due
      // table, pointing at work that will not happen.
      const archived = await seedBenefit(h, plan, 2, { cadence: 'daily 08:00', due: dateIn(100) });
      await h.services.storage.benefits.update({ ...archived, state: 'archived' }, archived.etag);

      const items = await h.services.storage.due.listAllItems();
      assert.equal(items.filter((i) => i.benefitNumber === 2).length, 2, 'the stale items are in the due table');
      const current = items.filter((i) => i.benefitNumber !== 2).sort((a, b) => a.at.localeCompare(b.at));
      assert.deepEqual(current.map((i) => i.kind).sort(), ['digest', 'prompt', 'targetCheck']);
      const kari = people.kari.name;
      const expected = current.map((i: DueItem) => [
        utc(i.at),
        oslo(i.at),
        KIND[i.kind],
        plan.id,
        i.benefitNumber ? `${plan.id}/${i.benefitNumber}` : '-',
        i.benefitNumber ? kari : '-',
      ]);

      const r = await runCli(['due'], env);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.equal(lines.pop(), '', 'ends with a newline');
      assert.deepEqual(lines.map(columns), [['instant (UTC)', 'local time', 'kind', 'plan', 'benefit', 'owner'], ...expected]);
      for (const c of ['local time', 'kind', 'plan', 'benefit', 'owner']) {
        const at = lines[0].indexOf(c);
        assert.ok(lines.every((l) => l[at - 1] === ' ' && l[at] !== ' '), `the column "${c}" is aligned`);
      }
      assert.ok(lines.slice(1).every((l) => !l.includes('/2 ')), 'nothing of the archived benefit');
      assert.doesNotMatch(r.stdout, /"level"/, 'no log line on stdout');
    });

    it('--limit N: the first N and a line that says there is more; a bad --limit changes nothing and says what to type', async () => {
      const r = await runCli(['due', '--limit', '2'], env);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 4);
      assert.equal(lines[3], '… and more: gevinstbot due --limit 4 shows more.');
      for (const bad of ['0', 'ten', '501']) {
        const b = await runCli(['due', '--limit', bad], env);
        assert.equal(b.code, 2);
        assert.equal(b.stdout, '');
        assert.match(b.stderr, new RegExp(`^due: --limit must be a whole number from 1 to 500, e\\.g\\. --limit 20; got "${bad}"\\.\\nUsage:`));
      }
    });

    it('run-due --next with overdue work: runs it now, and says since when it was due', async () => {
      const past = new Date(Date.now() - 10 * DAY);
      const h2 = await harnessOn(azurite, past);
      try {
        const plan = await seedPlan(h2, { id: 'forfalt', name: 'Forfalt' });
        const b = await seedBenefit(h2, plan, 1, { due: dateIn(300) });
        const since = promptSendInstant(plan, b.nextPromptAt!);
        assert.ok(since < new Date().toISOString(), 'its first prompt is overdue');
        const before = Date.now();
        const r = await runCli(['run-due', '--next'], env);
        assert.equal(r.code, 0, r.stderr);
        const m = /^due now: (\S+) \((\d{4}-\d\d-\d\d \d\d:\d\d) Europe\/Oslo\), overdue since (\S+)\nsent 1 prompts, 0 reminders, 0 digests, 0 notices\n$/.exec(r.stdout);
        assert.ok(m, r.stdout);
        assert.equal(m[3], utc(since));
        assert.ok(Date.parse(m[1]) >= before - 1000 && Date.parse(m[1]) <= Date.now(), 'now');
        assert.equal(m[2], formatInstant(new Date(Date.parse(m[1])).toISOString(), 'Europe/Oslo', 'en'));
      } finally {
        await h2.close();
      }
    });
  });

  describe('gevinstbot run-due --next', () => {
    let azurite: EmbeddedAzurite;
    let h: Harness;
    let env: Record<string, string>;
    before(async () => {
      azurite = await startAzurite();
      env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
      h = await harnessOn(azurite, new Date());
    });
    after(async () => {
      await h?.close();
      await azurite.stop();
    });

    it('runs the earliest instant at which something is still due, prints it in UTC and Oslo time first, and steps on when called again', async () => {
      const plan = await seedPlan(h);
      const b1 = await seedBenefit(h, plan, 1, { due: dateIn(200) });
      // An earlier item that is stale (its benefit was archived) is passed over.
      const b2 = await seedBenefit(h, plan, 2, { cadence: 'daily 08:00', due: dateIn(200) });
      await h.services.storage.benefits.update({ ...b2, state: 'archived' }, b2.etag);
      const t1 = promptSendInstant(plan, b1.nextPromptAt!);
      assert.ok(promptSendInstant(plan, b2.nextPromptAt!) < t1, 'the stale item comes first in the due table');

      const first = await runCli(['run-due', '--next'], env);
      assert.equal(first.stdout, `due at ${utc(t1)} (${oslo(t1)})\nsent 1 prompts, 0 reminders, 0 digests, 0 notices\n`, first.stderr);
      assert.equal(first.code, 0);
      assert.equal(first.stderr, '');
      assert.equal(promptCards(h, people.kari).length, 1, 'Kari has her prompt');

      // Unanswered, the prompt is reminded the next working day at the same time.
      const t2 = reminderInstant(t1, 'Europe/Oslo');
      const second = await runCli(['run-due', '--next'], env);
      assert.equal(second.stdout, `due at ${utc(t2)} (${oslo(t2)})\nsent 0 prompts, 1 reminders, 0 digests, 0 notices\n`, second.stderr);

      // Then the next prompt, and the first period's end at the same instant (a public holiday
      // moves both to the next working day).
      const b1now = (await h.services.storage.benefits.get(TENANT_ID, plan.id, 1))!;
      const t3 = promptSendInstant(plan, b1now.nextPromptAt!);
      const third = await runCli(['run-due', '--next'], env);
      assert.equal(third.stdout, `due at ${utc(t3)} (${oslo(t3)})\nsent 1 prompts, 0 reminders, 0 digests, 0 notices\n`, third.stderr);
      assert.ok(t1 < t2 && t2 < t3);
    });

    it('a storage that does not answer: nothing on stdout, the reason on stderr, exit 1', async () => {
      const port = await freePort();
      const r = await runCli(['run-due', '--next'], { AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${'A'.repeat(86)}==;TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;` });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^gevinstbot: .*ECONNREFUSED/m);
    });
  });
});
