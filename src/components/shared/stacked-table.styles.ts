import { css } from 'lit';

/**
 * Tables with class `stack` become one card per row on narrow hosts (phones): the header row is
 * hidden, the row's header cell spans the card, and every other cell shows its column's name
 * (its `data-label`) before the value, so no column is cut off. The host needs
 * `container-type: inline-size`.
 */
export const stackedTableStyles = css`
  @container (max-width: 32rem) {
    table.stack { display: block; max-width: 100%; }
    table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    table.stack tbody, table.stack tfoot { display: block; }
    table.stack tr { display: grid; grid-template-columns: repeat(auto-fill, minmax(7.5rem, 1fr)); gap: 0 0.5rem; padding: 0.3rem 0; border-bottom: 1px solid var(--_rule); }
    table.stack th, table.stack td { display: block; border: none; padding: 0.05rem 0.25rem; text-align: left; }
    table.stack th[scope='row'] { grid-column: 1 / -1; font-weight: 600; }
    table.stack td[data-label]::before { content: attr(data-label) ': '; color: var(--_muted); }
  }
`;
