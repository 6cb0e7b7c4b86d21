// One /usage body of N details read three ways in separate processes (so each peak RSS is its own):
// held and JSON.parse'd (the old way), streamed through @streamparser/json (a well-kept streaming
// parser), and streamed through provops's byte scanner (src/gateway/json-scan.ts). Each reads the
// same file in 64 KiB chunks, as they arrive from a socket, and reports details, wall time and peak RSS.
import { createReadStream, readFileSync } from 'node:fs';

const [, , how, file] = process.argv;
const t0 = performance.now();
let details = 0;
if (how === 'json-parse') {
  const body = JSON.parse(readFileSync(file, 'utf8'));
  for (const api of Object.values(body.usage.apis))
    for (const m of Object.values(api.models)) details += m.details.length;
} else if (how === 'streamparser') {
  const { JSONParser } = await import('@streamparser/json');
  const parser = new JSONParser({ paths: ['$.usage.apis.*.models.*.details.*'], keepStack: false });
  parser.onValue = () => details++;
  for await (const chunk of createReadStream(file, { highWaterMark: 65536 })) parser.write(chunk);
} else if (how === 'scanner') {
  const { UsageReader } = await import('../../dist/src/gateway/usage.js');
  const { jsonBodySink } = await import('../../dist/src/gateway/json-body.js');
  const reader = new UsageReader('/v0/management/usage', 200);
  const sink = jsonBodySink('/v0/management/usage', 200, {}, reader, { quoteBody: false });
  for await (const chunk of createReadStream(file, { highWaterMark: 65536 })) sink.write(chunk);
  sink.end();
  details = reader.result().requests.length;
} else throw new Error(`unknown reader ${how}`);
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ details, ms, peakRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
