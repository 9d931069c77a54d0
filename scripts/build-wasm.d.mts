export const WAT_PATH: string;
export const MODULE_PATH: string;
export function compiledModuleSource(): Promise<string>;
