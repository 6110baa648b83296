// The command line of `gevinstbot`: parsed and checked here, before anything heavy is loaded, so
// `gevinstbot help` and a mistyped flag answer at once (the runtime, botbuilder and the storage
// client take about a second to load and are loaded only by the commands that use them).
// No imports beyond Node's and one pure domain file: this file is on the path of every call.
import { parseShardList, SHARD_COUNT } from '../domain/shards';

export const DUE_LIMIT_DEFAULT = 10;
export const DUE_LIMIT_MAX = 500;

export const USAGE = `Usage:
  gevinstbot run-due --at <ISO-8601 instant>   run everything due at that instant, once
  gevinstbot run-due --next                    run what is due at the next instant at which something is due
                                               (now, if work is overdue), and print that instant first
  gevinstbot run-due                           run everything due now
  gevinstbot run-due --shards 0-15             only these shards (default: every shard no other run holds)
  gevinstbot due [--limit N]                   list what is scheduled next (default ${DUE_LIMIT_DEFAULT} items)
  gevinstbot demo [--at <ISO-8601>]            seed demo plans for the Agents Playground
  gevinstbot help                              this text

Results go to stdout, logs (JSON lines) to stderr. The commands use the storage the bot is
configured with (AZURE_STORAGE_TABLE_URL or AZURE_STORAGE_ACCOUNT_URL with the signed-in identity,
or AZURE_STORAGE_CONNECTION_STRING); with none of them, the embedded storage of the bot running
from this project folder, or they start it.`;

export type OperatorCommand =
  | { name: 'run-due'; at?: Date; next: boolean; shards?: number[] }
  | { name: 'due'; limit: number }
  | { name: 'demo'; at?: Date };

export type ParsedCommandLine = { help: true; exitCode: number; toStderr: boolean } | { error: string } | { command: OperatorCommand };

const FLAGS: Record<OperatorCommand['name'], Record<string, 'value' | 'switch'>> = {
  'run-due': { at: 'value', next: 'switch', shards: 'value' },
  due: { limit: 'value' },
  demo: { at: 'value' },
};

export function parseCommandLine(argv: string[]): ParsedCommandLine {
  const [name, ...rest] = argv;
  if (name === undefined) return { help: true, exitCode: 2, toStderr: true };
  if (name === 'help' || name === '--help' || name === '-h') return { help: true, exitCode: 0, toStderr: false };
  if (!(name in FLAGS)) return { error: `Unknown command ${JSON.stringify(name)}.` };
  const known = FLAGS[name as OperatorCommand['name']];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) return { error: `${name}: unexpected ${JSON.stringify(arg)}.` };
    const [, flag, inline] = m;
    const kind = known[flag];
    if (!kind) return { error: `${name}: unknown option --${flag}.` };
    if (flag in flags) return { error: `${name}: --${flag} is given twice.` };
    if (kind === 'switch') {
      if (inline !== undefined) return { error: `${name}: --${flag} takes no value.` };
      flags[flag] = true;
    } else {
      const value = inline ?? (rest[i + 1] !== undefined && !rest[i + 1].startsWith('--') ? rest[++i] : undefined);
      if (value === undefined || value === '') return { error: `${name}: --${flag} needs a value.` };
      flags[flag] = value;
    }
  }

  let at: Date | undefined;
  if (typeof flags.at === 'string') {
    at = parseInstant(flags.at);
    if (!at) return { error: `--at must be an ISO-8601 instant such as 2026-11-30T08:00:00Z, got ${JSON.stringify(flags.at)}.` };
  }
  switch (name) {
    case 'run-due': {
      if (at && flags.next) return { error: 'run-due: give either --at <instant> or --next, not both.' };
      let shards: number[] | undefined;
      if (typeof flags.shards === 'string') {
        shards = parseShardList(flags.shards);
        if (!shards) return { error: `run-due: --shards must name shards 0-${SHARD_COUNT - 1}, such as 0-15 or 3,7,20-23; got ${JSON.stringify(flags.shards)}.` };
      }
      return { command: { name, at, next: flags.next === true, ...(shards ? { shards } : {}) } };
    }
    case 'due': {
      let limit = DUE_LIMIT_DEFAULT;
      if (typeof flags.limit === 'string') {
        limit = /^\d+$/.test(flags.limit) ? Number(flags.limit) : NaN;
        if (!(limit >= 1 && limit <= DUE_LIMIT_MAX)) {
          return { error: `due: --limit must be a whole number from 1 to ${DUE_LIMIT_MAX}, e.g. --limit 20; got ${JSON.stringify(flags.limit)}.` };
        }
      }
      return { command: { name, limit } };
    }
    default:
      return { command: { name: 'demo', at } };
  }
}

/** An ISO-8601 instant with a date and a time (`2026-11-30T08:00:00Z`, `…T09:00+01:00`). */
function parseInstant(text: string): Date | undefined {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(text)) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
