// Read-only file access on the real file system; every failure is "absent", never an exception.
import * as fs from 'node:fs';
import type { ReadOnlyFs } from '../core/mode';
import { readRegularFile } from './fs';

const MAX_FILE = 64 * 1024 * 1024;

export const nodeFs: ReadOnlyFs = {
  readFile(path) {
    // regular files only, checked before opening and again on the descriptor (opened
    // non-blocking: a named pipe swapped in cannot stall it)
    const r = readRegularFile(path, MAX_FILE);
    return 'text' in r ? r.text : undefined;
  },
  exists(path) {
    try {
      fs.accessSync(path);
      return true;
    } catch {
      return false;
    }
  },
};
