// Mocha root hooks: Azurite is started lazily by the first suite that needs it, and stopped once.
import { stopSharedAzurite } from './azurite';
import { takeFindings } from './visibleText';

export const mochaHooks = {
  // Whatever a test made the bot send or answer, no person reads a period code (2026-W49).
  afterEach() {
    const found = takeFindings();
    if (found.length > 0) {
      throw new Error(`a person would read a period code:\n${found.map((f) => `  ${f.where}: ${JSON.stringify(f.text)}`).join('\n')}`);
    }
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(15_000);
    await stopSharedAzurite();
  },
};
