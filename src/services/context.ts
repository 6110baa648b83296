// What every service gets: configuration, logger, storage, the Teams port and the clock.
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Storage } from '../storage';
import type { Clock } from './clock';
import type { Messenger } from './ports';

export interface Services {
  config: Config;
  log: Logger;
  storage: Storage;
  messenger: Messenger;
  clock: Clock;
  /** Identifies this process in ledger claims and leases. */
  instanceId: string;
}
