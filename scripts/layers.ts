// The floors of the code base, as data, and a walk of the import graph that checks them.
// The browser code is a building: the app's entry on the roof; the two views (ui for pages, scenes
// for the 3D world) side by side below it; then the play binding both views read; xr and i18n;
// the browser's services (client); the shapes and records the server shares; the engine and the
// policy; the course format at the bottom. An import may point into its own room or down a floor,
// never up or sideways; the server shares only the lower rooms; browser code never imports server/
// or scripts/. eslint.config.js turns the same table (scripts/floors.json) into lint rules (scripts/layers.test.ts
// checks that both agree); this walk adds what lint cannot see: cycles between rooms.
// Run from the project root: `npx tsx scripts/layers.ts` prints every import against the floors.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The table both this walk and eslint.config.js read (docs/architecture.md explains it). */
const layout = JSON.parse(readFileSync(new URL('./floors.json', import.meta.url), 'utf8')) as {
  floors: Record<string, number>;
  serverShares: string[];
};

/** Floor of each room of src/: higher may import lower, a room may import itself. */
export const FLOORS: Readonly<Record<string, number>> = layout.floors;

/** The rooms of src/ the server may import: pure code and the shapes both sides share. */
export const SERVER_SHARES: readonly string[] = layout.serverShares;

/** One relative import of a source file, with the rooms it joins (paths relative to the root, '/' separated). */
export interface SourceImport {
  readonly file: string;
  readonly spec: string;
  readonly target: string;
}

/** The room a project path belongs to: `src/<folder>` inside src/, else its top folder (server, scripts, e2e…). */
export function roomOf(projectPath: string): string {
  const parts = projectPath.split('/');
  return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : (parts[0] ?? '');
}

const isTest = (file: string): boolean => /\.(test|spec)\.tsx?$/.test(file);

/**
 * Why an import from `file` into `target` breaks the floors, or null when it is allowed. Tests are
 * outside the floors: they run in Node, never ship, and may reach across rooms (or start a real
 * server) to set up what they check.
 */
export function layerProblem(file: string, target: string): string | null {
  const from = roomOf(file);
  const to = roomOf(target);
  if (from === to || isTest(file)) return null;
  if (from === 'server')
    return to.startsWith('src/') && !SERVER_SHARES.includes(to) ? `server may not import ${to} (browser code)` : null;
  if (!from.startsWith('src/')) return null;
  if (to === 'scripts' || to === 'server')
    return `${from} may not import ${to}/ (browser code stays out of the tools and the server)`;
  const up = FLOORS[from];
  const down = FLOORS[to];
  if (up === undefined) return `${from} is not on a floor: add it to the table`;
  if (down === undefined) return null;
  if (down >= up) return `${from} may not import ${to} (${down > up ? 'a higher floor' : 'the room beside it'})`;
  return null;
}

const SOURCE = /\.(ts|tsx|mjs)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'fixtures']);
const IMPORT =
  /(?:import|export)[^'";]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|^\s*import\s*['"](\.[^'"]+)['"]/gm;

function sourceFiles(root: string, folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const child = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(child);
      } else if (SOURCE.test(entry.name)) found.push(child);
    }
  };
  walk(folder);
  return found;
}

/** Every relative import in src/, server/ and scripts/ (tests included). */
export function sourceImports(root: string): SourceImport[] {
  const imports: SourceImport[] = [];
  for (const folder of ['src', 'server', 'scripts']) {
    for (const file of sourceFiles(root, folder)) {
      const text = readFileSync(path.join(root, file), 'utf8');
      for (const match of text.matchAll(IMPORT)) {
        const spec = match[1] ?? match[2] ?? match[3];
        if (!spec) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        imports.push({ file, spec, target });
      }
    }
  }
  return imports;
}

/** The imports that break the floors, each with the reason. */
export function layerViolations(imports: readonly SourceImport[]): (SourceImport & { readonly problem: string })[] {
  return imports.flatMap((i) => {
    const problem = layerProblem(i.file, i.target);
    return problem ? [{ ...i, problem }] : [];
  });
}

/**
 * Cycles between the rooms of src/ (each room a node, an import from one into another an edge):
 * each cycle once, as the rooms it passes through. Tests are left out, as in layerProblem.
 */
export function roomCycles(imports: readonly SourceImport[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { file, target } of imports) {
    if (isTest(file) || !file.startsWith('src/') || !target.startsWith('src/')) continue;
    const from = roomOf(file);
    const to = roomOf(target);
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)?.add(to);
  }
  // Tarjan's strongly connected components: any component of more than one room holds a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

// `npx tsx scripts/layers.ts`: the same check as the test, as a list to work through.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const imports = sourceImports(process.cwd());
  const bad = layerViolations(imports);
  for (const i of bad) console.log(`${i.file} -> ${i.spec}: ${i.problem}`);
  const cycles = roomCycles(imports);
  for (const cycle of cycles) console.log(`cycle between rooms: ${cycle.join(' <-> ')}`);
  console.log(`${bad.length} import(s) against the floors, ${cycles.length} cycle(s) between rooms`);
  process.exitCode = bad.length || cycles.length ? 1 : 0;
}
