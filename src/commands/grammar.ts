// The command table of the chat command grammar (COMMANDS.md): keywords, their Norwegian
// aliases, the keys each command accepts, and every command's usage and description.
// Pure data, no I/O. The help card and the Teams manifest's commandLists are generated
// from COMMAND_USAGES; the parser (parse.ts) reads the rest.
import type { HelpAudience } from '../cards/help';
import { BENEFIT_FIELDS, BENEFIT_REQUIRED_FIELDS, PLAN_FIELDS } from '../domain/fields';

/** The English top-level keywords of the contract, in help order. */
export const TOP_LEVEL_KEYWORDS = [
  'help',
  'plan',
  'benefit',
  'admin',
  'digest',
  'report',
  'import',
  'confirm',
  'my',
  'measure',
  'away',
  'back',
  'language',
] as const;
export type TopLevelKeyword = (typeof TOP_LEVEL_KEYWORDS)[number];

/** Top-level aliases (lower-case) → canonical keyword. The keywords map to themselves. */
export const TOP_LEVEL_ALIASES: Readonly<Record<string, TopLevelKeyword>> = Object.freeze({
  help: 'help',
  hjelp: 'help',
  '?': 'help',
  plan: 'plan',
  benefit: 'benefit',
  gevinst: 'benefit',
  nytte: 'benefit',
  admin: 'admin',
  digest: 'digest',
  oppsummering: 'digest',
  report: 'report',
  rapport: 'report',
  import: 'import',
  importer: 'import',
  importere: 'import',
  confirm: 'confirm',
  bekreft: 'confirm',
  my: 'my',
  mine: 'my',
  measure: 'measure',
  'måling': 'measure',
  maling: 'measure',
  away: 'away',
  borte: 'away',
  back: 'back',
  tilbake: 'back',
  language: 'language',
  'språk': 'language',
  sprak: 'language',
});

