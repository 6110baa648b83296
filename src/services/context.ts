// What every service gets: configuration and everything delivery needs (logger, storage, the
// Teams port, the clock, this process's id).
import type { Config } from '../config';
import type { DeliveryContext } from '../delivery/context';

export interface Services extends DeliveryContext {
  config: Config;
}
