// How a cadence is written: the canonical stored text (parseCadence reads it back), the short form
// for a spreadsheet cell, and the sentence for cards, in Norwegian and English.
import type { Cadence } from './cadence';
import type { Language } from './types';

const SHORT_EN = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const LONG_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const LONG_NB = ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'];

function hhmm(c: { hour: number; minute: number }): string {
  return `${String(c.hour).padStart(2, '0')}:${String(c.minute).padStart(2, '0')}`;
}

/**
 * The canonical English text stored in Plan.digest / Benefit.cadence; parseCadence gives the
 * same cadence back. `mon 09:00`, `every 2 weeks thu 13:30`, `monthly 1 09:00`, `daily 08:00`.
 */
export function cadenceToText(c: Cadence): string {
  switch (c.kind) {
    case 'weekly': {
      const wd = SHORT_EN[c.weekday - 1];
      return c.every === 1 ? `${wd} ${hhmm(c)}` : `every ${c.every} weeks ${wd} ${hhmm(c)}`;
    }
    case 'monthly':
      return `monthly ${c.day} ${hhmm(c)}`;
    case 'daily':
      return `daily ${hhmm(c)}`;
  }
}

const SHORT_NB = ['man', 'tir', 'ons', 'tor', 'fre', 'lør', 'søn'];

/**
 * The short form people type, in their language, for a spreadsheet cell: nb `man 09:00`,
 * `hver 2. uke tor 13:30`, `månedlig 1 09:00`, `daglig 08:00`; en the stored text (`mon 09:00`).
 * parseCadence reads both back.
 */
export function formatCadenceShort(c: Cadence, lang: Language): string {
  if (lang === 'en') return cadenceToText(c);
  switch (c.kind) {
    case 'weekly': {
      const wd = SHORT_NB[c.weekday - 1];
      return c.every === 1 ? `${wd} ${hhmm(c)}` : `hver ${c.every}. uke ${wd} ${hhmm(c)}`;
    }
    case 'monthly':
      return `månedlig ${c.day} ${hhmm(c)}`;
    case 'daily':
      return `daglig ${hhmm(c)}`;
  }
}

/**
 * Human text for cards and answers.
 * nb: `hver mandag kl. 09:00`, `annenhver torsdag kl. 13:30`, `torsdag hver 3. uke kl. 13:30`,
 *     `den 1. hver måned kl. 09:00`, `hver arbeidsdag kl. 08:00`.
 * en: `every Monday at 09:00`, `every other Thursday at 13:30`, `every 3 weeks on Thursday at 13:30`,
 *     `on day 1 of every month at 09:00`, `every working day at 08:00`.
 * Days 29–31 add a note that shorter months use their last day.
 */
export function formatCadence(c: Cadence, lang: Language): string {
  const time = hhmm(c);
  if (lang === 'nb') {
    switch (c.kind) {
      case 'weekly': {
        const wd = LONG_NB[c.weekday - 1];
        if (c.every === 1) return `hver ${wd} kl. ${time}`;
        if (c.every === 2) return `annenhver ${wd} kl. ${time}`;
        return `${wd} hver ${c.every}. uke kl. ${time}`;
      }
      case 'monthly':
        return c.day > 28
          ? `den ${c.day}. hver måned (eller siste dag i måneden) kl. ${time}`
          : `den ${c.day}. hver måned kl. ${time}`;
      case 'daily':
        return `hver arbeidsdag kl. ${time}`;
    }
  }
  switch (c.kind) {
    case 'weekly': {
      const wd = LONG_EN[c.weekday - 1];
      if (c.every === 1) return `every ${wd} at ${time}`;
      if (c.every === 2) return `every other ${wd} at ${time}`;
      return `every ${c.every} weeks on ${wd} at ${time}`;
    }
    case 'monthly':
      return c.day > 28
        ? `on day ${c.day} of every month (or its last day) at ${time}`
        : `on day ${c.day} of every month at ${time}`;
    case 'daily':
      return `every working day at ${time}`;
  }
}
