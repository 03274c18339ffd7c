// Read-only file access on the real file system; every failure is "absent", never an exception.
import * as fs from 'node:fs';
import type { ReadOnlyFs } from './mode';

const MAX_FILE = 64 * 1024 * 1024;

export const nodeFs: ReadOnlyFs = {
  readFile(path) {
    try {
      const st = fs.statSync(path);
      if (!st.isFile() || st.size > MAX_FILE) return undefined;
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  exists(path) {
    try { fs.accessSync(path); return true; } catch { return false; }
  },
};
