// What delivery needs from the running bot: storage (conversations, ledger), the Teams port, the
// clock, a logger and this process's id (claims). Services hand their own context, a superset.
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Storage } from '../storage';
import type { Messenger } from '../ports/outbound';
import type { RunFence } from './fence';

export interface DeliveryContext {
  log: Logger;
  storage: Storage;
  messenger: Messenger;
  clock: Clock;
  /** Identifies this process in ledger claims and leases. */
  instanceId: string;
  /** Set while a scheduled run works: its fence (every claim and send checks it) and claim stamp. */
  run?: RunFence;
}
