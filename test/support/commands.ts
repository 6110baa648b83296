// Shared helpers of the command tests (commands.*.test.ts): send a command as Teams would and
// collect exactly the replies it produced, read cards as text, and look at what was stored.
import assert from 'node:assert/strict';
import { validateCard } from '../../src/cards/validate';
import { CHANNEL_ID, TENANT_ID, personalConversationId, type AttachedFile, type Person } from './activities';
import type { Harness } from './harness';

export interface Reply {
  texts: string[];
  cards: Record<string, unknown>[];
  /** Every reply's text and card text, one string: for "the user sees X". */
  all: string;
}

async function collect(h: Harness, conversationId: string, send: () => Promise<number>): Promise<Reply> {
  const before = h.connector.sentActivities().length;
  assert.equal(await send(), 200);
  const delivered = h.connector
    .sentActivities()
    .slice(before)
    .filter((d) => d.conversationId === conversationId || d.conversationId.startsWith(`${conversationId};`));
  const texts = delivered.map((d) => d.activity.text).filter((t): t is string => typeof t === 'string' && t !== '');
  const cards = delivered.flatMap((d) =>
    (d.activity.attachments ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content as Record<string, unknown>),
  );
  for (const c of cards) {
    const check = validateCard(c);
    assert.ok(check.ok, `card is valid: ${check.problems.join('; ')}`);
  }
  return { texts, cards, all: [...texts, ...cards.map(cardText)].join('\n') };
}

/** A channel post that @mentions the bot (mentions of people with `{{mention:i}}` placeholders). */
export function inChannel(h: Harness, from: Person, text: string, mentions: Person[] = [], locale?: string): Promise<Reply> {
  return collect(h, CHANNEL_ID, () => h.sayInChannel(from, text, mentions, locale));
}

/** A message in the person's personal chat with the bot. */
export function inChat(h: Harness, from: Person, text: string, locale?: string): Promise<Reply> {
  return collect(h, personalConversationId(from), () => h.say(from, text, locale));
}

/** Every string a card shows (text blocks, fact titles and values), one per line. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      if (typeof o.title === 'string' && typeof o.value === 'string') out.push(`${o.title}: ${o.value}`);
      for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v);
    }
  };
  walk(card);
  return out.join('\n');
}

/** The facts of a card as a map title → value (the first FactSet that has the title wins). */
export function cardFacts(card: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'FactSet' && Array.isArray(o.facts)) {
        for (const f of o.facts as { title: string; value: string }[]) if (!out.has(f.title)) out.set(f.title, f.value);
      }
      for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v);
    }
  };
  walk(card);
  return out;
}

/** The no-break spaces of formatted numbers, as plain spaces (easier to write in assertions). */
export const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

export const plansOf = (h: Harness) => h.services.storage.plans.list(TENANT_ID);
export const benefitsOf = (h: Harness, planId: string) => h.services.storage.benefits.list(TENANT_ID, planId);
export const auditOf = (h: Harness, planId: string) => h.services.storage.audit.list(TENANT_ID, planId);

/** A person the fake Teams does not know (a mention of someone outside the team). */
export const stranger: Person = {
  id: '29:stranger',
  name: 'Sven Fremmed',
  aadObjectId: '6f1c2a3b-0000-4000-8000-000000009999',
  email: 'sven.fremmed@example.no',
  userPrincipalName: 'sven.fremmed@example.no',
  givenName: 'Sven',
  surname: 'Fremmed',
};

/** A complete, valid `benefit add` (owner by UPN so it works in a personal chat too); `extra` overrides. */
export function addCommand(plan: string, title: string, extra: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    type: 'time',
    unit: 'timer',
    baseline: '120',
    target: '60',
    due: '30.06.2027',
    owner: 'kari.nordmann@example.no',
    ...extra,
  };
  const pairs = Object.entries(fields)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => (/[\s"]/.test(v) && !v.startsWith('{{') ? `${k}="${v}"` : `${k}=${v}`));
  return `benefit add ${plan} "${title}" ${pairs.join(' ')}`;
}

/** A personal message with files attached (as Teams delivers a file sent to a bot). */
export function inChatWithFiles(h: Harness, from: Person, text: string, files: AttachedFile[], locale?: string): Promise<Reply> {
  return collect(h, personalConversationId(from), () => h.sayWithFiles(from, text, files, locale));
}
