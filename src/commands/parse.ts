// The pure parser for chat commands (COMMANDS.md). Input: the activity text and its mention
// entities; output: a typed Command or a ParseError that says what was wrong and carries the
// right form of the command. No I/O, never throws. Values stay strings (the handlers validate
// numbers, dates, cadences and time zones) except persons.

import {
  AWAY_UNTIL_WORDS,
  BENEFIT_ADD_REQUIRED_KEYS,
  COMMAND_KEYS,
  HELP_USAGE,
  KEY_ALIASES,
  PERSON_KEYS,
  SUBCOMMAND_ALIASES,
  TOP_LEVEL_ALIASES,
  TOP_LEVEL_KEYWORDS,
  keywordOf,
  usageOf,
  usageOfKeyword,
  type BenefitKey,
  type CanonicalKey,
  type CommandGroup,
  type CommandName,
  type PersonKey,
  type PlanKey,
  type RequiredBenefitKey,
  type TopLevelKeyword,
} from './grammar';

// ---------------------------------------------------------------------------------------
// Public types

/** A mention entity of the activity (`entities[type=mention]`), flattened. */
export interface MentionInput {
  /** `mentioned.id`: the Teams user id (or the bot's id for the bot's own mention). */
  id: string;
  /** `mentioned.name` */
  name: string;
  /** The entity text, e.g. `<at>Ola Nordmann</at>`. */
  text: string;
}

export interface ParseInput {
  text: string;
  mentions: readonly MentionInput[];
  botId: string;
}

export interface TextValue {
  kind: 'text';
  text: string;
}
export interface MentionValue {
  kind: 'mention';
  id: string;
  name: string;
}
export interface UpnValue {
  kind: 'upn';
  upn: string;
}
export type PersonValue = MentionValue | UpnValue;
/** `deputy=none` (also `ingen`, `-`): removes the deputy. Only the deputy is optional. */
export interface NoneValue {
  kind: 'none';
}
export type Value = TextValue | PersonValue | NoneValue;

/** Person keys carry a PersonValue (the deputy may also be none), every other key a TextValue. */
export type FieldValue<K extends CanonicalKey> = K extends 'deputy' ? PersonValue | NoneValue : K extends PersonKey ? PersonValue : TextValue;
export type PlanFields = { [K in PlanKey]?: FieldValue<K> };
export type BenefitFields = { [K in BenefitKey]?: FieldValue<K> };
/** `benefit add`: the required keys are present; the title is the command's `title`. */
export type BenefitAddFields = { [K in Exclude<BenefitKey, 'title' | RequiredBenefitKey>]?: FieldValue<K> } & {
  [K in RequiredBenefitKey]: FieldValue<K>;
};

/** `<plan>/<n>`: plan matches PLAN_ID_PATTERN, number is 1–9999. */
export interface BenefitRef {
  plan: string;
  number: number;
}

export type Command =
  | { name: 'help'; topic?: TopLevelKeyword; command?: CommandName }
  | { name: 'plan.new'; planName: string }
  | { name: 'plan.list' }
  | { name: 'plan.show'; plan: string }
  | { name: 'plan.set'; plan: string; fields: PlanFields }
  | { name: 'plan.archive'; plan: string }
  | { name: 'benefit.add'; plan: string; title: string; fields: BenefitAddFields }
  | { name: 'benefit.set'; benefit: BenefitRef; fields: BenefitFields }
  | { name: 'benefit.show'; benefit: BenefitRef }
  | { name: 'benefit.list'; plan: string }
  | { name: 'benefit.archive'; benefit: BenefitRef }
  | { name: 'admin.add'; person: PersonValue }
  | { name: 'admin.remove'; person: PersonValue }
  | { name: 'admin.list' }
  | { name: 'digest'; plan: string }
  | { name: 'report'; plan: string }
  | { name: 'confirm'; benefit: BenefitRef; comment?: string }
  | { name: 'my' }
  | { name: 'measure'; benefit: BenefitRef; value: string; comment?: string }
  | { name: 'away'; until: string }
  | { name: 'back' };

export type CommandOf<N extends CommandName> = Extract<Command, { name: N }>;

export type MissingArg = 'plan' | 'benefit' | 'title' | 'name' | 'person' | 'value' | 'date' | 'key' | 'command';

