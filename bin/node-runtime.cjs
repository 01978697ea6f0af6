// Which Node runs lakeops. lakeops needs Node >= 22 (Promise.withResolvers, require(esm), the
// node24 Actions runtime); a fresh machine often has Node 20. package.json lists the Node 24
// runtime packages of the npm registry as optional dependencies (npm installs the one matching this
// OS and CPU, and links it as node_modules/.bin/node, so npm scripts already run on it). This file
// finds that runtime when lakeops is started by an older system Node. Plain CommonJS on purpose:
// it must load on any Node.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const MIN_MAJOR = 22;

function major(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/** True when the running Node is new enough for lakeops. */
function isSupported(version = process.versions.node) {
  return major(version) >= MIN_MAJOR;
}

/** Path of the bundled Node runtime for this platform, or undefined when none is installed. */
function bundledNode(root = join(__dirname, '..')) {
  const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const exe = join(root, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  return existsSync(exe) ? exe : undefined;
}

/** The message for a machine with an old Node and no bundled runtime (e.g. macOS on arm64, for
 * which the registry has no Node 24 package). */
function unsupportedMessage(version = process.versions.node) {
  return (
    `lakeops needs Node.js >= ${MIN_MAJOR} (this is ${version}), and no bundled Node runtime is ` +
    `installed for ${process.platform}-${process.arch}.\n` +
    `Install Node 24 (for example \`nvm install 24\`, or from nodejs.org), then run \`npm ci\` again.`
  );
}

module.exports = { MIN_MAJOR, isSupported, bundledNode, unsupportedMessage };
