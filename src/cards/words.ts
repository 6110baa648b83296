// The words a person reads for the bot's values, in cards and in replies alike: status (icon and
// word, never colour alone), type, direction, cadence, instants and dates in the plan's zone, periods
// as people say them, people, amounts, and mentions.
import { parseCadence } from '../domain/cadence';
import { cadenceToText, formatCadence } from '../domain/cadenceText';
import { formatDate, formatInstant, isValidTimeZone } from '../domain/dates';
import { formatHours, formatMoney, formatNumber, formatValue } from '../domain/numbers';
import { unitForCount } from '../domain/units';
import type { Portfolio } from '../domain/portfolio';
import type { AuditEntry, Benefit, BenefitState, BenefitType, Confirmation, Direction, Language, Person, Status } from '../domain/types';
import { t } from '../i18n';

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

/** A period id as people say it: «uke 49 2026» / «week 49 2026», «november 2026», «mandag 7. desember». */
export function periodLabel(period: string, lang: Language): string {
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (week) return t(lang, 'prompt.week', { week: Number(week[2]), year: week[1] });
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return t(lang, `month.${Number(month[2])}`) + ` ${month[1]}`;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (day) {
    const weekday = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))).getUTCDay() || 7;
    return t(lang, 'prompt.day', { weekday: t(lang, `weekday.${weekday}`), day: Number(day[3]), month: t(lang, `month.${Number(day[2])}`) });
  }
  return formatDate(period, lang);
}

/** Realised to date as people read it: NOK for cost, hours and NOK for time, the unit for quality. */
export function confirmedAmount(
  benefit: Pick<Benefit, 'type' | 'unit'>,
  c: Pick<Confirmation, 'realisedValue' | 'realisedNok' | 'realisedHours'>,
  lang: Language,
): string {
  switch (benefit.type) {
    case 'cost':
      return formatMoney(c.realisedNok ?? c.realisedValue, lang);
    case 'time':
      return `${formatHours(c.realisedHours ?? c.realisedValue, lang)} (${formatMoney(c.realisedNok ?? 0, lang)})`;
    default:
      return formatValue(c.realisedValue, benefit.unit, lang);
  }
}

/** A Teams mention in text (`<at>Kari Nordmann</at>`) and the entity that makes it one. */
export interface Mention {
  text: string;
  id: string;
  name: string;
}
export const mentionText = (p: Person): string => `<at>${p.name}</at>`;
export const mentionOf = (p: Person): Mention => ({ text: mentionText(p), id: p.id, name: p.name });

/** "Realisert i år, alle planer: 1 234 567 kr (3 planer)". */
export function portfolioText(lang: Language, p: Portfolio): string {
  return t(lang, p.plans === 1 ? 'portfolio.line.one' : 'portfolio.line.other', { amount: formatMoney(p.nok, lang), count: p.plans });
}

/** ` · ✔ bekreftet` after a benefit's status in a list, when a leader has confirmed it. */
export const confirmedMark = (lang: Language, b: { confirmedAt?: string }): string => (b.confirmedAt ? ` · ${t(lang, 'cmd.confirmed.mark')}` : '');

/**
 * A change of a count in words: `4 færre fall`, `2 flere besøk`, `5 prosentpoeng høyere`
 * (en `4 fewer falls`, `5 percentage points higher`), for quality benefits, where `−4 fall` reads
 * as a loss when fewer falls is the gain.
 */
export function changeInWords(delta: number, unit: string, lang: Language): string {
  const amount = formatNumber(Math.abs(delta), lang);
  const higher = delta > 0;
  if (unit.trim() === '%') return t(lang, higher ? 'change.points.higher' : 'change.points.lower', { n: amount });
  return t(lang, higher ? 'change.more' : 'change.fewer', { n: amount, unit: unitForCount(unit.trim(), amount === '1') });
}
