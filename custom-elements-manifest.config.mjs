import { readFileSync } from 'node:fs';
// The custom-elements manifest (dist/custom-elements.json, referenced by package.json's
// `customElements`): tag names, attributes, properties, events with their detail types, parts and
// CSS custom properties of each element, read from the components' sources and doc blocks.

/**
 * Keeps the public API only: lit's internal reactive state (`static properties` entries with
 * `state: true`, declared private) is not an attribute, and private members are not for users.
 */
function publicApiOnly() {
  return {
    name: 'sieve-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          // The shared base class is a LitElement but defines no tag: not an element of its own.
          if (declaration.customElement && !declaration.tagName) delete declaration.customElement;
          if (!declaration.customElement) continue;
          const hidden = new Set((declaration.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name));
          declaration.members = (declaration.members ?? []).filter((m) => !hidden.has(m.name));
          declaration.attributes = (declaration.attributes ?? []).filter((a) => !hidden.has(a.fieldName));
        }
      }
    },
  };
}

/**
 * Every element takes the shared design tokens of src/components/shared/theme.ts: each
 * `--sieve-*` token is listed on each element with its default (light and dark) and what it
 * colours, read from that one file so that the manifest cannot drift from the styles.
 */
function sharedDesignTokens() {
  const theme = readFileSync(new URL('./src/components/shared/theme.ts', import.meta.url), 'utf8');
  const tokens = [...theme.matchAll(/var\((--sieve-[a-z0-9-]+), (.+?)\);? \/\* (.+?) \*\//g)].map(([, name, fallback, description]) => ({
    name,
    default: fallback,
    description,
  }));
  if (tokens.length < 10) throw new Error(`Expected the design tokens in theme.ts, found ${tokens.length}`);
  return {
    name: 'sieve-shared-design-tokens',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (declaration.customElement) declaration.cssProperties = [...(declaration.cssProperties ?? []), ...tokens];
        }
      }
    },
  };
}

export default {
  globs: ['src/components/sieve-*/sieve-*.component.ts', 'src/components/sieve-*/sieve-*.ts', 'src/components/shared/sieve-element.ts'],
  exclude: ['src/components/**/*.styles.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [publicApiOnly(), sharedDesignTokens()],
};
