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
          if (!declaration.customElement) continue;
          const hidden = new Set((declaration.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name));
          declaration.members = (declaration.members ?? []).filter((m) => !hidden.has(m.name));
          declaration.attributes = (declaration.attributes ?? []).filter((a) => !hidden.has(a.fieldName));
        }
      }
    },
  };
}

export default {
  globs: ['src/components/sieve-*/sieve-*.component.ts', 'src/components/sieve-*/sieve-*.ts'],
  exclude: ['src/components/**/*.styles.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [publicApiOnly()],
};
