// Mocha root hooks: Azurite is started lazily by the first suite that needs it, and stopped once.
import { stopSharedAzurite } from './azurite';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(15_000);
    await stopSharedAzurite();
  },
};
