// One in-memory Azurite table server for the whole test run (started by the root hook in
// hooks.ts), on a free port. Suites isolate themselves with a table prefix, not a new server.
import { startAzurite, type EmbeddedAzurite } from '../../src/storage';

let instance: EmbeddedAzurite | undefined;
let starting: Promise<EmbeddedAzurite> | undefined;

export async function sharedAzurite(): Promise<EmbeddedAzurite> {
  if (instance) return instance;
  starting ??= startAzurite().then((a) => (instance = a));
  return starting;
}

export async function stopSharedAzurite(): Promise<void> {
  const a = instance ?? (starting ? await starting : undefined);
  instance = undefined;
  starting = undefined;
  await a?.stop();
}

let counter = 0;
/** A table prefix no other suite in this run uses. */
export function uniquePrefix(): string {
  counter++;
  return `t${process.pid.toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
}
