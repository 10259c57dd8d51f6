// The server's shape, checked on its import graph: feature folders (the first folder under
// server/) may depend on one another only one way, none reaches back into the composition root
// (the files directly in server/), and no server file pulls in the browser's screens. Test code
// (*.test.ts, test-support/ folders, test-*.ts helpers) is left out: it may wire features
// together the way the root does.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVER = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.dirname(SERVER);
/**
 * Browser folders the server never reaches: screens, scenes, the headset and the browser's own
 * services. It shares only src/course, engine, records, policy, reports and contracts.
 */
const SCREEN_FOLDERS = ['app', 'ui', 'scenes', 'play', 'xr', 'i18n', 'client', 'testing'];
const ROOT = '(root)';

/** Every production .ts file under server/, relative to it with / separators. */
function sourceFiles(dir = SERVER): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test-support' && entry.name !== 'node_modules') files.push(...sourceFiles(full));
    } else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.test.ts') &&
      !entry.name.startsWith('test-') &&
      !entry.name.endsWith('.d.ts')
    ) {
      files.push(path.relative(SERVER, full).split(path.sep).join('/'));
    }
  }
  return files.sort();
}

/** Relative specifiers of static imports, re-exports and dynamic imports. */
function relativeImports(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const match of source.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

/** A relative import resolved to a project path with / separators (extension added when left out). */
function resolveImport(fromFile: string, specifier: string): string {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? base;
  return path.relative(PROJECT, found).split(path.sep).join('/');
}

/**
 * Every src/ file the server reaches, following imports from server files through src/ files,
 * each with the chain that reached it.
 */
function reachedBrowserFiles(edges: readonly Edge[]): Map<string, string> {
  const reached = new Map<string, string>();
  const queue: string[] = [];
  for (const edge of edges) {
    if (edge.to.startsWith('src/') && !reached.has(edge.to)) {
      reached.set(edge.to, `server/${edge.from} → ${edge.to}`);
      queue.push(edge.to);
    }
  }
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (!existsSync(path.join(PROJECT, file))) continue;
    const text = readFileSync(path.join(PROJECT, file), 'utf8');
    for (const specifier of relativeImports(text)) {
      const target = resolveImport(path.join(PROJECT, file), specifier);
      if (!reached.has(target)) {
        reached.set(target, `${reached.get(file) as string} → ${target}`);
        queue.push(target);
      }
    }
  }
  return reached;
}

/** The feature a server-relative path belongs to: its first folder, or the root. */
function featureOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? ROOT : file.slice(0, slash);
}

interface Edge {
  readonly from: string;
  /** Resolved target, relative to the project (may leave server/, e.g. src/…). */
  readonly to: string;
}

function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles()) {
    const text = readFileSync(path.join(SERVER, file), 'utf8');
    for (const specifier of relativeImports(text)) {
      edges.push({ from: file, to: resolveImport(path.join(SERVER, file), specifier) });
    }
  }
  return edges;
}

/** Feature → features it imports, with one example file pair per dependency. */
function featureGraph(edges: readonly Edge[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const edge of edges) {
    if (!edge.to.startsWith('server/')) continue;
    const from = featureOf(edge.from);
    const to = featureOf(edge.to.slice('server/'.length));
    if (from === to) continue;
    const targets = graph.get(from) ?? new Map<string, string>();
    if (!targets.has(to)) targets.set(to, `${edge.from} → ${edge.to}`);
    graph.set(from, targets);
  }
  return graph;
}

/** Strongly connected groups of two or more features (Tarjan), each described by its edges. */
function featureCycles(graph: Map<string, Map<string, string>>): string[] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return groups.map((group) => {
    const inside = new Set(group);
    const links = group.flatMap((from) =>
      [...(graph.get(from) ?? [])].filter(([to]) => inside.has(to)).map(([, example]) => example),
    );
    return `${group.join(' ↔ ')}: ${links.join('; ')}`;
  });
}

describe('server architecture', () => {
  const edges = importEdges();

  it('finds the server source', () => {
    expect(sourceFiles()).toContain('build-server.ts');
    expect(edges.length).toBeGreaterThan(100);
  });

  it('has no import cycle between feature folders', () => {
    expect(featureCycles(featureGraph(edges))).toEqual([]);
  });

  it('keeps the composition root out of every feature', () => {
    const intoRoot = edges.filter(
      (edge) =>
        featureOf(edge.from) !== ROOT && edge.to.startsWith('server/') && featureOf(edge.to.slice('server/'.length)) === ROOT,
    );
    expect(intoRoot.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([]);
  });

  it('imports no browser screen code', () => {
    // The shared contracts themselves are allowed; what they import is checked like the rest.
    const screens = [...reachedBrowserFiles(edges)].filter(([file]) =>
      SCREEN_FOLDERS.some((folder) => file.startsWith(`src/${folder}/`)),
    );
    expect(screens.map(([, chain]) => chain)).toEqual([]);
  });
});
