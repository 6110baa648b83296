// gevinstbot <command>: operator and test entry points that drive time explicitly.
//   run-due --at <ISO-8601>   run everything due at that instant once, then exit
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { startRuntime } from './runtime';
import { ManualClock } from './clock';
import { formatBusy, formatSummary } from './jobs/dueWork';
import { seedDemo } from './services/demo';
import { parseShardList, SHARD_COUNT } from './domain/shards';

const USAGE = `Usage:
  gevinstbot run-due --at <ISO-8601 instant>   run everything due at that instant, once
  gevinstbot run-due                           the same for the current time
  gevinstbot run-due --shards 0-15             only these shards (default: every shard no other run holds)
  gevinstbot demo [--at <ISO-8601>]            seed demo plans for the Agents Playground`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flags = parseFlags(rest);
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const at = flags.at !== undefined ? new Date(flags.at) : new Date();
  if (flags.at !== undefined && (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(flags.at) || Number.isNaN(at.getTime()))) {
    process.stderr.write(`--at must be an ISO-8601 instant such as 2026-11-30T08:00:00Z, got ${JSON.stringify(flags.at)}\n`);
    return 2;
  }
  // stdout carries what the command prints (the run summary); the logs go to stderr.
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr);
  switch (command) {
    case 'run-due': {
      const shards = flags.shards === undefined ? undefined : parseShardList(flags.shards);
      if (flags.shards !== undefined && !shards) {
        process.stderr.write(`--shards must name shards 0-${SHARD_COUNT - 1}, such as 0-15 or 3,7,20-23; got ${JSON.stringify(flags.shards)}\n`);
        return 2;
      }
      const runtime = await startRuntime({ ...config, scheduler: false }, { log, clock: new ManualClock(at), noServer: true });
      try {
        const summary = await runtime.runDue(at, { shards });
        const busy = formatBusy(summary);
        if (busy) process.stderr.write(`run-due: ${busy}\n`);
        process.stdout.write(`${formatSummary(summary)}\n`);
        return summary.failed > 0 ? 1 : 0;
      } finally {
        await runtime.close();
      }
    }
    case 'demo': {
      const runtime = await startRuntime({ ...config, scheduler: false }, { log, clock: new ManualClock(at), noServer: true });
      try {
        process.stdout.write(`${await seedDemo(runtime.services, at)}\n`);
        return 0;
      } finally {
        await runtime.close();
      }
    }
    default:
      process.stderr.write(`Unknown command ${JSON.stringify(command)}.\n${USAGE}\n`);
      return 2;
  }
}

function parseFlags(args: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
      else out[a.slice(2)] = args[i + 1] && !args[i + 1].startsWith('--') ? args[++i] : '';
    }
  }
  return out;
}

if (require.main === module || process.argv[1]?.endsWith('gevinstbot.js') || process.argv[1]?.endsWith('gevinstbot')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`gevinstbot: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
