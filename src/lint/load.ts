// The only user of the `yaml` package: a gateway config.yaml (or its text from the management API) into
// the linter's positioned tree. js-yaml 4, which reads provops.yaml, has no node positions; `yaml` keeps
// a range on every node and never expands an alias on its own, so the expansion below can be bounded.
// Every refusal is one line that names the file, and the position where there is one.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  YAMLParseError,
  type CST,
  type Document,
  type Node,
} from 'yaml';
import type { Pos, YNode } from './tree.js';

/**
 * A gateway config.yaml is a few KiB (upstream's fully commented example is 51 KiB); anything past 1 MiB
 * is not one, and is refused before it is read. The bound also bounds the parse: `yaml` reads about
 * 1 MiB/s here (bench/lint.mjs), far slower than js-yaml, so a larger cap would let a bad input hold a CI job.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Nodes after aliases are expanded: generous for any real config, far below an alias bomb's billions. */
export const MAX_EXPANDED_NODES = 200_000;

/**
 * Collections inside collections: a gateway config is about five deep. Deeper input is refused before
 * `yaml` composes it, because its composer recurses once a level: thousands of levels exhaust the stack,
 * and where that happens inside V8's regexp compiler the process dies ("RegExpCompiler Allocation
 * failed") instead of throwing; and the syntax tree of 200,000 levels (400 KB of "- - - …") alone
 * takes over 100 MiB. Counted on yaml's parser stack as it reads.
 */
export const MAX_NESTING = 100;

/** The input cannot be linted at all (exit 3): the message is one line, with file:line:column where known. */
export class UnreadableConfig extends Error {
  override name = 'UnreadableConfig';
}

export interface LoadedConfig {
  file: string;
  root: YNode & { kind: 'map' };
}

