import { ValidationError } from '../errors.js';

/** Backends a user may ask for; `auto` picks the fastest that really runs here. */
export const BACKENDS = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] as const;

/** A backend preference. */
export type BackendPreference = (typeof BACKENDS)[number];

/** Throws a ValidationError unless `value` is a known backend preference. */
export function checkBackendPreference(value: unknown): BackendPreference {
  if (!BACKENDS.includes(value as BackendPreference)) {
    throw new ValidationError('backend', [{ field: 'backend', value, reason: `unknown backend (accepted: ${BACKENDS.join(', ')})` }]);
  }
  return value as BackendPreference;
}
