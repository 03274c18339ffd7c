// The per-line detail files of the Kconfig symbol tables (server/data/kernel/symbols-<v>.json),
// each read only when first asked for. Static requires, so the bundler sees every file (the
// build turns each into a read of dist/data at that moment). Keep in step with the versions in
// symbols.json (server/test/kernelconfig-data.test.ts checks it).
/* eslint-disable @typescript-eslint/no-require-imports */

export interface SymbolDetail {
  version: string;
  /** Per arch: one character per symbol of symbols.json, '-' absent, else a digit 0-7 (prompt 1 | selected 2 | default on 4). */
  flags: Record<string, string>;
  files: Record<string, number>;
  debian?: { onlyDebian: string[]; onlyMainline: string[] };
}

const FILES: Record<string, () => unknown> = {
  '3.1': () => require('../../data/kernel/symbols-3.1.json'),
  '3.2': () => require('../../data/kernel/symbols-3.2.json'),
  '3.10': () => require('../../data/kernel/symbols-3.10.json'),
  '3.16': () => require('../../data/kernel/symbols-3.16.json'),
  '3.18': () => require('../../data/kernel/symbols-3.18.json'),
  '4.4': () => require('../../data/kernel/symbols-4.4.json'),
  '4.9': () => require('../../data/kernel/symbols-4.9.json'),
  '4.14': () => require('../../data/kernel/symbols-4.14.json'),
  '4.19': () => require('../../data/kernel/symbols-4.19.json'),
  '5.4': () => require('../../data/kernel/symbols-5.4.json'),
  '5.10': () => require('../../data/kernel/symbols-5.10.json'),
  '5.15': () => require('../../data/kernel/symbols-5.15.json'),
  '6.1': () => require('../../data/kernel/symbols-6.1.json'),
  '6.6': () => require('../../data/kernel/symbols-6.6.json'),
  '6.12': () => require('../../data/kernel/symbols-6.12.json'),
};

export const DETAIL_VERSIONS: readonly string[] = Object.keys(FILES);

export function loadSymbolDetail(version: string): SymbolDetail | undefined {
  const f = FILES[version];
  return f ? (f() as SymbolDetail) : undefined;
}

/** Dependencies as written per symbol and line (depends.json), read on the first hover that asks. */
export interface DependsData {
  versions: string[];
  texts: string[];
  /** Flat [enclosing, own] text indexes per pair, -1 for an empty half. */
  pairs: number[];
  /**
   * One entry per name of symbols.json, in its order: 0 none; a number n, pair n - 1 in every line
   * that defines the symbol; a list, [line index, n (0 none)] at each line where it changes.
   */
  symbols: Array<number | number[]>;
}

let depends: DependsData | undefined;
export function loadDepends(): DependsData {
  return (depends ??= require('../../data/kernel/depends.json') as DependsData);
}

/** Whether depends.json has been read (for the test that it loads lazily). */
export function dependsLoaded(): boolean {
  return depends !== undefined;
}
