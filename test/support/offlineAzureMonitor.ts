// Preloaded (--require) into child processes that run the Azure Monitor distro in tests: the
// exporter polls Microsoft's remote settings service (OneSettings) 5–15 s after it starts, a
// request to a host outside this machine that no environment variable turns off. The test
// replaces the poller's start with nothing; everything else of the distro runs as in production.
import path from 'node:path';

const dir = path.dirname(require.resolve('@azure/monitor-opentelemetry-exporter/package.json'));
// The package's exports map hides this file; the path is the one its own code requires.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ConfigurationManager } = require(path.join(dir, 'dist', 'commonjs', '_configuration', 'configurationManager.js')) as {
  ConfigurationManager: { getInstance(): { initialize(...a: unknown[]): void } };
};
ConfigurationManager.getInstance().initialize = () => undefined;
