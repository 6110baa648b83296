// The chat lexer: activity text and mention entities → tokens (words, quoted strings, person
// mentions, key=value pairs). The bot's own mention becomes a separator; HTML entities that Teams
// puts in `text` are decoded; straight and curly quotes both quote. Pure, never throws.
import type { MentionInput } from './command';

// Text → units: code points, person mentions, and separators where the bot mention was.

export interface Mention {
  id: string;
  name: string;
}
/** A code point (string), a person mention, or `null` for a removed bot mention (a separator). */
export type Unit = string | Mention | null;

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

export function toUnits(text: string, mentions: readonly MentionInput[], botId: string): { units: Unit[]; unknownMention?: string } {
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

export interface WordToken {
  kind: 'word';
  /** The text, without quotes; mentions inside quotes become their names. */
  text: string;
  /** The opening and closing quote, when quoted. */
  quotes?: [string, string];
  /** A quoted value that holds exactly one mention (`owner="<at>Ola</at>"`). */
  soleMention?: Mention;
}
export interface MentionToken {
  kind: 'mention';
  mention: Mention;
}
export interface KeyValueToken {
  kind: 'kv';
  /** The key as typed. */
  key: string;
  value: WordToken | MentionToken;
  /** `key=` followed by whitespace: the next token may be its value (`owner= @Ola`). */
  emptyBare: boolean;
}
export type Token = WordToken | MentionToken | KeyValueToken;

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

export function tokenize(units: readonly Unit[]): { tokens: Token[]; unclosedQuote?: string } {
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
export function display(t: Token): string {
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
export function plainText(t: Token): string {
  switch (t.kind) {
    case 'word':
      return t.text;
    case 'mention':
      return t.mention.name;
    case 'kv':
      return `${t.key}=${plainText(t.value)}`;
  }
}

export function keywordText(t: Token | undefined): string | undefined {
  return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
}