/** Every command the parser can produce. */
export const COMMAND_NAMES = [
  'help',
  'plan.new',
  'plan.list',
  'plan.show',
  'plan.set',
  'plan.archive',
  'benefit.add',
  'benefit.set',
  'benefit.show',
  'benefit.list',
  'benefit.archive',
  'admin.add',
  'admin.remove',
  'admin.list',
  'digest',
  'report',
  'import',
  'confirm',
  'my',
  'measure',
  'away',
  'back',
  'language',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Top-level keywords that take a subcommand. */
export type CommandGroup = 'plan' | 'benefit' | 'admin';
export const COMMAND_GROUPS: readonly CommandGroup[] = ['plan', 'benefit', 'admin'];

/** Subcommand words (lower-case, incl. Norwegian aliases) per group → command. */
export const SUBCOMMAND_ALIASES: Readonly<Record<CommandGroup, Readonly<Record<string, CommandName>>>> = Object.freeze({
  plan: Object.freeze({
    new: 'plan.new',
    ny: 'plan.new',
    list: 'plan.list',
    liste: 'plan.list',
    show: 'plan.show',
    vis: 'plan.show',
    set: 'plan.set',
    endre: 'plan.set',
    archive: 'plan.archive',
    arkiver: 'plan.archive',
  }),
  benefit: Object.freeze({
    add: 'benefit.add',
    new: 'benefit.add',
    ny: 'benefit.add',
    'legg-til': 'benefit.add',
    set: 'benefit.set',
    endre: 'benefit.set',
    show: 'benefit.show',
    vis: 'benefit.show',
    list: 'benefit.list',
    liste: 'benefit.list',
    archive: 'benefit.archive',
    arkiver: 'benefit.archive',
  }),
  admin: Object.freeze({
    add: 'admin.add',
    ny: 'admin.add',
    'legg-til': 'admin.add',
    remove: 'admin.remove',
    fjern: 'admin.remove',
    list: 'admin.list',
    liste: 'admin.list',
  }),
});

/** Words accepted between `away` and its date (`away until <date>`, `borte til <date>`). */
export const AWAY_UNTIL_WORDS: readonly string[] = ['until', 'til', 'to'];

// ---------------------------------------------------------------------------------------
// Keys

export const PLAN_KEYS = PLAN_FIELDS;
export type PlanKey = (typeof PLAN_KEYS)[number];

export const BENEFIT_KEYS = BENEFIT_FIELDS;
export type BenefitKey = (typeof BENEFIT_KEYS)[number];

/** Keys `benefit add` requires (reported all at once when missing). */
export const BENEFIT_ADD_REQUIRED_KEYS = BENEFIT_REQUIRED_FIELDS;
export type RequiredBenefitKey = (typeof BENEFIT_ADD_REQUIRED_KEYS)[number];

export type CanonicalKey = PlanKey | BenefitKey;

/** Keys whose value must be a person (@mention or UPN). */
export const PERSON_KEYS = ['owner', 'deputy', 'leader'] as const;
export type PersonKey = (typeof PERSON_KEYS)[number];

/**
 * Key spellings → canonical key. Spellings are normalised before lookup: NFC, lower-case,
 * `-` and `_` removed (so `hourly-rate`, `HOURLYRATE` and `timer_per_årsverk` all work).
 */
export const KEY_ALIASES: Readonly<Record<string, CanonicalKey>> = Object.freeze({
  // plan
  name: 'name',
  navn: 'name',
  digest: 'digest',
  oppsummering: 'digest',
  timezone: 'timezone',
  tidssone: 'timezone',
  language: 'language',
  'språk': 'language',
  sprak: 'language',
  hourlyrate: 'hourlyRate',
  timepris: 'hourlyRate',
  hoursperfte: 'hoursPerFte',
  timerperarsverk: 'hoursPerFte',
  'timerperårsverk': 'hoursPerFte',
  tolerance: 'tolerance',
  toleranse: 'tolerance',
  leader: 'leader',
  leder: 'leader',
  // benefit
  title: 'title',
  tittel: 'title',
  type: 'type',
  unit: 'unit',
  enhet: 'unit',
  baseline: 'baseline',
  nullpunkt: 'baseline',
  target: 'target',
  'mål': 'target',
  mal: 'target',
  malverdi: 'target',
  'målverdi': 'target',
  due: 'due',
  frist: 'due',
  maldato: 'due',
  'måldato': 'due',
  owner: 'owner',
  eier: 'owner',
  gevinsteier: 'owner',
  cadence: 'cadence',
  frekvens: 'cadence',
  malefrekvens: 'cadence',
  'målefrekvens': 'cadence',
  direction: 'direction',
  retning: 'direction',
  message: 'message',
  budskap: 'message',
  gevinstbudskap: 'message',
  realization: 'realization',
  realisation: 'realization',
  uttak: 'realization',
  gevinstuttak: 'realization',
  deputy: 'deputy',
  stedfortreder: 'deputy',
  start: 'start',
  startdato: 'start',
});

/** The keys each command with key=value pairs accepts (`title` in `benefit add` is an alternative to the quoted title). */
export const COMMAND_KEYS: Readonly<Partial<Record<CommandName, readonly CanonicalKey[]>>> = Object.freeze({
  'plan.set': PLAN_KEYS,
  'benefit.add': BENEFIT_KEYS,
  'benefit.set': BENEFIT_KEYS,
});

// ---------------------------------------------------------------------------------------
// Usages

export type Audience = HelpAudience;

export interface CommandUsage {
  command: CommandName;
  /** Top-level keyword the command belongs to (the `help <command>` topic). */
  keyword: TopLevelKeyword;
  /** The words a user types, e.g. `plan set`; ≤ 32 characters (manifest command title). */
  title: string;
  /** The full syntax in English contract form, shown verbatim (never translated). */
  usage: string;
  /** One line per language; each ≤ 128 characters (manifest command description). */
  description: { en: string; nb: string };
  audience: Audience;
}

export const HELP_USAGE = 'help [command]';

export const COMMAND_USAGES: readonly CommandUsage[] = Object.freeze([
  {
    command: 'help',
    keyword: 'help',
    title: 'help',
    usage: HELP_USAGE,
    description: {
      en: 'Show the command reference, or the help for one command.',
      nb: 'Vis kommandooversikten, eller hjelp for én kommando.',
    },
    audience: 'everyone',
  },
  {
    command: 'plan.new',
    keyword: 'plan',
    title: 'plan new',
    usage: 'plan new <name>',
    description: {
      en: 'Create a benefits realisation plan bound to this channel.',
      nb: 'Opprett en gevinstrealiseringsplan knyttet til denne kanalen.',
    },
    audience: 'admin',
  },
  {
    command: 'plan.list',
    keyword: 'plan',
    title: 'plan list',
    usage: 'plan list',
    description: {
      en: 'List the plans with id, channel, number of benefits and status.',
      nb: 'List planene med id, kanal, antall gevinster og status.',
    },
    audience: 'admin',
  },
  {
    command: 'plan.show',
    keyword: 'plan',
    title: 'plan show',
    usage: 'plan show <plan>',
    description: {
      en: "Show a plan's settings and benefits.",
      nb: 'Vis innstillingene og gevinstene i en plan.',
    },
    audience: 'admin',
  },
  {
    command: 'plan.set',
    keyword: 'plan',
    title: 'plan set',
    usage: `plan set <plan> key=value… (keys: ${PLAN_KEYS.join(', ')})`,
    description: {
      en: 'Change plan settings: name, digest, timezone, language, hourly rate, hours per FTE, tolerance, leader.',
      nb: 'Endre planens innstillinger: navn, oppsummering, tidssone, språk, timepris, timer per årsverk, toleranse, leder.',
    },
    audience: 'admin',
  },
  {
    command: 'plan.archive',
    keyword: 'plan',
    title: 'plan archive',
    usage: 'plan archive <plan>',
    description: {
      en: 'Archive a plan: stops prompts and digests, keeps all data; report links shared so far stop working.',
      nb: 'Arkiver en plan: stopper påminnelser og oppsummeringer, beholder alle data; delte rapportlenker slutter å virke.',
    },
    audience: 'admin',
  },
  {
    command: 'benefit.add',
    keyword: 'benefit',
    title: 'benefit add',
    usage:
      'benefit add <plan> "<title>" type=cost|time|quality unit=… baseline=… target=… due=<date> owner=@mention' +
      ' [cadence="mon 09:00"] [direction=up|down] [message="…"] [realization="…"] [deputy=@mention] [start=<date>]',
    description: {
      en: 'Add a benefit with type, unit, baseline, target, target date and owner; benefit add <plan> alone opens a form.',
      nb: 'Legg til en gevinst med type, enhet, nullpunkt, målverdi, måldato og eier; bare benefit add <plan> gir et skjema.',
    },
    audience: 'admin',
  },
  {
    command: 'benefit.set',
    keyword: 'benefit',
    title: 'benefit set',
    usage: `benefit set <plan>/<n> key=value… (keys: ${BENEFIT_KEYS.join(', ')})`,
    description: {
      en: 'Change fields of a benefit; a new owner gets the next prompt. Without keys: a form, filled in.',
      nb: 'Endre feltene i en gevinst; en ny eier får neste påminnelse. Uten nøkler: et utfylt skjema.',
    },
    audience: 'admin',
  },
  {
    command: 'benefit.show',
    keyword: 'benefit',
    title: 'benefit show',
    usage: 'benefit show <plan>/<n>',
    description: {
      en: 'Show a benefit, its latest values, status and history.',
      nb: 'Vis en gevinst med siste verdier, status og historikk.',
    },
    audience: 'admin',
  },
  {
    command: 'benefit.list',
    keyword: 'benefit',
    title: 'benefit list',
    usage: 'benefit list <plan>',
    description: {
      en: "List a plan's benefits with owner, latest value and status.",
      nb: 'List gevinstene i en plan med eier, siste verdi og status.',
    },
    audience: 'admin',
  },
  {
    command: 'benefit.archive',
    keyword: 'benefit',
    title: 'benefit archive',
    usage: 'benefit archive <plan>/<n>',
    description: {
      en: 'Archive a benefit: stops its prompts, keeps its history.',
      nb: 'Arkiver en gevinst: stopper påminnelsene, beholder historikken.',
    },
    audience: 'admin',
  },
  {
    command: 'admin.add',
    keyword: 'admin',
    title: 'admin add',
    usage: 'admin add @mention',
    description: {
      en: 'Make a person an admin.',
      nb: 'Gjør en person til administrator.',
    },
    audience: 'admin',
  },
  {
    command: 'admin.remove',
    keyword: 'admin',
    title: 'admin remove',
    usage: 'admin remove @mention',
    description: {
      en: "Remove a person's admin role.",
      nb: 'Fjern administratorrollen fra en person.',
    },
    audience: 'admin',
  },
  {
    command: 'admin.list',
    keyword: 'admin',
    title: 'admin list',
    usage: 'admin list',
    description: {
      en: 'List the admins.',
      nb: 'List administratorene.',
    },
    audience: 'admin',
  },
  {
    command: 'digest',
    keyword: 'digest',
    title: 'digest',
    usage: 'digest <plan>',
    description: {
      en: "Post the plan's digest to its channel now.",
      nb: 'Post oppsummeringen for planen i kanalen nå.',
    },
    audience: 'admin',
  },
  {
    command: 'report',
    keyword: 'report',
    title: 'report',
    usage: 'report <plan>',
    description: {
      en: "Links to the plan's dashboard, confirmation document (PDF), Excel report and CSV (the links expire).",
      nb: 'Lenker til oversikten, bekreftelsesdokumentet (PDF), Excel-rapporten og CSV-filen for planen (lenkene utløper).',
    },
    audience: 'admin',
  },
  {
    command: 'import',
    keyword: 'import',
    title: 'import',
    usage: 'import <plan>',
    description: {
      en: 'In the personal chat: import a benefit register (.xlsx) into a plan, with a preview before anything is saved.',
      nb: 'I den personlige chatten: importer et gevinstregister (.xlsx) til en plan, med forhåndsvisning før noe lagres.',
    },
    audience: 'admin',
  },
  {
    command: 'confirm',
    keyword: 'confirm',
    title: 'confirm',
    usage: 'confirm <plan>/<n> [comment]',
    description: {
      en: 'Confirm the benefit realised to date (plan leader or admin).',
      nb: 'Bekreft realisert gevinst hittil (planleder eller administrator).',
    },
    audience: 'admin',
  },
  {
    command: 'my',
    keyword: 'my',
    title: 'my',
    usage: 'my',
    description: {
      en: 'Show the benefits I own or deputise for, open prompts and latest values.',
      nb: 'Vis gevinstene jeg eier eller er stedfortreder for, åpne påminnelser og siste verdier.',
    },
    audience: 'owner',
  },
  {
    command: 'measure',
    keyword: 'measure',
    title: 'measure',
    usage: 'measure <plan>/<n> <value> [comment]',
    description: {
      en: 'Record a value for the current period.',
      nb: 'Registrer en verdi for inneværende periode.',
    },
    audience: 'owner',
  },
  {
    command: 'away',
    keyword: 'away',
    title: 'away until',
    usage: 'away until <date>',
    description: {
      en: 'While I am away, my prompts go to the deputy (or the periods are marked owner away).',
      nb: 'Mens jeg er borte, går påminnelsene til stedfortreder (ellers markeres periodene som eier borte).',
    },
    audience: 'owner',
  },
  {
    command: 'back',
    keyword: 'back',
    title: 'back',
    usage: 'back',
    description: {
      en: 'End my absence: my prompts come to me again.',
      nb: 'Avslutt fraværet: påminnelsene kommer til meg igjen.',
    },
    audience: 'owner',
  },
  {
    command: 'language',
    keyword: 'language',
    title: 'language',
    usage: 'language nb|en',
    description: {
      en: 'Choose the language of your personal chat with the bot: nb (Norwegian) or en (English).',
      nb: 'Velg språket i din personlige chat med boten: nb (norsk) eller en (engelsk).',
    },
    audience: 'everyone',
  },
] satisfies CommandUsage[]);

const USAGE_BY_COMMAND: ReadonlyMap<CommandName, CommandUsage> = new Map(COMMAND_USAGES.map((u) => [u.command, u]));

/** The usage string of one command. */
export function usageOf(command: CommandName): string {
  return USAGE_BY_COMMAND.get(command)?.usage ?? HELP_USAGE;
}

/** The usages of all commands under one top-level keyword, one per line. */
export function usageOfKeyword(keyword: TopLevelKeyword): string {
  return COMMAND_USAGES.filter((u) => u.keyword === keyword)
    .map((u) => u.usage)
    .join('\n');
}

/** The top-level keyword a command belongs to. */
export function keywordOf(command: CommandName): TopLevelKeyword {
  return USAGE_BY_COMMAND.get(command)?.keyword ?? 'help';
}
