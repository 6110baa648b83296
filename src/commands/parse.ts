// The pure parser for chat commands (COMMANDS.md): tokens (./lexer) → a typed Command (./command)
// or a ParseError that says what was wrong and carries the right form of the command. No I/O,
// never throws. Values stay strings (the use cases validate numbers, dates, cadences and time
// zones, domain/fields) except persons.

import {
  AWAY_UNTIL_WORDS,
  BENEFIT_ADD_REQUIRED_KEYS,
  COMMAND_KEYS,
  HELP_USAGE,
  KEY_ALIASES,
  PERSON_KEYS,
  SUBCOMMAND_ALIASES,
  TOP_LEVEL_ALIASES,
  usageOf,
  usageOfKeyword,
  type CanonicalKey,
  type CommandGroup,
  type CommandName,
  type PersonKey,
  type TopLevelKeyword,
} from './grammar';
import { closest } from '../domain/fuzzy';
import { isNoneWord } from '../domain/fields';
import {
  BENEFIT_REF_PATTERN,
  MAX_TEXT_LENGTH,
  PLAN_ID_PATTERN,
  type BenefitAddFields,
  type BenefitFields,
  type BenefitRef,
  type Command,
  type MentionInput,
  type ParseError,
  type ParseInput,
  type ParseResult,
  type PersonValue,
  type PlanFields,
  type Value,
} from './command';
import { display, keywordText, plainText, toUnits, tokenize, type MentionToken, type Token, type WordToken } from './lexer';

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
    case 'report':
    case 'import': {
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
      if (rest.length === 1) return ok({ name, benefit: ref.value, form: true });
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
    case 'language': {
      const word = rest[0];
      if (word === undefined) return ok({ name });
      if (word.kind !== 'word') return fail({ code: 'unexpectedArgument', word: display(word), ...ctx });
      const end = expectEnd(rest, 1, ctx);
      return end ? fail(end) : ok({ name, language: word.text });
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
  if (rest.length === 1) return ok({ name: 'benefit.add', plan: plan.value, form: true });
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
  if (key === 'deputy' && t.kind === 'word' && isNoneWord(t.text)) return { value: { kind: 'none' } };
  if (PERSON_KEY_SET.has(key)) return toPerson(t, key as PersonKey, ctx);
  return { value: { kind: 'text', text: t.kind === 'mention' ? t.mention.name : t.text.trim() } };
}

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

