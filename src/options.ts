// Check thresholds as small typed specs: the default, a one-line description and a parser that
// validates provops.yaml values. `list` and `explain` print them; config.ts validates against them.

export type OptionValue = number | string | boolean | string[] | null;

export interface OptionSpec<V extends OptionValue = OptionValue> {
  default: V;
  description: string;
  /** A short type name for messages and docs: "number", "string list", ... */
  type: string;
  /** Returns the validated value or throws an Error whose message says what is expected. */
  parse(value: unknown): V;
}

export type OptionSpecs = Record<string, OptionSpec>;
export type OptionValues<O extends OptionSpecs> = { [K in keyof O]: O[K] extends OptionSpec<infer V> ? V : never };

interface NumberBounds {
  min?: number;
  max?: number;
  integer?: boolean;
}

function parseNumber(value: unknown, bounds: NumberBounds): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`expected a number, got ${describe(value)}`);
  if (bounds.integer && !Number.isInteger(value)) throw new Error(`expected a whole number, got ${value}`);
  if (bounds.min !== undefined && value < bounds.min) throw new Error(`expected at least ${bounds.min}, got ${value}`);
  if (bounds.max !== undefined && value > bounds.max) throw new Error(`expected at most ${bounds.max}, got ${value}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value}"`;
  return typeof value === 'object' ? 'a mapping' : String(value);
}

export const opt = {
  number(def: number, description: string, bounds: NumberBounds = { min: 0 }): OptionSpec<number> {
    return {
      default: def,
      description,
      type: bounds.integer ? 'integer' : 'number',
      parse: (v) => parseNumber(v, bounds),
    };
  },
  integer(def: number, description: string, bounds: NumberBounds = { min: 0 }): OptionSpec<number> {
    return opt.number(def, description, { ...bounds, integer: true });
  },
  optionalNumber(description: string, bounds: NumberBounds = { min: 0 }): OptionSpec<number | null> {
    return {
      default: null,
      description,
      type: 'number (optional)',
      parse: (v) => (v === null ? null : parseNumber(v, bounds)),
    };
  },
  string(def: string, description: string): OptionSpec<string> {
    return {
      default: def,
      description,
      type: 'string',
      parse(v) {
        if (typeof v !== 'string' || !v) throw new Error(`expected a non-empty string, got ${describe(v)}`);
        return v;
      },
    };
  },
  optionalString(description: string, pattern?: RegExp): OptionSpec<string | null> {
    return {
      default: null,
      description,
      type: 'string (optional)',
      parse(v) {
        if (v === null) return null;
        if (typeof v !== 'string') throw new Error(`expected a string, got ${describe(v)}`);
        if (pattern && !pattern.test(v)) throw new Error(`expected a value matching ${pattern}, got "${v}"`);
        return v;
      },
    };
  },
  strings(def: string[], description: string): OptionSpec<string[]> {
    return {
      default: def,
      description,
      type: 'string list',
      parse(v) {
        if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
          throw new Error(`expected a list of strings, got ${describe(v)}`);
        return v as string[];
      },
    };
  },
};

export function defaultsOf<O extends OptionSpecs>(specs: O): OptionValues<O> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default])) as OptionValues<O>;
}

export function formatOptionValue(value: OptionValue): string {
  if (value === null) return 'unset';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  return String(value);
}