interface ErrorBase {
  /** The right form of the command (English contract syntax, shown verbatim; may hold several lines). */
  usage: string;
  /** The command the error is about, when it could be told. */
  command?: CommandName;
}

export type ParseError = ErrorBase &
  (
    | { code: 'tooLong'; length: number; max: number }
    | { code: 'unclosedQuote'; quote: string }
    | { code: 'unknownMention'; mention: string }
    | { code: 'unknownCommand'; word: string; suggestion?: string }
    | { code: 'missingArgument'; arg: MissingArg }
    | { code: 'badPlanId'; plan: string }
    | { code: 'badBenefitRef'; ref: string }
    | { code: 'unknownKey'; key: string; suggestion?: CanonicalKey }
    | { code: 'duplicateKey'; key: CanonicalKey }
    | { code: 'expectedPerson'; key?: PersonKey; value: string }
    | { code: 'unexpectedArgument'; word: string; afterKey?: CanonicalKey }
    | { code: 'missingKeys'; keys: RequiredBenefitKey[] }
    | { code: 'internal' }
  );
export type ParseErrorCode = ParseError['code'];

export const PARSE_ERROR_CODES: readonly ParseErrorCode[] = [
  'tooLong',
  'unclosedQuote',
  'unknownMention',
  'unknownCommand',
  'missingArgument',
  'badPlanId',
  'badBenefitRef',
  'unknownKey',
  'duplicateKey',
  'expectedPerson',
  'unexpectedArgument',
  'missingKeys',
  'internal',
];

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };

export const MAX_TEXT_LENGTH = 4000;
/** A plan id: safe as an Azure Table key. */
export const PLAN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,59}$/;
/** A benefit ref `<plan>/<n>` (lower-case). */
export const BENEFIT_REF_PATTERN = /^[a-z0-9][a-z0-9-]{0,59}\/[1-9][0-9]{0,3}$/;

// ---------------------------------------------------------------------------------------
// Entry point

export function parseCommand(input: ParseInput): ParseResult {
  try {
    return parseUnchecked(input);
  } catch {
    return { ok: false, error: { code: 'internal', usage: HELP_USAGE } };
  }
}

function parseUnchecked(input: ParseInput): ParseResult {
  const text = typeof input?.text === 'string' ? input.text : '';
  if (text.length > MAX_TEXT_LENGTH) {
    return fail({ code: 'tooLong', length: text.length, max: MAX_TEXT_LENGTH, usage: HELP_USAGE });
  }
  const mentions = Array.isArray(input?.mentions) ? input.mentions.slice(0, 200).filter(isMentionInput) : [];
  const botId = typeof input?.botId === 'string' ? input.botId : '';

  const { units, unknownMention } = toUnits(text, mentions, botId);
  const lexed = tokenize(units);
  if (unknownMention !== undefined || lexed.unclosedQuote !== undefined) {
    const context = contextOf(lexed.tokens);
    if (unknownMention !== undefined) return fail({ code: 'unknownMention', mention: unknownMention, ...context });
    return fail({ code: 'unclosedQuote', quote: lexed.unclosedQuote ?? '"', ...context });
  }
  return parseTokens(lexed.tokens);
}

function isMentionInput(m: unknown): m is MentionInput {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  return typeof r.id === 'string' && (typeof r.text === 'string' || typeof r.name === 'string');
}

function fail(error: ParseError): ParseResult {
  return { ok: false, error };
}

// ---------------------------------------------------------------------------------------
// Text → units: code points, person mentions, and separators where the bot mention was.

interface Mention {
  id: string;
  name: string;
}
/** A code point (string), a person mention, or `null` for a removed bot mention (a separator). */
type Unit = string | Mention | null;

const AT_TAG = /<at(?:\s[^<>]*)?>([\s\S]*?)<\/at\s*>/gi;
const AT_WRAPPER = /^\s*<at(?:\s[^<>]*)?>([\s\S]*?)<\/at\s*>\s*$/i;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  nbsp: '\u00a0',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ldquo: '\u201c',
  rdquo: '\u201d',
  bdquo: '\u201e',
  laquo: '\u00ab',
  raquo: '\u00bb',
};
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,6}));/g;

