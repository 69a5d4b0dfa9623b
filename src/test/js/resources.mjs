// Loads the page's ES modules as the browser does. They are plain .js files with no package.json
// beside them (they are served as they are), so a copy marked as modules is what Node imports:
// that works on every Node from 18 on, with or without its detection of module syntax.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'main', 'resources', 'META-INF', 'resources');
const copy = mkdtempSync(join(tmpdir(), 'pushclock-js-'));
cpSync(resources, copy, { recursive: true, filter: source => !/\.(html|css|svg|ts)$/.test(source) });
writeFileSync(join(copy, 'package.json'), '{"type":"module"}\n');
process.on('exit', () => rmSync(copy, { recursive: true, force: true }));

/** Imports a module by its path under META-INF/resources, e.g. 'pushclock.js'. */
export function load(path) {
  return import(pathToFileURL(join(copy, path)).href);
}
