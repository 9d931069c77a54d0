import { css } from 'lit';

export const labelerStyles = css`
  :host {
    display: block;
    container-type: inline-size;
    font: var(--sieve-font, 14px/1.45 system-ui, sans-serif);
    color: var(--sieve-text-color, #1d232a);
  }
  .panel { display: grid; grid-template-columns: minmax(12rem, 1fr) 2fr; gap: 1rem; outline: none; }
  .panel > * { min-width: 0; }
  .panel:focus-visible { box-shadow: 0 0 0 2px var(--sieve-accent, #2563eb); border-radius: 6px; }
  progress { width: 100%; accent-color: var(--sieve-accent, #2563eb); }
  .list { height: var(--list-height); overflow: auto; border: 1px solid var(--sieve-border, #d0d7de); border-radius: 6px; position: relative; }
  .spacer { position: relative; }
  .row { position: absolute; left: 0; right: 0; height: 32px; box-sizing: border-box; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--sieve-border, #eef1f4); cursor: pointer; display: flex; gap: 0.5rem; align-items: baseline; }
  .row[aria-selected='true'] { background: var(--sieve-selected, #e8f0fe); }
  .chip.score { background: transparent; font-variant-numeric: tabular-nums; }
  button.suggested { border-color: var(--sieve-accent, #2563eb); border-style: dashed; }
  .suggestion { margin: 0.5rem 0 0; }
  .bulk { font-size: 0.85em; margin-top: 0.75rem; }
  .bulk .confirm { display: block; margin-top: 0.4rem; }
  .filters { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin-bottom: 0.5rem; font-size: 0.9em; }
  .filters input[type='search'] { flex: 1; min-width: 10rem; }
  .filters input, .filters select { font: inherit; padding: 0.15rem 0.3rem; }
  .agreement { font-size: 0.85em; color: var(--sieve-muted, #57606a); margin: 0 0 0.4rem; }
  .storage { font-size: 0.85em; color: var(--sieve-muted, #57606a); margin-left: 0.5rem; }
  .help { margin-top: 0.5rem; padding: 0.5rem 0.75rem; border: 1px solid var(--sieve-border, #d0d7de); border-radius: 6px; }
  .help dl { display: grid; grid-template-columns: auto 1fr; gap: 0.2rem 0.8rem; margin: 0 0 0.5rem; }
  .help dd { margin: 0; }
  .snippet { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .chip { font-size: 0.8em; padding: 0 0.4rem; border-radius: 999px; background: var(--sieve-chip, #eef1f4); }
  .chip.none { opacity: 0.6; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 18rem; overflow: auto; padding: 0.5rem; border: 1px solid var(--sieve-border, #d0d7de); border-radius: 6px; }
  .labels { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.75rem; }
  button { font: inherit; padding: 0.35rem 0.8rem; border-radius: 6px; border: 1px solid var(--sieve-border, #d0d7de); background: #fff; cursor: pointer; }
  button[aria-pressed='true'] { background: var(--sieve-accent, #2563eb); color: #fff; border-color: transparent; }
  kbd { font-size: 0.8em; opacity: 0.7; margin-right: 0.25rem; }
  .error { color: var(--sieve-error, #b42318); }
  .hint { font-size: 0.85em; opacity: 0.75; }
  /* Narrow hosts (phones): the list above the record, shorter. Last, so that it wins. */
  @container (max-width: 40rem) {
    .panel { grid-template-columns: 1fr; }
    .list { height: min(var(--list-height), 11rem); }
  }
`;
