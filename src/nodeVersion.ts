// The Node.js versions Gevinstbot runs on (package.json engines): 22 and 24 LTS. restify 12 needs
// 22 or newer. `npm start`, `npm test` and `npx gevinstbot` run on the Node 24 that `npm install`
// puts in node_modules/.bin (the `node` dev dependency), whatever Node the machine has; this
// catches a direct `node dist/src/index.js` on an older one.
export const MIN_NODE_MAJOR = 22;

/** Why this Node cannot run Gevinstbot, or undefined when it can. */
export function unsupportedNode(version = process.versions.node): string | undefined {
  const major = Number(version.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return undefined;
  return (
    `Gevinstbot needs Node.js ${MIN_NODE_MAJOR} or newer (22 and 24 LTS are supported); this is Node.js ${version}.\n` +
    'Run it through npm (npm start, npx gevinstbot …): npm install puts Node 24 in node_modules/.bin and npm uses it. ' +
    'Or install Node.js 22 or 24.'
  );
}