/** Decodes the HTML entities Teams puts in `text` (one pass: `&amp;lt;` → `&lt;`). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, named: string | undefined) => {
    if (named !== undefined) return NAMED_ENTITIES[named.toLowerCase()] ?? whole;
    const cp = dec !== undefined ? parseInt(dec, 10) : parseInt(hex ?? '', 16);
    if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return whole;
    return String.fromCodePoint(cp);
  });
}

/** Mention texts compare after decoding, with whitespace collapsed and case folded. */
function mentionKey(inner: string): string {
  return decodeEntities(inner).normalize('NFC').replace(/[\s\u200b]+/g, ' ').trim().toLowerCase();
}

function displayName(inner: string): string {
  return decodeEntities(inner).normalize('NFC').replace(/[\s\u200b]+/g, ' ').trim();
}

function toUnits(text: string, mentions: readonly MentionInput[], botId: string): { units: Unit[]; unknownMention?: string } {
  const entities = mentions.map((m) => {
    const raw = typeof m.text === 'string' && m.text !== '' ? m.text : `<at>${String(m.name ?? '')}</at>`;
    const inner = AT_WRAPPER.exec(raw)?.[1] ?? raw;
    const name = typeof m.name === 'string' && m.name.trim() !== '' ? displayName(m.name) : displayName(inner);
    return { key: mentionKey(inner), id: m.id, name, isBot: botId !== '' && m.id === botId, used: false };
  });
  const units: Unit[] = [];
  let unknownMention: string | undefined;
  const pushText = (s: string): void => {
    for (const cp of decodeEntities(s.replace(/\r\n?/g, '\n')).normalize('NFC')) units.push(cp);
  };
  let last = 0;
  AT_TAG.lastIndex = 0;
  for (let m = AT_TAG.exec(text); m !== null; m = AT_TAG.exec(text)) {
    pushText(text.slice(last, m.index));
    last = m.index + m[0].length;
    const key = mentionKey(m[1] ?? '');
    const entity = entities.find((e) => !e.used && e.key === key) ?? entities.find((e) => e.key === key);
    if (entity === undefined) {
      if (unknownMention === undefined) unknownMention = m[0];
      units.push(null);
      continue;
    }
    entity.used = true;
    units.push(entity.isBot ? null : { id: entity.id, name: entity.name });
  }
  pushText(text.slice(last));
  return { units, unknownMention };
}

// ---------------------------------------------------------------------------------------
// Units → tokens

interface WordToken {
  kind: 'word';
  /** The text, without quotes; mentions inside quotes become their names. */
  text: string;
  /** The opening and closing quote, when quoted. */
  quotes?: [string, string];
  /** A quoted value that holds exactly one mention (`owner="<at>Ola</at>"`). */
  soleMention?: Mention;
}
interface MentionToken {
  kind: 'mention';
  mention: Mention;
}
interface KeyValueToken {
  kind: 'kv';
  /** The key as typed. */
  key: string;
  value: WordToken | MentionToken;
  /** `key=` followed by whitespace: the next token may be its value (`owner= @Ola`). */
  emptyBare: boolean;
}
type Token = WordToken | MentionToken | KeyValueToken;

const SPACE = /^[\s\u200b-\u200d\u2060]$/u;
const DOUBLE_OPENERS = new Set(['"', '\u201c', '\u201d', '\u201e', '\u201f', '\u00ab']);
const DOUBLE_CLOSERS = new Set(['"', '\u201c', '\u201d', '\u201f']);
const KEY_SHAPE = /^[\p{L}\p{M}\p{N}_-]{1,40}$/u;

function isSpace(u: Unit | undefined): boolean {
  return u === null || (typeof u === 'string' && SPACE.test(u));
}
function isMention(u: Unit | undefined): u is Mention {
  return typeof u === 'object' && u !== null;
}
function isOpener(u: Unit | undefined): u is string {
  return typeof u === 'string' && DOUBLE_OPENERS.has(u);
}

