'use strict';
// dist/server.js and dist/cli.js (copied there by scripts/build.mjs): start the bundle beside this
// file (server.bundle.js, cli.bundle.js or cli-kconfig.bundle.js) with V8's compiled code kept from an earlier start, so a start
// does not parse and compile the whole bundle again (issue 20: server start → first diagnostics).
//
// The compiled code lives in the user's cache directory ($XDG_CACHE_HOME/xen-config/code, else
// ~/.cache/…), one file per bundle path, written once when missing or not accepted (atomically, when
// the process ends). It is used only when its SHA-256 over the bundle's identity (path, size, mtime),
// the Node version and flags, and the data matches what is stored with it: a truncated, corrupt or
// foreign file is ignored and replaced, and V8 checks the data against the source again. Without a
// cache directory, with XEN_CONFIG_CODE_CACHE=0, or on any error the bundle starts as a plain script.
// With XEN_CONFIG_CODE_CACHE=read the compiled code is used but never written: a process started by
// another (the CLI's background store) leaves that to the one that started it, instead of writing
// the same file again as it ends (~60 ms a warm run started right after would share the CPU with).
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const os = require('node:os');
const crypto = require('node:crypto');
const Module = require('node:module');

const MAGIC = Buffer.from('XCCODE01', 'latin1');
// `xen-config olddefconfig` (and its background store) starts a bundle of its own, a fifth of the
// CLI's (server/src/cli/kconfigMain.ts): a warm run is over in a few hundred milliseconds
const OWN_BUNDLE = { olddefconfig: 'cli-kconfig', '__store-tree-cache': 'cli-kconfig' };
const bundle = (() => {
  const own = path.basename(__filename) === 'cli.js' ? OWN_BUNDLE[process.argv[2]] : undefined;
  const p = own && Object.hasOwn(OWN_BUNDLE, process.argv[2]) ? path.join(__dirname, `${own}.bundle.js`) : undefined;
  return p && fs.existsSync(p) ? p : __filename.replace(/\.js$/, '.bundle.js');
})();

function cacheDir() {
  if (process.env.XEN_CONFIG_CODE_CACHE === '0') return undefined;
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'xen-config', 'code');
  try {
    const home = os.homedir();
    return home ? path.join(home, '.cache', 'xen-config', 'code') : undefined;
  } catch {
    return undefined;
  }
}

function start() {
  // (an ASCII file read as Latin-1, the same text: 0.3 ms for the server's bundle, UTF-8 1.3-3 ms;
  // the build checks the bundles are ASCII)
  const bytes = fs.readFileSync(bundle);
  const source = require('node:buffer').isAscii?.(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  let cacheFile;
  let key;
  let cached;
  try {
    const dir = cacheDir();
    if (dir) {
      const st = fs.statSync(bundle);
      key = [bundle, st.size, st.mtimeMs, process.version, process.arch, process.execArgv.join(' ')].join('\0');
      const name = crypto.createHash('sha256').update(bundle).digest('hex').slice(0, 32);
      cacheFile = path.join(dir, `${name}-${path.basename(bundle, '.js')}.bin`);
      const b = fs.readFileSync(cacheFile);
      const data = b.subarray(MAGIC.length + 32);
      const sum = crypto.createHash('sha256').update(key).update(data).digest();
      if (b.subarray(0, MAGIC.length).equals(MAGIC) && sum.equals(b.subarray(MAGIC.length, MAGIC.length + 32)))
        cached = data;
    }
  } catch {
    cached = undefined; // no cache yet, or unreadable: compiled from the source
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData: cached });
  if (cacheFile && (!cached || script.cachedDataRejected) && process.env.XEN_CONFIG_CODE_CACHE !== 'read') {
    // at the end, so that the functions the run compiled on the way are in the stored code too
    process.once('exit', () => {
      try {
        const data = script.createCachedData();
        const sum = crypto.createHash('sha256').update(key).update(data).digest();
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, Buffer.concat([MAGIC, sum, data]), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
      } catch {
        /* not stored: the next start compiles again */
      }
    });
  }
  // run as this module: `require.main === module` stays true for the command line
  script.runInThisContext()(module.exports, require, module, bundle, __dirname);
}

start();
