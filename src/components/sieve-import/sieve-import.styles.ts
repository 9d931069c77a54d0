import { css } from 'lit';
import { stackedTableStyles } from '../shared/stacked-table.styles.js';
import { themeStyles } from '../shared/theme.js';

export const importStyles = [
  themeStyles,
  stackedTableStyles,
  css`
    :host { container-type: inline-size; }
    .drop { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; padding: 1rem; border: 2px dashed var(--_border); border-radius: var(--_radius); }
    .drop.dragging { border-color: var(--_accent); background: var(--_selected); }
    .drop input[type='file'] { border: none; background: transparent; max-width: 100%; }
    .scroll { overflow-x: auto; max-width: 100%; }
    table { border-collapse: collapse; margin: 0.5rem 0; }
    th, td { padding: 0.2rem 0.5rem; border-bottom: 1px solid var(--_rule); text-align: left; vertical-align: top; }
    .preview td { max-width: 20rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .columns { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; border: 1px solid var(--_border); border-radius: var(--_radius); }
    .columns label { display: flex; flex-direction: column; font-size: 0.9em; }
    .target label { margin-right: 0.5rem; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-top: 0.5rem; }
    progress { width: 12rem; }
  `,
];