function tokenize(units: readonly Unit[]): { tokens: Token[]; unclosedQuote?: string } {
  const tokens: Token[] = [];
  const n = units.length;
  let i = 0;
  while (i < n) {
    const u = units[i];
    if (isSpace(u)) {
      i++;
      continue;
    }
    if (isMention(u)) {
      tokens.push({ kind: 'mention', mention: u });
      i++;
      continue;
    }
    if (isOpener(u)) {
      const q = readQuoted(units, i);
      if (q.token === undefined) return { tokens, unclosedQuote: u };
      tokens.push(q.token);
      i = q.next;
      continue;
    }
    // A bare word, or key=value.
    let j = i;
    let word = '';
    while (j < n) {
      const c = units[j];
      if (isSpace(c) || isMention(c) || c === '=') break;
      word += c;
      j++;
    }
    if (units[j] === '=' && KEY_SHAPE.test(word)) {
      j++; // past '='
      const v = units[j];
      if (isOpener(v)) {
        const q = readQuoted(units, j);
        if (q.token === undefined) return { tokens, unclosedQuote: v };
        tokens.push({ kind: 'kv', key: word, value: q.token, emptyBare: false });
        i = q.next;
      } else if (isMention(v)) {
        tokens.push({ kind: 'kv', key: word, value: { kind: 'mention', mention: v }, emptyBare: false });
        i = j + 1;
      } else {
        const r = readBare(units, j);
        tokens.push({ kind: 'kv', key: word, value: { kind: 'word', text: r.text }, emptyBare: r.text === '' });
        i = r.next;
      }
      continue;
    }
    // Not a key: the word runs on to the next space or mention ('=' included).
    const r = readBare(units, j);
    tokens.push({ kind: 'word', text: word + r.text });
    i = r.next;
  }
  return { tokens };
}

function readBare(units: readonly Unit[], start: number): { text: string; next: number } {
  let j = start;
  let text = '';
  while (j < units.length) {
    const c = units[j];
    if (isSpace(c) || isMention(c)) break;
    text += c;
    j++;
  }
  return { text, next: j };
}

/** Reads a quoted string that starts at `start` (an opener); `token` is undefined when it is not closed. */
function readQuoted(units: readonly Unit[], start: number): { token?: WordToken; next: number } {
  const open = units[start] as string;
  const closers = open === '\u00ab' ? new Set(['\u00bb']) : DOUBLE_CLOSERS;
  let text = '';
  let nonSpace = '';
  const found: Mention[] = [];
  for (let j = start + 1; j < units.length; j++) {
    const c = units[j];
    if (typeof c === 'string' && closers.has(c)) {
      const token: WordToken = { kind: 'word', text: text.trim(), quotes: [open, c] };
      if (found.length === 1 && nonSpace === '' && found[0] !== undefined) token.soleMention = found[0];
      return { token, next: j + 1 };
    }
    if (c === null) {
      text += ' ';
    } else if (isMention(c)) {
      found.push(c);
      text += c.name;
    } else if (c !== undefined) {
      text += c;
      if (!SPACE.test(c)) nonSpace += c;
    }
  }
  return { next: units.length };
}

/** How a token reads back in free text (comments) and in error messages. */
function display(t: Token): string {
  switch (t.kind) {
    case 'word':
      return t.quotes ? `${t.quotes[0]}${t.text}${t.quotes[1]}` : t.text;
    case 'mention':
      return `@${t.mention.name}`;
    case 'kv':
      return `${t.key}=${display(t.value)}`;
  }
}

/** The plain text of a token: quotes removed, mentions as names. */
function plainText(t: Token): string {
  switch (t.kind) {
    case 'word':
      return t.text;
    case 'mention':
      return t.mention.name;
    case 'kv':
      return `${t.key}=${plainText(t.value)}`;
  }
}

function keywordText(t: Token | undefined): string | undefined {
  return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
}

// ---------------------------------------------------------------------------------------
// Tokens → command

type Step<T> = { value: T; error?: undefined } | { error: ParseError; value?: undefined };

interface Ctx {
  command?: CommandName;
  usage: string;
}

function ctxOf(command: CommandName): Ctx {
  return { command, usage: usageOf(command) };
}

function ok(command: Command): ParseResult {
  return { ok: true, command };
}

function lookupTopLevel(word: string | undefined): TopLevelKeyword | undefined {
  return word !== undefined && Object.prototype.hasOwnProperty.call(TOP_LEVEL_ALIASES, word) ? TOP_LEVEL_ALIASES[word] : undefined;
}

