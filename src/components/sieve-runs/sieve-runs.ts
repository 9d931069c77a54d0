import { SieveRuns } from './sieve-runs.component.js';

export { SieveRuns };

if (!customElements.get('sieve-runs')) customElements.define('sieve-runs', SieveRuns);

declare global {
  interface HTMLElementTagNameMap {
    'sieve-runs': SieveRuns;
  }
}
