// The import graph keeps the architecture visible: no circles, and imports only run downwards, from
// the CLI through the commands and the engine to the wings (gateway, logs, simulator) and the base.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Ordered: the first pattern that matches a file names its layer. Higher rank may import lower or equal-layer. */
const LAYERS: Array<{ name: string; rank: number; match: RegExp }> = [
  { name: 'cli', rank: 6, match: /^src\/(cli|main)\.ts$/ },
  { name: 'commands', rank: 5, match: /^src\/commands\// },
  { name: 'engine-top', rank: 4, match: /^src\/(config|daily|plugins)\.ts$|^src\/config\// },
  { name: 'checks', rank: 3, match: /^checks\// },
  { name: 'reporters', rank: 3, match: /^src\/reporters\// },
  { name: 'engine', rank: 2, match: /^src\/[^/]+\.ts$/ },
  { name: 'lint', rank: 2, match: /^src\/lint\// },
  { name: 'gateway', rank: 1, match: /^src\/gateway\// },
  { name: 'logs', rank: 1, match: /^src\/logs\// },
  { name: 'simulator', rank: 1, match: /^src\/simulator\// },
];
/** Base modules every layer may use: pure helpers with no imports of their own from the project. */
const BASE = /^src\/(errors|format|redact|timezone|version|options|text)\.ts$/;

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return filesUnder(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) =>
    relative(ROOT, resolve(ROOT, dirname(file), m[1] as string)).replace(/\.js$/, '.ts'),
  );
}

const files = [...filesUnder('src'), ...filesUnder('checks')];
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const layerOf = (file: string) => (BASE.test(file) ? undefined : LAYERS.find((l) => l.match.test(file)));

describe('the import graph', () => {
  it('is read from the real tree', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(graph.get('src/shared.ts')).toContain('src/gateway/models.ts');
  });

  it('has no circle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(circles).toEqual([]);
  });

  it('only imports downwards (a layer imports its own or lower layers, and the base)', () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      const from = layerOf(file);
      for (const target of imports) {
        const to = layerOf(target);
        if (!from || !to || from.name === to.name) continue;
        if (to.rank >= from.rank) upward.push(`${file} (${from.name}) → ${target} (${to.name})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('the base imports nothing of the project but the base', () => {
    const leaks = files
      .filter((f) => BASE.test(f))
      .flatMap((f) => (graph.get(f) ?? []).filter((t) => !BASE.test(t)).map((t) => `${f} → ${t}`));
    expect(leaks).toEqual([]);
  });
});
