// Preloaded (--require) into child processes that run the Azure Monitor distro in tests and the
// telemetry benchmark, to keep it on this machine. Three things of the distro reach out whatever
// the environment says, and are replaced by nothing here:
//  - 5–15 s after it starts, the exporter polls Microsoft's remote settings service (OneSettings);
//  - the distro's resource detection and the exporter's usage statistics ask the Azure instance
//    metadata endpoint (169.254.169.254) whether this is a VM, unless App Service, Functions,
//    Container Apps or AKS variables say where it runs (in App Service they do).
// Everything else of the distro runs as in production. The paths are the ones its own code
// requires (the package's exports map hides them).
import path from 'node:path';

const dist = path.join(path.dirname(require.resolve('@azure/monitor-opentelemetry-exporter/package.json')), 'dist', 'commonjs');
/* eslint-disable @typescript-eslint/no-require-imports */
const { ConfigurationManager } = require(path.join(dist, '_configuration', 'configurationManager.js')) as {
  ConfigurationManager: { getInstance(): { initialize(...a: unknown[]): void } };
};
const { StatsbeatMetrics } = require(path.join(dist, 'export', 'statsbeat', 'statsbeatMetrics.js')) as {
  StatsbeatMetrics: { prototype: { getAzureComputeMetadata(): Promise<boolean> } };
};
const { azureVmDetector } = require('@opentelemetry/resource-detector-azure') as { azureVmDetector: { detect(): { attributes: Record<string, unknown> } } };
ConfigurationManager.getInstance().initialize = () => undefined;
StatsbeatMetrics.prototype.getAzureComputeMetadata = async () => false;
/* eslint-enable @typescript-eslint/no-require-imports */
azureVmDetector.detect = () => ({ attributes: {} });