function lookupSub(group: CommandGroup, word: string | undefined): CommandName | undefined {
  const table = SUBCOMMAND_ALIASES[group];
  return word !== undefined && Object.prototype.hasOwnProperty.call(table, word) ? table[word] : undefined;
}

function isGroup(k: TopLevelKeyword): k is CommandGroup {
  return k === 'plan' || k === 'benefit' || k === 'admin';
}

function suggestTopLevel(word: string | undefined): TopLevelKeyword | undefined {
  if (word === undefined) return undefined;
  const s = closest(word, Object.keys(TOP_LEVEL_ALIASES));
  return s === undefined ? undefined : TOP_LEVEL_ALIASES[s];
}

function suggestSub(group: CommandGroup, word: string | undefined): string | undefined {
  if (word === undefined) return undefined;
  const table = SUBCOMMAND_ALIASES[group];
  const s = closest(word, Object.keys(table));
  const command = s === undefined ? undefined : table[s];
  return command === undefined ? undefined : command.replace('.', ' ');
}

/** Which command the tokens are about, for the usage of a lexical error. */
function contextOf(tokens: readonly Token[]): Ctx {
  const kw = lookupTopLevel(keywordText(tokens[0]));
  if (kw === undefined) return { usage: HELP_USAGE };
  if (!isGroup(kw)) return ctxOf(kw as CommandName);
  const sub = lookupSub(kw, keywordText(tokens[1]));
  return sub === undefined ? { usage: usageOfKeyword(kw) } : ctxOf(sub);
}

function parseTokens(tokens: readonly Token[]): ParseResult {
  const first = tokens[0];
  if (first === undefined) return ok({ name: 'help' });
  const word = keywordText(first);
  const kw = lookupTopLevel(word);
  if (kw === undefined) {
    const suggestion = suggestTopLevel(word);
    return fail({ code: 'unknownCommand', word: display(first), ...(suggestion ? { suggestion } : {}), usage: HELP_USAGE });
  }
  if (kw === 'help') return parseHelp(tokens.slice(1));
  if (isGroup(kw)) {
    const subToken = tokens[1];
    const usage = usageOfKeyword(kw);
    if (subToken === undefined) return fail({ code: 'missingArgument', arg: 'command', usage });
    const subWord = keywordText(subToken);
    const sub = lookupSub(kw, subWord);
    if (sub === undefined) {
      const suggestion = suggestSub(kw, subWord);
      return fail({ code: 'unknownCommand', word: display(subToken), ...(suggestion ? { suggestion } : {}), usage });
    }
    return parseCommandArgs(sub, tokens.slice(2));
  }
  return parseCommandArgs(kw as CommandName, tokens.slice(1));
}

function parseHelp(rest: readonly Token[]): ParseResult {
  const ctx = ctxOf('help');
  const t0 = rest[0];
  if (t0 === undefined) return ok({ name: 'help' });
  const word = keywordText(t0);
  const topic = lookupTopLevel(word);
  if (topic === undefined) {
    const suggestion = suggestTopLevel(word);
    return fail({ code: 'unknownCommand', word: display(t0), ...(suggestion ? { suggestion } : {}), ...ctx });
  }
  if (!isGroup(topic)) {
    const end = expectEnd(rest, 1, ctx);
    if (end) return fail(end);
    return ok({ name: 'help', topic, ...(topic === 'help' ? {} : { command: topic as CommandName }) });
  }
  const t1 = rest[1];
  if (t1 === undefined) return ok({ name: 'help', topic });
  const subWord = keywordText(t1);
  const sub = lookupSub(topic, subWord);
  if (sub === undefined) {
    const suggestion = suggestSub(topic, subWord);
    return fail({ code: 'unknownCommand', word: display(t1), ...(suggestion ? { suggestion } : {}), ...ctx });
  }
  const end = expectEnd(rest, 2, ctx);
  if (end) return fail(end);
  return ok({ name: 'help', topic, command: sub });
}

