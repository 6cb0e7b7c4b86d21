// Raw HTTP against the simulator (node:http, so status lines, headers and empty bodies are seen as sent).
import { request as httpRequest } from 'node:http';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const res = await send(url, { headers });
  return { status: res.status, json: res.body ? (JSON.parse(res.body) as unknown) : undefined };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** A simulator for one test; always closed, whatever the test does. */
export async function withSimulator<T>(
  options: SimulatorOptions,
  fn: (sim: RunningSimulator) => Promise<T>,
): Promise<T> {
  const sim = await startSimulator(options);
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

export const NOW = '2026-11-26T12:00:00Z';
