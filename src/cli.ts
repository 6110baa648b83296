// gevinstbot <command>: the operator's command line (usage in src/operator/args.ts). This file
// loads only the argument parser; a command that needs configuration, storage and the runtime
// loads them when it runs, so `gevinstbot help` and a bad flag answer in a fraction of a second.
import { parseCommandLine, USAGE } from './operator/args';
import { prepareProcess } from './processStart';

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  if ('help' in parsed) {
    (parsed.toStderr ? process.stderr : process.stdout).write(`${USAGE}\n`);
    return parsed.exitCode;
  }
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  // The .env file, then telemetry, then the runtime (src/processStart.ts says why in that order).
  const problem = prepareProcess();
  if (problem) {
    process.stderr.write(`${problem}\n`);
    return 2;
  }
  // require, not import(): under tsx an import() is resolved as ESM, without .ts extensions.
  const { runOperatorCommand } = require('./operator/run') as typeof import('./operator/run');
  return runOperatorCommand(parsed.command);
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