function parseCommandArgs(name: CommandName, rest: readonly Token[]): ParseResult {
  const ctx = ctxOf(name);
  switch (name) {
    case 'help':
      return parseHelp(rest);
    case 'plan.list':
    case 'admin.list':
    case 'my':
    case 'back': {
      const end = expectEnd(rest, 0, ctx);
      return end ? fail(end) : ok({ name });
    }
    case 'plan.show':
    case 'plan.archive':
    case 'benefit.list':
    case 'digest':
    case 'report': {
      const plan = expectPlan(rest[0], ctx);
      if (plan.error) return fail(plan.error);
      const end = expectEnd(rest, 1, ctx);
      return end ? fail(end) : ok({ name, plan: plan.value });
    }
    case 'benefit.show':
    case 'benefit.archive': {
      const ref = expectRef(rest[0], ctx);
      if (ref.error) return fail(ref.error);
      const end = expectEnd(rest, 1, ctx);
      return end ? fail(end) : ok({ name, benefit: ref.value });
    }
    case 'admin.add':
    case 'admin.remove': {
      const t = rest[0];
      if (t === undefined) return fail({ code: 'missingArgument', arg: 'person', ...ctx });
      const person = toPerson(t, undefined, ctx);
      if (person.error) return fail(person.error);
      const end = expectEnd(rest, 1, ctx);
      return end ? fail(end) : ok({ name, person: person.value });
    }
    case 'plan.new':
      return parsePlanNew(rest, ctx);
    case 'plan.set': {
      const plan = expectPlan(rest[0], ctx);
      if (plan.error) return fail(plan.error);
      const fields = parseFields(rest, 1, name, ctx);
      if (fields.error) return fail(fields.error);
      if (Object.keys(fields.value).length === 0) return fail({ code: 'missingArgument', arg: 'key', ...ctx });
      return ok({ name, plan: plan.value, fields: fields.value as PlanFields });
    }
    case 'benefit.set': {
      const ref = expectRef(rest[0], ctx);
      if (ref.error) return fail(ref.error);
      const fields = parseFields(rest, 1, name, ctx);
      if (fields.error) return fail(fields.error);
      if (Object.keys(fields.value).length === 0) return fail({ code: 'missingArgument', arg: 'key', ...ctx });
      return ok({ name, benefit: ref.value, fields: fields.value as BenefitFields });
    }
    case 'benefit.add':
      return parseBenefitAdd(rest, ctx);
    case 'confirm': {
      const ref = expectRef(rest[0], ctx);
      if (ref.error) return fail(ref.error);
      const comment = freeText(rest.slice(1));
      return ok({ name, benefit: ref.value, ...(comment ? { comment } : {}) });
    }
    case 'measure':
      return parseMeasure(rest, ctx);
    case 'away':
      return parseAway(rest, ctx);
  }
}

function parsePlanNew(rest: readonly Token[], ctx: Ctx): ParseResult {
  const kv = rest.find((t) => t.kind === 'kv');
  if (kv) return fail({ code: 'unexpectedArgument', word: display(kv), ...ctx });
  const planName = rest.map(plainText).join(' ').replace(/\s+/g, ' ').trim();
  if (planName === '') return fail({ code: 'missingArgument', arg: 'name', ...ctx });
  return ok({ name: 'plan.new', planName });
}

function parseBenefitAdd(rest: readonly Token[], ctx: Ctx): ParseResult {
  const plan = expectPlan(rest[0], ctx);
  if (plan.error) return fail(plan.error);
  let i = 1;
  const titleParts: Token[] = [];
  for (let t = rest[i]; t !== undefined && t.kind !== 'kv'; t = rest[++i]) titleParts.push(t);
  const parsed = parseFields(rest, i, 'benefit.add', ctx);
  if (parsed.error) return fail(parsed.error);
  const fields = parsed.value as BenefitFields;
  let title = titleParts.map(plainText).join(' ').replace(/\s+/g, ' ').trim();
  if (fields.title !== undefined) {
    if (titleParts.length > 0) return fail({ code: 'duplicateKey', key: 'title', ...ctx });
    title = fields.title.text;
    delete fields.title;
  }
  if (title === '') return fail({ code: 'missingArgument', arg: 'title', ...ctx });
  const missing = BENEFIT_ADD_REQUIRED_KEYS.filter((k) => fields[k] === undefined);
  if (missing.length > 0) return fail({ code: 'missingKeys', keys: [...missing], ...ctx });
  return ok({ name: 'benefit.add', plan: plan.value, title, fields: fields as BenefitAddFields });
}

