// `provops triage <symptom>`: runs one incident playbook's checks against the gateway and reports
// findings with their evidence and the playbook's next steps, ordered by what was found.
import { UsageError } from '../errors.js';
import { parseZone } from '../timezone.js';
import { AUTH_STEPS, triageAuth } from './triage/auth.js';
import { Evidence } from './triage/evidence.js';
import { buildTriageReport, type Finding, type TriageReport } from './triage/findings.js';
import { IFLOW_STEPS, SPARK_STEPS, triageIflow, triageSpark } from './triage/iflow-spark.js';
import {
  MISSING_MODEL_STEPS,
  UNKNOWN_PROVIDER_STEPS,
  WRONG_PROVIDER_STEPS,
  triageMissingModel,
  triageUnknownProvider,
  triageWrongProvider,
} from './triage/models.js';
import { RATE_LIMIT_STEPS, triageRateLimit } from './triage/rate-limit.js';
import type { Session } from './session.js';

export { triageText, type TriageReport } from './triage/findings.js';

interface Args {
  model: string | undefined;
  reproduce: boolean;
}

interface Symptom {
  playbook: string;
  steps: string[];
  /** A model the playbook is about when none is given; undefined with needsModel: --model is required. */
  defaultModel?: string;
  needsModel?: boolean;
  run(ev: Evidence, args: Args, session: Session): Promise<Finding[]>;
}

const auth: Symptom = {
  playbook: 'Repeated 401/403',
  steps: AUTH_STEPS,
  run: (ev, a) => triageAuth(ev, a.model),
};
const modelArg = (a: Args) => a.model as string;

export const SYMPTOMS: Record<string, Symptom> = {
  '401': auth,
  '403': auth,
  '429': { playbook: 'Repeated 429', steps: RATE_LIMIT_STEPS, run: (ev) => triageRateLimit(ev) },
  'wrong-provider': {
    playbook: 'Wrong Provider Selected',
    steps: WRONG_PROVIDER_STEPS,
    needsModel: true,
    run: (ev, a) => triageWrongProvider(ev, modelArg(a)),
  },
  'missing-model': {
    playbook: 'Missing Models in /v1/models',
    steps: MISSING_MODEL_STEPS,
    needsModel: true,
    run: (ev, a) => triageMissingModel(ev, modelArg(a)),
  },
  '502': {
    playbook: '502 unknown provider for model ...',
    steps: UNKNOWN_PROVIDER_STEPS,
    needsModel: true,
    run: (ev, a) => triageUnknownProvider(ev, modelArg(a)),
  },
  'iflow-406': {
    playbook: 'iFlow glm-4.7 returns 406',
    steps: IFLOW_STEPS,
    defaultModel: 'glm-4.7',
    run: (ev, a, s) => triageIflow(ev, modelArg(a), a.reproduce ? { gateway: s.gateway } : undefined),
  },
  spark: { playbook: 'Copilot Spark Mismatch', steps: SPARK_STEPS, run: (ev) => triageSpark(ev) },
};
/** Other names an operator reaches for. */
const ALIASES: Record<string, string> = { 'unknown-provider': '502', 'model-not-found': '502', '406': 'iflow-406' };

export const SYMPTOM_NAMES = Object.keys(SYMPTOMS);

export async function runTriage(
  session: Session,
  input: { symptom: string; model?: string | undefined; windowMinutes: number; reproduce: boolean },
  signal: AbortSignal,
): Promise<TriageReport> {
  const name = ALIASES[input.symptom] ?? input.symptom;
  const symptom = SYMPTOMS[name];
  if (!symptom)
    throw new UsageError(
      `unknown symptom "${input.symptom}"; valid: ${[...SYMPTOM_NAMES, ...Object.keys(ALIASES)].join(', ')}`,
    );
  const model = input.model ?? symptom.defaultModel;
  if (symptom.needsModel && !model)
    throw new UsageError(`triage ${name} needs --model <id> (the model the requests ask for)`);
  let zone;
  try {
    zone = parseZone(session.config.inputs.logTimezone);
  } catch (err) {
    throw new UsageError(`--log-timezone: ${(err as Error).message}`);
  }
  const now = session.now();
  const ev = new Evidence(session.gateway, signal, now, zone, input.windowMinutes);
  const findings = await symptom.run(ev, { model, reproduce: input.reproduce }, session);
  return buildTriageReport({
    symptom: name,
    playbook: symptom.playbook,
    playbookSteps: symptom.steps,
    model,
    url: session.gateway.url,
    gatewayVersion: ev.version,
    now,
    findings,
  });
}
