// `gevinstbot demo`: seeds demo plans taken from municipal practice, with a few weeks of answered
// history, so a newcomer's playground has a digest, a success and a miss to look at right away.
// The plans are bound to the Agents Playground's team channel (read from .m365agentsplayground.yml),
// and the playground's current user owns some benefits, so their prompts show in the personal chat.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { nextOccurrence, periodOf } from '../domain/cadence';
import type { Benefit, PeriodRecord, Person, Plan } from '../domain/types';
import { PROJECT_ROOT } from '../paths';
import type { Services } from './context';
import { cadenceOf, scheduleNextDigest, scheduleNextPrompt, scheduleTargetCheck } from './schedule';

interface PlaygroundUser {
  id: string;
  name: string;
  aadObjectId?: string;
  userPrincipleName?: string;
}

export interface DemoWorld {
  tenantId: string;
  serviceUrl: string;
  botId: string;
  teamId: string;
  channelId: string;
  currentUser: Person;
  others: Person[];
}

/** The playground's tenant, team and people; the connector URL is the playground's own. */
export function playgroundWorld(
  file = path.join(PROJECT_ROOT, '.m365agentsplayground.yml'),
  serviceUrl = `http://localhost:${process.env.PLAYGROUND_PORT || 56150}/_connector`,
): DemoWorld {
  if (!existsSync(file)) throw new Error(`${file} not found: the demo is seeded for the Agents Playground`);
  const doc = yaml.load(readFileSync(file, 'utf8')) as {
    tenantId: string;
    bot: { id: string };
    currentUser: PlaygroundUser;
    users: PlaygroundUser[];
    team: { id: string; channels?: { id: string }[] };
  };
  const person = (u: PlaygroundUser): Person => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, upn: u.userPrincipleName?.toLowerCase() });
  return {
    tenantId: doc.tenantId,
    serviceUrl,
    botId: doc.bot.id,
    teamId: doc.team.id,
    // The extra channel when there is one (the project channel), else General (= the team id).
    channelId: doc.team.channels?.[0]?.id ?? doc.team.id,
    currentUser: person(doc.currentUser),
    others: doc.users.map(person),
  };
}

interface DemoBenefit {
  title: string;
  type: Benefit['type'];
  unit: string;
  baseline: number;
  target: number;
  due: string;
  cadence: string;
  message: string;
  realization?: string;
  owner: Person;
  /** Values of past periods, oldest first (the newest ends last week). */
  history: number[];
}

