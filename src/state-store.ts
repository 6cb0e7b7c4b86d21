// Where a run finds what earlier runs left for it (model lists, counters, a rejected management key):
// one file per target under the state directory, or, for the long-running exporter with state off,
// the process's own memory, so that a rejected key is still not sent again on the next scrape.
import { readState, stateFile, writeState, type ReadOutcome, type StateUpdate, type StoredState } from './state.js';
import type { Target } from './check.js';

export interface StateStore {
  /** `usable: false` when state is off for this run (the file path is not a regular file). */
  read(target: Target, warn: (message: string) => void): ReadOutcome;
  /** A merge update is applied to what is stored at the moment of writing (another run may have written since). */
  write(target: Target, update: StateUpdate, warn: (message: string) => void): void;
  /** What an operator removes to make provops forget a rejected key. */
  forgetHint(target: Target): string;
}

export function fileStore(dir: string): StateStore {
  return {
    read: (target, warn) => readState(stateFile(dir, target), target, warn),
    write: (target, state, warn) => writeState(stateFile(dir, target), dir, state, warn),
    forgetHint: (target) => `delete ${stateFile(dir, target)}`,
  };
}

/** Kept per target name and URL; bounded by the configured targets. */
export function memoryStore(): StateStore {
  const states = new Map<string, StoredState>();
  const keyOf = (target: Target) => `${target.name}\n${target.url}`;
  return {
    read: (target) => states.get(keyOf(target)) ?? { checks: {} },
    write: (target, update) => {
      const state = 'merge' in update ? update.merge(states.get(keyOf(target)) ?? { checks: {} }) : update;
      states.set(keyOf(target), { checks: state.checks, managementRejection: state.managementRejection });
    },
    forgetHint: () => 'restart provops serve',
  };
}
