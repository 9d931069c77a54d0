export const WASM_SOURCES: { wat: string; module: string }[];
export function compiledModuleSource(watPath: string): Promise<string>;
