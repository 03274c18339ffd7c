// V8 flags a short run changes as it goes (olddefconfig.ts), put back as the process ends.
//
// V8 stamps compiled code with the flags in force, and the code cache of the bundle
// (scripts/code-cache-loader.cjs) is made as the process ends: made with a flag still changed, it
// is refused by the next start, which compiles the bundle again and writes the cache again. Every
// olddefconfig run on a kernel tree did so while the young generation's flag was left changed
// (test/code-cache.test.ts); all of them are put back, whichever V8 counts.
import * as v8 from 'node:v8';

/** Flags changed so far, each with the setting that puts it back (V8's default). */
const changed = new Map<string, string>();

/**
 * Sets a V8 flag (`--name=value`, `--name`, `--no-name`) until the process ends, when `back` (the
 * flag's default) is set again, before the code cache is made.
 */
export function setV8Flag(setting: string, back: string): void {
  // (in front of the loader's own listener, registered before the bundle started)
  if (!changed.size) process.prependOnceListener('exit', putBack);
  changed.set(back.replace(/^--(no-)?|=.*$/g, ''), back);
  v8.setFlagsFromString(setting);
}

function putBack(): void {
  for (const back of changed.values()) v8.setFlagsFromString(back);
  changed.clear();
}