/** Reads at most MAX_CONFIG_BYTES + 1 bytes, so a huge file or a device costs no more memory than that. */
export function readConfigFile(file: string): LoadedConfig {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UnreadableConfig(
      `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a config.yaml' : `cannot open (${code ?? 'error'})`}`,
    );
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UnreadableConfig(`${file}: is a directory, not a config.yaml`);
    if (stat.size > MAX_CONFIG_BYTES) throw tooLarge(file, stat.size);
    const buf = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let size = 0;
    for (;;) {
      const n = readSync(fd, buf, size, buf.length - size, null);
      if (n === 0) break;
      size += n;
      if (size > MAX_CONFIG_BYTES) throw tooLarge(file, size);
    }
    return parseConfigText(buf.subarray(0, size).toString('utf8'), file);
  } catch (err) {
    if (err instanceof UnreadableConfig) throw err;
    throw new UnreadableConfig(
      `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  } finally {
    closeSync(fd);
  }
}

function tooLarge(file: string, bytes: number): UnreadableConfig {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return new UnreadableConfig(
    `${file}: ${bytes > MAX_CONFIG_BYTES * 2 ? mib(bytes) : `more than ${mib(MAX_CONFIG_BYTES)}`}, too large for a gateway config.yaml (limit ${mib(MAX_CONFIG_BYTES)})`,
  );
}

export function parseConfigText(source: string, file: string): LoadedConfig {
  if (source.length > MAX_CONFIG_BYTES) throw tooLarge(file, Buffer.byteLength(source));
  try {
    return parse(source, file);
  } catch (err) {
    if (err instanceof UnreadableConfig) throw err;
    // Thousands of nested brackets overflow a recursive parser; nothing a gateway config looks like.
    if (err instanceof RangeError) throw new UnreadableConfig(`${file}: nested too deeply to be a gateway config.yaml`);
    throw new UnreadableConfig(`${file}: YAML error: ${(err as Error).message.split('\n')[0]}`);
  }
}

function parse(source: string, file: string): LoadedConfig {
  const lines = new LineCounter();
  const doc = composeOne(source.replace(/^\uFEFF/, ''), lines, file);
  const problem = doc.errors[0];
  if (problem) {
    const p = problem.pos[0] >= 0 ? lines.linePos(problem.pos[0]) : undefined;
    const where = p ? `:${p.line}:${p.col}` : '';
    const what = problem.message.split('\n')[0] ?? problem.code;
    // The gateway's yaml.v3 refuses these files too: a reload keeps the old config ("failed to reload config").
    throw new UnreadableConfig(`${file}${where}: YAML error: ${what} (the gateway would refuse this file too)`);
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))
    throw new UnreadableConfig(`${file}: empty (no settings at all; the gateway would run on its defaults)`);
  const root = new Converter(doc, lines, file).convert(doc.contents as Node);
  if (root.kind !== 'map')
    throw new UnreadableConfig(`${file}:1:1: expected a mapping of settings at the top level, found a ${root.kind}`);
  return { file, root };
}

/**
 * yaml's parseDocument, with the nesting checked as yaml's parser (which keeps an explicit stack) reads
 * each token, before its composer (which recurses) sees them, and before a deep tree costs memory.
 */
function composeOne(text: string, lines: LineCounter, file: string): Document.Parsed {
  const composer = new Composer({ uniqueKeys: true, keepSourceTokens: false });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(shallowTokens(text, lines, file), true, text.length)) {
    if (!doc) doc = next;
    else {
      const range = [next.range[0], next.range[1]] as [number, number];
      doc.errors.push(new YAMLParseError(range, 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  return doc as Document.Parsed; // compose(…, true) always yields one
}

/** Parser.parse, refusing the text once more than MAX_NESTING collections are open inside each other. */
function* shallowTokens(text: string, lines: LineCounter, file: string): Generator<CST.Token> {
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0); // as Parser.parse does: the first line starts at 0
  for (const lexeme of new Lexer().lex(text)) {
    yield* parser.next(lexeme);
    // The stack is what is open: a document, its collections inside each other, the token being read.
    if (parser.stack.length <= MAX_NESTING) continue;
    let depth = 0;
    for (const token of parser.stack) {
      if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
      if (++depth <= MAX_NESTING) continue;
      const { line, col } = lines.linePos(token.offset);
      throw new UnreadableConfig(
        `${file}:${line}:${col}: collections nested more than ${MAX_NESTING} deep, too deep to be a gateway config.yaml`,
      );
    }
  }
  yield* parser.end();
}

/** yaml's AST → YNode. An alias becomes the very node its anchor names (shared, not copied). */
class Converter {
  private readonly done = new Map<Node, YNode>();
  private readonly open = new Set<Node>();
  private readonly sizes = new Map<YNode, number>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  private pos(node: { range?: readonly number[] | null | undefined } | null | undefined): Pos {
    const offset = node?.range?.[0];
    if (offset === undefined) return { line: 0, column: 0 };
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  convert(node: Node): YNode {
    const result = this.node(node);
    if ((this.sizes.get(result) ?? 0) > MAX_EXPANDED_NODES)
      throw new UnreadableConfig(
        `${this.file}: its aliases expand to more than ${MAX_EXPANDED_NODES} nodes (an alias bomb?); the linter stops here`,
      );
    return result;
  }

  private node(node: Node | null | undefined, fallback?: Pos): YNode {
    if (node === null || node === undefined)
      return this.sized({ kind: 'scalar', pos: fallback ?? this.pos(node), value: null }, 1);
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) throw new UnreadableConfig(`${this.file}${this.at(node)}: alias *${node.source} names no anchor`);
      return this.node(target);
    }
    const seen = this.done.get(node);
    if (seen) return seen;
    if (this.open.has(node)) throw new UnreadableConfig(`${this.file}${this.at(node)}: an alias refers to itself`);
    this.open.add(node);
    let out: YNode;
    let size = 1;
    if (isMap(node)) {
      const map: YNode & { kind: 'map' } = { kind: 'map', pos: this.pos(node), entries: [] };
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : keyNode === null ? '' : String(keyNode);
        const value = this.node(pair.value as Node | null, this.pos(keyNode));
        size = this.add(size, value);
        if (key === '<<' && (value.kind === 'map' || value.kind === 'seq')) {
          // A merge key: the named maps' entries, without overriding keys this map sets itself.
          for (const src of value.kind === 'map' ? [value] : value.items)
            if (src.kind === 'map') for (const e of src.entries) if (!node.has(e.key)) map.entries.push(e);
          continue;
        }
        map.entries.push({ key, keyPos: this.pos(keyNode), value });
      }
      out = map;
    } else if (isSeq(node)) {
      const seq: YNode & { kind: 'seq' } = { kind: 'seq', pos: this.pos(node), items: [] };
      for (const item of node.items) {
        const value = this.node(item as Node | null, this.pos(node));
        size = this.add(size, value);
        seq.items.push(value);
      }
      out = seq;
    } else {
      const v = isScalar(node) ? node.value : null;
      const value =
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === null ? null : String(v);
      out = { kind: 'scalar', pos: this.pos(node), value };
    }
    this.open.delete(node);
    this.done.set(node, out);
    return this.sized(out, size);
  }

  /** Expanded sizes, each node's counted once and reused: linear however the aliases nest. */
  private add(size: number, child: YNode): number {
    const total = size + (this.sizes.get(child) ?? 1);
    if (total > MAX_EXPANDED_NODES)
      throw new UnreadableConfig(
        `${this.file}: its aliases expand to more than ${MAX_EXPANDED_NODES} nodes (an alias bomb?); the linter stops here`,
      );
    return total;
  }

  private sized(node: YNode, size: number): YNode {
    this.sizes.set(node, size);
    return node;
  }

  private at(node: Node): string {
    const p = this.pos(node);
    return p.line ? `:${p.line}:${p.column}` : '';
  }
}
