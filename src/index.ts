// Process entry of the bot. The rest (src/serve.ts) is loaded only after prepareProcess, so that
// the .env file is read and telemetry runs before anything it instruments is required.
import { prepareProcess } from './processStart';

const problem = prepareProcess();
if (problem) {
  process.stderr.write(`Gevinstbot cannot start.\n${problem}\nSee .env.example and README.md (Configuration).\n`);
  process.exit(2);
}
(require('./serve') as typeof import('./serve')).serve();