const NUMBER_HEAD = /^[+\-\u2212]?\d{1,3}$/;
const THOUSANDS_GROUP = /^\d{3}$/;
const THOUSANDS_LAST = /^\d{3}(?:[.,]\d+)?$/;

function parseMeasure(rest: readonly Token[], ctx: Ctx): ParseResult {
  const ref = expectRef(rest[0], ctx);
  if (ref.error) return fail(ref.error);
  const v = rest[1];
  if (v === undefined || v.kind !== 'word' || v.text === '') return fail({ code: 'missingArgument', arg: 'value', ...ctx });
  let value = v.text.trim();
  let i = 2;
  // `1 200` (Norwegian thousands grouping, also with nbsp) is one value.
  if (!v.quotes && NUMBER_HEAD.test(value)) {
    while (i < rest.length) {
      const t = rest[i];
      if (t?.kind !== 'word' || t.quotes || !THOUSANDS_LAST.test(t.text)) break;
      value += ` ${t.text}`;
      i++;
      if (!THOUSANDS_GROUP.test(t.text)) break;
    }
  }
  const comment = freeText(rest.slice(i));
  return ok({ name: 'measure', benefit: ref.value, value, ...(comment ? { comment } : {}) });
}

function parseAway(rest: readonly Token[], ctx: Ctx): ParseResult {
  let i = 0;
  const w = keywordText(rest[0]);
  if (w !== undefined && AWAY_UNTIL_WORDS.includes(w)) i = 1;
  const d = rest[i];
  if (d === undefined || d.kind !== 'word' || d.text === '') return fail({ code: 'missingArgument', arg: 'date', ...ctx });
  const end = expectEnd(rest, i + 1, ctx);
  return end ? fail(end) : ok({ name: 'away', until: d.text });
}

/** A comment: the rest of the words; a single quoted token loses its quotes. */
function freeText(tokens: readonly Token[]): string | undefined {
  if (tokens.length === 0) return undefined;
  const only = tokens[0];
  const text = tokens.length === 1 && only?.kind === 'word' ? only.text : tokens.map(display).join(' ');
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

function expectEnd(tokens: readonly Token[], index: number, ctx: Ctx): ParseError | undefined {
  const t = tokens[index];
  return t === undefined ? undefined : { code: 'unexpectedArgument', word: display(t), ...ctx };
}

function expectPlan(t: Token | undefined, ctx: Ctx): Step<string> {
  if (t === undefined || t.kind === 'kv') return { error: { code: 'missingArgument', arg: 'plan', ...ctx } };
  const raw = t.kind === 'word' ? t.text : display(t);
  const plan = raw.toLowerCase();
  if (t.kind !== 'word' || !PLAN_ID_PATTERN.test(plan)) return { error: { code: 'badPlanId', plan: raw, ...ctx } };
  return { value: plan };
}

function expectRef(t: Token | undefined, ctx: Ctx): Step<BenefitRef> {
  if (t === undefined || t.kind === 'kv') return { error: { code: 'missingArgument', arg: 'benefit', ...ctx } };
  const raw = t.kind === 'word' ? t.text : display(t);
  // Leading zeros are accepted (`tilsyn/02` → 2), as in domain/slug.parseBenefitRef.
  const ref = raw.toLowerCase().replace(/\/0+(?=[0-9])/, '/');
  if (t.kind !== 'word' || !BENEFIT_REF_PATTERN.test(ref)) return { error: { code: 'badBenefitRef', ref: raw, ...ctx } };
  const slash = ref.indexOf('/');
  return { value: { plan: ref.slice(0, slash), number: Number(ref.slice(slash + 1)) } };
}

// ---------------------------------------------------------------------------------------
// key=value pairs

const PERSON_KEY_SET: ReadonlySet<string> = new Set(PERSON_KEYS);

function normaliseKey(key: string): string {
  return key.normalize('NFC').toLowerCase().replace(/[-_]/g, '');
}

function resolveKey(typed: string, allowed: readonly CanonicalKey[]): CanonicalKey | undefined {
  const norm = normaliseKey(typed);
  const k = Object.prototype.hasOwnProperty.call(KEY_ALIASES, norm) ? KEY_ALIASES[norm] : undefined;
  return k !== undefined && allowed.includes(k) ? k : undefined;
}

function suggestKey(typed: string, allowed: readonly CanonicalKey[]): CanonicalKey | undefined {
  // Canonical spellings first, so they win ties against aliases.
  const candidates = [
    ...allowed.map((k) => k.toLowerCase()),
    ...Object.keys(KEY_ALIASES).filter((a) => {
      const k = KEY_ALIASES[a];
      return k !== undefined && allowed.includes(k);
    }),
  ];
  const s = closest(normaliseKey(typed), candidates);
  return s === undefined ? undefined : KEY_ALIASES[s];
}

function parseFields(
  tokens: readonly Token[],
  start: number,
  command: CommandName,
  ctx: Ctx,
): Step<Partial<Record<CanonicalKey, Value>>> {
  const allowed = COMMAND_KEYS[command] ?? [];
  const fields: Partial<Record<CanonicalKey, Value>> = {};
  let afterKey: CanonicalKey | undefined;
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'kv') {
      return { error: { code: 'unexpectedArgument', word: display(t), ...(afterKey ? { afterKey } : {}), ...ctx } };
    }
    const key = resolveKey(t.key, allowed);
    if (key === undefined) {
      const suggestion = suggestKey(t.key, allowed);
      return { error: { code: 'unknownKey', key: t.key, ...(suggestion ? { suggestion } : {}), ...ctx } };
    }
    if (fields[key] !== undefined) return { error: { code: 'duplicateKey', key, ...ctx } };
    let valueToken = t.value;
    const next = tokens[i + 1];
    if (t.emptyBare && next !== undefined && next.kind !== 'kv') {
      valueToken = next; // `owner= <at>Ola</at>`
      i++;
    }
    const value = toValue(key, valueToken, ctx);
    if (value.error) return { error: value.error };
    fields[key] = value.value;
    afterKey = valueToken.kind === 'word' && !valueToken.quotes && valueToken.text !== '' ? key : undefined;
  }
  return { value: fields };
}

