// What the chat parser produces: the typed commands of COMMANDS.md, the values of their
// key=value pairs, and the errors that say what was wrong. Types and patterns only.
import type {
  BenefitKey,
  CanonicalKey,
  CommandName,
  PersonKey,
  PlanKey,
  RequiredBenefitKey,
  TopLevelKeyword,
} from './grammar';

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
  /** `benefit add <plan>` alone: answered with the benefit form. */
  | { name: 'benefit.add'; plan: string; form: true }
  | { name: 'benefit.set'; benefit: BenefitRef; fields: BenefitFields }
  /** `benefit set <plan>/<n>` alone: answered with the form, prefilled. */
  | { name: 'benefit.set'; benefit: BenefitRef; form: true }
  | { name: 'benefit.show'; benefit: BenefitRef }
  | { name: 'benefit.list'; plan: string }
  | { name: 'benefit.archive'; benefit: BenefitRef }
  | { name: 'admin.add'; person: PersonValue }
  | { name: 'admin.remove'; person: PersonValue }
  | { name: 'admin.list' }
  | { name: 'digest'; plan: string }
  | { name: 'report'; plan: string }
  | { name: 'import'; plan: string }
  | { name: 'confirm'; benefit: BenefitRef; comment?: string }
  | { name: 'my' }
  | { name: 'measure'; benefit: BenefitRef; value: string; comment?: string }
  | { name: 'away'; until: string }
  | { name: 'back' }
  /** `language` alone shows the current choice. */
  | { name: 'language'; language?: string };

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