export async function seedDemo(s: Services, at: Date, world: DemoWorld = playgroundWorld()): Promise<string> {
  const [leader, nurse, finance, , dental] = world.others;
  const me = world.currentUser;
  const plans: { id: string; name: string; leader: Person; benefits: DemoBenefit[] }[] = [
    {
      id: 'digitalt-tilsyn',
      name: 'Digitalt tilsyn i hjemmetjenesten',
      leader: leader ?? me,
      benefits: [
        {
          title: 'Færre bomturer til brukere som ikke er hjemme',
          type: 'time',
          unit: 'timer',
          baseline: 6,
          target: 1,
          due: '2027-06-30',
          cadence: 'mon 09:00',
          message: 'Hvis brukeren er hjemme i ti av ti tilfeller, så vil vi kunne utføre to flere besøk hver uke.',
          realization: 'Frigjort tid brukes til to flere besøk i uka i samme rode.',
          owner: nurse ?? me,
          history: [6, 5.5, 5, 4, 4.5, 3.5],
        },
        {
          title: 'Økt tjenestetid hos brukerne',
          type: 'quality',
          unit: '%',
          baseline: 62,
          target: 68.2,
          due: '2027-03-31',
          cadence: 'mon 09:00',
          message: 'Når vi har økt tjenestetid med 10 %, så vil vi ikke ha behov for å øke bemanningen med et helt årsverk.',
          owner: me,
          history: [62, 63, 63.5, 64, 65, 65.5],
        },
      ],
    },
    {
      id: 'sms-paminnelser',
      name: 'SMS-påminnelser på tannklinikken',
      leader: me,
      benefits: [
        {
          title: 'Høyere oppmøte til timer',
          type: 'quality',
          unit: '%',
          baseline: 88,
          target: 95,
          due: '2027-02-28',
          cadence: 'fri 10:00',
          message: 'Når pasientene får SMS dagen før, kommer flere til timen, og vi slipper tomme stoler.',
          owner: dental ?? me,
          history: [88, 91, 93, 94, 94.5, 95.5],
        },
        {
          title: 'Lavere porto for innkallingskort',
          type: 'cost',
          unit: 'NOK',
          baseline: 3000,
          target: 500,
          due: '2026-11-30',
          cadence: 'mon 09:00',
          message: 'Når innkallingene går på SMS, slipper vi å sende kort i posten.',
          realization: 'Portobudsjettet reduseres fra neste budsjettår.',
          owner: finance ?? me,
          history: [3000, 2600, 2200, 1900, 1600, 1500],
        },
        {
          title: 'Mindre tid på manuelle påminnelser',
          type: 'time',
          unit: 'timer',
          baseline: 10,
          target: 2,
          due: '2027-04-30',
          cadence: 'mon 09:00',
          message: 'Hvis påminnelsene går automatisk, bruker sekretærene tiden på pasientene i skranken.',
          owner: me,
          history: [10, 8, 7, 6, 5, 4.5],
        },
      ],
    },
  ];

  const lines: string[] = [];
  for (const p of plans) {
    if (await s.storage.plans.get(world.tenantId, p.id)) {
      lines.push(`${p.id}: exists already, left as it is`);
      continue;
    }
    const weeksBack = Math.max(...p.benefits.map((b) => b.history.length)) + 1;
    const createdAt = new Date(at.getTime() - weeksBack * 7 * 86_400_000).toISOString();
    const plan: Plan = {
      tenantId: world.tenantId,
      id: p.id,
      name: p.name,
      channel: { conversationId: world.channelId, botId: world.botId, teamId: world.teamId, channelId: world.channelId, serviceUrl: world.serviceUrl },
      digest: 'fri 14:00',
      timezone: 'Europe/Oslo',
      hourlyRate: 600,
      hoursPerFte: 1695,
      tolerance: 10,
      leader: p.leader,
      archived: false,
      nextBenefitNumber: p.benefits.length + 1,
      createdAt,
      createdBy: me,
    };
    await s.storage.plans.create(plan);
    const planRow = (await s.storage.plans.get(plan.tenantId, plan.id))!;
    await s.storage.plans.update({ ...planRow, nextDigestAt: await scheduleNextDigest(s, plan, at) }, planRow.etag);

    for (const [i, d] of p.benefits.entries()) {
      const n = i + 1;
      const benefit: Benefit = {
        tenantId: plan.tenantId,
        planId: plan.id,
        number: n,
        title: d.title,
        type: d.type,
        unit: d.unit,
        baseline: d.baseline,
        baselineDate: createdAt.slice(0, 10),
        target: d.target,
        due: d.due,
        direction: d.target > d.baseline ? 'up' : 'down',
        directionSet: false,
        cadence: d.cadence,
        message: d.message,
        realization: d.realization,
        owner: d.owner,
        state: 'tracking',
        createdAt,
      };
      // Past prompts, answered by the owner: each asked about the period its occurrence closed.
      const cadence = cadenceOf(d.cadence);
      const rows: PeriodRecord[] = [];
      const occurrences: string[] = [];
      for (let occ = nextOccurrence(cadence, plan.timezone, createdAt, createdAt); occ < at.toISOString(); occ = nextOccurrence(cadence, plan.timezone, occ, createdAt)) {
        occurrences.push(occ);
      }
      const past = occurrences.slice(-d.history.length);
      past.forEach((occ, k) => {
        const period = periodOf(cadence, plan.timezone, occ, createdAt);
        const next = nextOccurrence(cadence, plan.timezone, occ, createdAt);
        rows.push({
          planId: plan.id,
          benefitNumber: n,
          period: period.id,
          periodStart: period.start,
          periodEnd: period.end,
          answerDueAt: next,
          closesAt: nextOccurrence(cadence, plan.timezone, next, createdAt),
          state: 'answered',
          baseline: false,
          promptedAt: occ,
          promptedTo: d.owner.id,
          value: d.history[d.history.length - past.length + k],
          by: d.owner,
          at: new Date(Date.parse(occ) + 3 * 3_600_000).toISOString(),
          version: 1,
        });
      });
      await s.storage.benefits.create(benefit);
      if (rows.length) await s.storage.measurements.createMany(plan.tenantId, rows);
      const nextPromptAt = await scheduleNextPrompt(s, plan, benefit, at);
      await scheduleTargetCheck(s, plan, benefit);
      const row = (await s.storage.benefits.get(plan.tenantId, plan.id, n))!;
      await s.storage.benefits.update({ ...row, nextPromptAt }, row.etag);
    }
    lines.push(`${p.id}: "${p.name}" with ${p.benefits.length} benefits and their history`);
  }
  return `Demo seeded in tenant ${world.tenantId}:\n  ${lines.join('\n  ')}\nTry: @Gevinstbot digest digitalt-tilsyn (in the channel), or my (in your personal chat).`;
}