function toValue(key: CanonicalKey, t: WordToken | MentionToken, ctx: Ctx): Step<Value> {
  if (key === 'deputy' && t.kind === 'word' && NONE_WORDS.has(t.text.trim().toLowerCase())) return { value: { kind: 'none' } };
  if (PERSON_KEY_SET.has(key)) return toPerson(t, key as PersonKey, ctx);
  return { value: { kind: 'text', text: t.kind === 'mention' ? t.mention.name : t.text.trim() } };
}

const NONE_WORDS = new Set(['none', 'ingen', '-']);

const UPN = /^[\p{L}\p{N}._%+'-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})+$/u;

function toPerson(t: Token, key: PersonKey | undefined, ctx: Ctx): Step<PersonValue> {
  if (t.kind === 'mention') return { value: { kind: 'mention', id: t.mention.id, name: t.mention.name } };
  if (t.kind === 'word') {
    if (t.soleMention) return { value: { kind: 'mention', id: t.soleMention.id, name: t.soleMention.name } };
    const upn = t.text.trim().replace(/^mailto:/i, '').toLowerCase();
    if (upn.length <= 254 && UPN.test(upn)) return { value: { kind: 'upn', upn } };
  }
  return { error: { code: 'expectedPerson', ...(key ? { key } : {}), value: t.kind === 'word' ? t.text : display(t), ...ctx } };
}

// ---------------------------------------------------------------------------------------
// Suggestions

/** Optimal-string-alignment Damerau-Levenshtein distance, over code points. */
export function damerauLevenshtein(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  const m = s.length;
  const n = t.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] ?? 0;
}

/**
 * The candidate closest to `word` within distance 2 (first wins ties), or undefined. A word is
 * never "corrected" into something entirely different: the distance must be below its length.
 */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.normalize('NFC').toLowerCase();
  const len = Array.from(w).length;
  if (len === 0 || len > 40) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    if (Math.abs(Array.from(c).length - len) >= bestDistance) continue;
    const d = damerauLevenshtein(w, c);
    if (d < bestDistance && d < len) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Re-exported for callers that only import the parser. */
export { TOP_LEVEL_KEYWORDS, keywordOf };
