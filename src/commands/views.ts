// Words and card pieces shared by the plan, benefit and admin commands: status words (never colour
// alone), type and direction words, and fitting list cards under Teams' size limit.
import { cadenceToText, formatCadence, parseCadence } from '../domain/cadence';
import { formatDate, formatInstant, isValidTimeZone } from '../domain/dates';
import type { BenefitState, BenefitType, Direction, Language, Person, Status } from '../domain/types';
import { renderCard, cardBytes, MAX_CARD_BYTES } from '../cards/build';
import { t } from '../i18n';
import type { AuditEntry } from '../domain/types';

const STATUS_ICON: Record<Status, string> = { achieved: '✅', onTrack: '🟢', atRisk: '🟡', offTrack: '🔴', noData: '⚪' };
const STATE_ICON: Partial<Record<BenefitState, string>> = { planned: '⏳', missed: '❌', archived: '🗄️' };

/** The status a person reads: icon and word. Lifecycle states that say more than the status win. */
export function statusText(lang: Language, state: BenefitState, status: Status): string {
  const icon = STATE_ICON[state];
  if (icon) return `${icon} ${t(lang, `cmd.state.${state}`)}`;
  const s: Status = state === 'achieved' ? 'achieved' : status;
  return `${STATUS_ICON[s]} ${t(lang, `cmd.status.${s}`)}`;
}

export const typeText = (lang: Language, type: BenefitType): string => t(lang, `cmd.type.${type}`);

export function directionText(lang: Language, direction: Direction, set: boolean, baselineKnown: boolean): string {
  if (!set && !baselineKnown) return t(lang, 'cmd.direction.later');
  return `${t(lang, `cmd.direction.${direction}`)}${set ? '' : ` · ${t(lang, 'cmd.direction.inferred')}`}`;
}

/** A stored cadence in words ("hver mandag kl. 09:00"); the raw text if it ever fails to parse. */
export function cadenceText(lang: Language, stored: string): string {
  const r = parseCadence(stored);
  return r.ok ? formatCadence(r.cadence, lang) : stored;
}

export function canonicalCadence(stored: string): string {
  const r = parseCadence(stored);
  return r.ok ? cadenceToText(r.cadence) : stored;
}

export function instantText(lang: Language, iso: string | undefined, tz: string): string {
  if (!iso) return '–';
  try {
    return formatInstant(iso, isValidTimeZone(tz) ? tz : 'Europe/Oslo', lang);
  } catch {
    return iso;
  }
}

export function dateText(lang: Language, iso: string | undefined): string {
  if (!iso) return '–';
  try {
    return formatDate(iso, lang);
  } catch {
    return iso;
  }
}

export const personText = (p: Person | undefined): string => (p ? p.name || p.id : '–');

/** "Last changed by Kari Nordmann 30.11.2026 kl. 08:00", or nothing when there is no trail. */
export function lastChangedText(lang: Language, entry: AuditEntry | undefined, tz: string): string {
  if (!entry) return '';
  return t(lang, 'cmd.lastChanged', { who: personText(entry.by), when: instantText(lang, entry.at, tz) });
}

/** Cards never show an empty fact value (the SDK refuses it, and an empty cell reads as a bug). */
export interface Fact {
  title: string;
  value: string;
}
export const fact = (title: string, value: string | undefined): Fact => ({ title, value: value && value.trim() !== '' ? value : '–' });

/**
 * Renders a card with a list, dropping rows from the end until it fits Teams' size limit, and
 * saying how many were left out (`more`). Lists are of plans and benefits: tens, rarely more.
 */
export function fitListCard<R>(
  name: string,
  data: Record<string, unknown>,
  rowsKey: string,
  rows: readonly R[],
  more: (shown: number, total: number) => string,
): object {
  let shown = rows.length;
  for (;;) {
    const card = renderCard(name, { ...data, [rowsKey]: rows.slice(0, shown), more: shown < rows.length ? more(shown, rows.length) : '' });
    // Leave room for the activity envelope around the card.
    if (cardBytes(card) <= MAX_CARD_BYTES - 1024 || shown === 0) return card;
    shown = shown > 40 ? Math.floor(shown * 0.75) : shown - 1;
  }
}
