// provops lint benchmark, in one run on the same machine: wall-clock medians of N spawns (BENCH_RUNS,
// default 10) and peak RSS, against two baselines: `node -e 0`, and a node process that only parses the
// same file with js-yaml (what any YAML-reading tool pays). Inputs: the fork example config, a generated
// 0.75 MiB config (400 compat blocks, 12,000 models, 400 alias entries), the 50 MB file and an alias bomb
// (both refused before they cost memory).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/provops.js', import.meta.url));
const example = fileURLToPath(new URL('../test/lint/fixtures/fork-example.yaml', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 10);
const dir = mkdtempSync(join(tmpdir(), 'provops-bench-lint-'));

function bigConfig() {
  const out = ['api-keys: ["sk-client-bench-0001"]', 'logging-to-file: true', 'usage-statistics-enabled: true'];
  out.push('openai-compatibility:');
  for (let b = 0; b < 400; b++) {
    out.push(`  - name: "provider-${b}"`, `    prefix: "p${b}"`, `    base-url: "https://upstream-${b}.example/v1"`);
    out.push(
      '    api-key-entries:',
      `      - api-key: "sk-bench-${b}-a"`,
      `      - api-key: "sk-bench-${b}-b"`,
      '    models:',
    );
    for (let m = 0; m < 30; m++) out.push(`      - { name: "vendor/model-${b}-${m}", alias: "model-${m}" }`);
  }
  out.push('oauth-model-alias:', '  codex:');
  for (let a = 0; a < 400; a++) out.push(`    - { name: "gpt-${a}", alias: "alias-${a}", fork: true }`);
  return `${out.join('\n')}\n`;
}

function aliasBomb() {
  const names = 'abcdefghi';
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < names.length; i++)
    lines.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(',')}]`,
    );
  return `${lines.join('\n')}\n`;
}

const big = join(dir, 'big.yaml');
writeFileSync(big, bigConfig());
const bomb = join(dir, 'bomb.yaml');
writeFileSync(bomb, aliasBomb());
const huge = join(dir, 'huge.yaml');
const fd = openSync(huge, 'w');
ftruncateSync(fd, 50 * 1024 * 1024);
closeSync(fd);

const jsYamlOnly = (file) => [
  '--input-type=module',
  '-e',
  `import yaml from 'js-yaml'; import {readFileSync} from 'node:fs'; yaml.load(readFileSync(${JSON.stringify(file)}, 'utf8'));`,
];

const cases = [
  ['node -e 0 (baseline)', ['-e', '0'], [0]],
  ['js-yaml load, fork example (baseline)', jsYamlOnly(example), [0]],
  ['provops lint fork example', [bin, 'lint', example], [0]],
  ['js-yaml load, 0.75 MiB config (baseline)', jsYamlOnly(big), [0]],
  ['provops lint 0.75 MiB config', [bin, 'lint', big, '--format', 'json'], [0, 1, 2]],
  ['provops lint 50 MB file (refused)', [bin, 'lint', huge], [3]],
  ['provops lint alias bomb (refused)', [bin, 'lint', bomb], [3]],
];

function measure(args, okCodes) {
  const samples = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!okCodes.includes(r.status)) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    rss = Math.max(rss, Number(r.stderr.trim().split('\n').at(-1)) / 1024);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)], rss };
}

console.log(
  `provops lint, ${runs} runs each, node ${process.version}; big config ${(bigConfig().length / 1048576).toFixed(2)} MiB`,
);
console.log(`${'command'.padEnd(42)} median      peak RSS`);
for (const [name, args, ok] of cases) {
  const { median, rss } = measure(args, ok);
  console.log(`${name.padEnd(42)} ${median.toFixed(0).padStart(5)} ms  ${rss.toFixed(0).padStart(5)} MiB`);
}
