// Derives the Linux boot-parameter table of one kernel tree into server/data/linux/params-<v>.json.
//
//   node --import tsx scripts/derive-linux-params.ts <kernel-tree> [out.json] [--doc-from <tree> …]
//
// The tree needs *.c and the local *.h beside them, Makefile/Kbuild files, and
// Documentation/admin-guide/kernel-parameters.txt (Documentation/kernel-parameters.txt before
// 4.10). Debian's trees come from scripts/prepare-kernel-trees.sh; older releases from public
// snapshots, extracted by scripts/derive-linux/prepare-tree.ts into <root>/mainline/linux-<v>:
//   node --import tsx scripts/derive-linux-params.ts .cache/mainline/linux-4.19
// A tree without kernel-parameters.txt (the 3.2 snapshot has no Documentation/) takes its
// documentation facts from the trees named by --doc-from (each once; at least two): an entry is
// taken when all of their files have it, with only the facts they agree on, and the table records
// that rule and each file's release, repository and commit (docsFrom). 3.2 is derived so:
//   node --import tsx scripts/derive-linux-params.ts .cache/mainline/linux-3.2 \
//     --doc-from .cache/mainline/linux-3.1 --doc-from .cache/mainline/linux-3.10
// Trees before 6.1 list their top directories in the Makefile (core-y, drivers-y …), not in Kbuild. Output is deterministic (sorted, no dates), so
// CI can regenerate and compare (server/test/linux-derive.test.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyFixed, ARCHES, reachedFiles, type ArchKey } from './derive-linux/kbuild';
import { registrationsOf, type RegKind } from './derive-linux/registrations';
import { commonDocEntries, docEntries, paramsDocOf, type DocEntry } from './derive-linux/paramsDoc';
import { bootReads } from './derive-linux/bootReaders';
import { consolesOf } from './derive-linux/consoles';
import { symbolArches } from './derive-linux/kconfigArch';
import { treeSource, type TreeSource } from './kernel-trees';

const KIND_CODE: Record<RegKind, string> = { setup: 's', early: 'e', core: 'c', module: 'm', direct: 'd' };

/** Boot parameters that are aliases of sysctls (fs/proc/proc_sysctl.c sysctl_aliases[]); the sysctl goes in the type column. */
function sysctlAliases(tree: string): Array<{ name: string; sysctl: string; file: string; line: number }> {
  const file = 'fs/proc/proc_sysctl.c';
  let text: string;
  try {
    text = readFileSync(join(tree, file), 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /sysctl_aliases\[\]\s*=/.test(l));
  if (start < 0) return [];
  const out: Array<{ name: string; sysctl: string; file: string; line: number }> = [];
  for (let i = start + 1; i < lines.length && !/^\s*\};/.test(lines[i]); i++) {
    const m = /\{\s*"([^"]+)"\s*,\s*"([^"]+)"\s*\}/.exec(lines[i]);
    if (m) out.push({ name: m[1], sysctl: m[2], file, line: i + 1 });
  }
  return out;
}

function archCode(arches: ArchKey[]): string {
  return arches.length === ARCHES.length ? '' : arches.map((a) => (a === 'x86_64' ? 'x' : 'a')).join('');
}

function trimRow(row: Array<string | number | undefined>): Array<string | number> {
  const r = [...row];
  while (r.length && (r[r.length - 1] === undefined || r[r.length - 1] === '' || r[r.length - 1] === 0)) r.pop();
  return r.map((x) => x ?? '');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function findDefine(tree: string, rel: string, macro: string): { value: number; at: string } | undefined {
  try {
    const lines = readFileSync(join(tree, rel), 'utf8').split('\n');
    const i = lines.findIndex((l) => new RegExp(`^\\s*#\\s*define\\s+${macro}\\s+(\\d+)`).test(l));
    if (i < 0) return undefined;
    return { value: Number(/(\d+)\s*$/.exec(lines[i].replace(/\/\*.*$/, '').trim())![1]), at: `${rel}:${i + 1}` };
  } catch {
    return undefined;
  }
}

function kconfigDefault(tree: string, rel: string, sym: string): { value: number; at: string } | undefined {
  try {
    const lines = readFileSync(join(tree, rel), 'utf8').split('\n');
    const start = lines.findIndex((l) => l.trim() === `config ${sym}`);
    if (start < 0) return undefined;
    for (let i = start + 1; i < lines.length && !/^(config|menu|endmenu|if|endif)\b/.test(lines[i]); i++) {
      const m = /^\s*default\s+(\d+)\s*(?:if\s+!UML\s*)?$/.exec(lines[i]);
      if (m) return { value: Number(m[1]), at: `${rel}:${i + 1}` };
    }
  } catch {
    /* absent */
  }
  return undefined;
}

/** The repository and commit of a tree prepared by prepare-tree.ts (its .source.json), if it is one. */
function snapshotOf(tree: string): { repository: string; commit: string } | undefined {
  try {
    const s = JSON.parse(readFileSync(join(tree, '.source.json'), 'utf8')) as {
      repository?: unknown;
      commit?: unknown;
    };
    if (typeof s.repository === 'string' && typeof s.commit === 'string')
      return { repository: s.repository, commit: s.commit };
  } catch {
    /* not a prepared snapshot */
  }
  return undefined;
}

/** A kernel-parameters.txt that the documentation facts of a table come from, when not its own tree's. */
export interface DocSource {
  release: string;
  file: string;
  repository: string;
  commit: string;
}

export interface LinuxParamTable {
  $schema: string;
  version: string;
  release: string;
  origin: string;
  /**
   * The Debian package (version, tarball sha256) the tree was extracted from, when
   * prepare-kernel-trees.sh recorded it; for a mainline tree, the public snapshot (repository,
   * commit) that scripts/derive-linux/prepare-tree.ts extracted it from.
   */
  source?: TreeSource | { repository: string; commit: string };
  /**
   * Set when the tree has no kernel-parameters.txt: the neighbouring releases' files whose
   * common entries stand for it (rule 'common-entries': an entry all of them document, with the
   * facts all agree on; lines are those of the first file).
   */
  docsFrom?: { rule: 'common-entries'; files: DocSource[] };
  limits: Record<string, { value: number; at: string } | undefined>;
  files: string[];
  gates: string[];
  params: Array<Array<string | number>>;
  docs: Array<Array<string | number>>;
  boot: Array<Array<string | number>>;
  /** Console names (`console=NAME<n>`): name, file index, line, architectures, gate index. */
  consoles: Array<Array<string | number>>;
}

function releaseOf(tree: string): { version: string; release: string; v: (k: string) => string } {
  const mk = readFileSync(join(tree, 'Makefile'), 'utf8');
  const v = (k: string) => new RegExp(`^${k}\\s*=\\s*(\\d*)`, 'm').exec(mk)?.[1] ?? '';
  const version = `${v('VERSION')}.${v('PATCHLEVEL')}`;
  return { version, release: `${version}.${v('SUBLEVEL') || '0'}`, v };
}

/** The documentation facts: the tree's own file, or the entries common to the --doc-from trees' files. */
function documentation(
  tree: string,
  docFrom: readonly string[],
): { entries: DocEntry[]; paths: string[]; text: string; docsFrom?: LinuxParamTable['docsFrom'] } {
  if (!docFrom.length) return { entries: docEntries(tree), paths: [paramsDocOf(tree)], text: paramsDocOf(tree) };
  if (docFrom.length < 2) throw new Error('--doc-from needs at least two trees (the releases on either side)');
  const files: DocSource[] = docFrom.map((d) => {
    const snap = snapshotOf(d);
    const file = paramsDocOf(d);
    if (!snap) throw new Error(`--doc-from ${d}: not a prepared snapshot (no .source.json)`);
    if (!existsSync(join(d, file))) throw new Error(`--doc-from ${d}: no ${file}`);
    return { release: releaseOf(d).release, file, ...snap };
  });
  const entries = commonDocEntries(docFrom.map((d) => docEntries(d)));
  const names = files.map((f) => `Linux ${f.release}`);
  const text = `the intersection of the kernel-parameters.txt of ${names.join(' and ')}, the releases around it (this tree has no Documentation/): an entry is taken only when every one of those files documents it, with only the facts they all agree on, at the line of the first (${files.map((f) => `${f.file} of ${f.repository} at commit ${f.commit}`).join('; ')})`;
  return {
    entries,
    paths: [...new Set(files.map((f) => f.file))],
    text,
    docsFrom: { rule: 'common-entries', files },
  };
}

export function deriveLinuxParams(tree: string, opts: { docFrom?: readonly string[] } = {}): LinuxParamTable {
  const { version, release, v } = releaseOf(tree);
  const doc = documentation(tree, opts.docFrom ?? []);
  const snap = snapshotOf(tree);
  const from = snap
    ? `the Linux ${release} tree of the public snapshot ${snap.repository} at commit ${snap.commit} (extracted by scripts/derive-linux/prepare-tree.ts or scripts/prepare-mainline-trees.sh)`
    : `Debian's linux-source-${version} tree (Linux ${release})`;

  const files: string[] = [];
  const fileIdx = new Map<string, number>();
  const idx = (f: string) => {
    let i = fileIdx.get(f);
    if (i === undefined) {
      i = files.length;
      files.push(f);
      fileIdx.set(f, i);
    }
    return i;
  };

  type Row = {
    name: string;
    kind: string;
    file: string;
    line: number;
    arch: string;
    gates: string;
    type?: string;
    def?: string;
  };
  const rows: Row[] = [];
  const consoleRows: Array<{ name: string; file: string; line: number; arch: string; gates: string }> = [];
  const symArch = symbolArches(tree);
  /** A gate symbol that Kconfig only offers on other architectures rules the architecture out. */
  const kconfigAllows = (gates: string[], arch: ArchKey) =>
    gates.every((g) => g.startsWith('!') || (symArch.get(g)?.includes(arch) ?? true));
  // Trees before 6.1 read `x-objs := $(x-y)` as keeping x-y's objects (drivers/video's fb.o in
  // 3.x); the 6.1/6.12 tables keep their earlier reading so that they regenerate byte for byte.
  const selfComposites = Number(v('VERSION')) * 1000 + Number(v('PATCHLEVEL')) < 6001;
  for (const rf of reachedFiles(tree, { selfComposites })) {
    for (const reg of registrationsOf(tree, rf.path, rf.modname)) {
      let gates: string[] | undefined;
      const arches: ArchKey[] = [];
      for (const arch of rf.arches) {
        const c = applyFixed([...rf.gates, ...reg.gates], arch);
        if (c.dead || !kconfigAllows(c.syms, arch)) continue;
        arches.push(arch);
        gates ??= [...new Set(c.syms)];
      }
      if (!arches.length) continue;
      rows.push({
        name: reg.name,
        kind: KIND_CODE[reg.kind],
        file: reg.file,
        line: reg.line,
        arch: archCode(arches),
        gates: (gates ?? []).join(','),
        type: reg.type,
        def: reg.default,
      });
    }
    for (const con of consolesOf(tree, rf.path)) {
      let gates: string[] | undefined;
      const arches: ArchKey[] = [];
      for (const arch of rf.arches) {
        const c = applyFixed([...rf.gates, ...con.gates], arch);
        if (c.dead || !kconfigAllows(c.syms, arch)) continue;
        arches.push(arch);
        gates ??= [...new Set(c.syms)];
      }
      if (arches.length) consoleRows.push({ ...con, arch: archCode(arches), gates: (gates ?? []).join(',') });
    }
  }
  for (const al of sysctlAliases(tree))
    rows.push({
      name: al.name,
      kind: 'y',
      file: al.file,
      line: al.line,
      arch: '',
      gates: 'PROC_SYSCTL',
      type: al.sysctl,
    });
  rows.sort((a, b) => cmp(a.name, b.name) || cmp(a.file, b.file) || a.line - b.line || cmp(a.kind, b.kind));
  const seenRow = new Set<string>();
  const params: Array<Array<string | number>> = [];
  const sortedFiles = [...new Set([...rows.map((r) => r.file), ...consoleRows.map((r) => r.file), ...doc.paths])].sort(
    cmp,
  );
  for (const f of sortedFiles) idx(f);
  const boots = bootReads(tree);
  for (const b of [...boots].sort((x, y) => cmp(x.file, y.file))) if (!fileIdx.has(b.file)) idx(b.file);
  // Gate conjunctions repeat across rows: a sorted table, rows point into it (index + 1; 0 = none).
  const gates = [...new Set([...rows, ...consoleRows].map((r) => r.gates).filter(Boolean))].sort(cmp);
  const gateIdx = new Map(gates.map((g, i) => [g, i + 1]));
  for (const r of rows) {
    const key = `${r.name}|${r.file}|${r.line}|${r.kind}`;
    if (seenRow.has(key)) continue;
    seenRow.add(key);
    params.push(
      trimRow([r.name, r.kind, idx(r.file), r.line, r.arch, r.gates ? gateIdx.get(r.gates) : 0, r.type, r.def]),
    );
  }

  const docs = doc.entries
    .sort((a, b) => cmp(a.name, b.name) || a.line - b.line)
    .map((d) =>
      trimRow([
        d.name,
        d.line,
        d.takesValue ? '=' : '-',
        d.tags.join(','),
        d.format,
        d.deprecated ? 'deprecated' : '',
        d.successor,
      ]),
    );

  const consoles = consoleRows
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.file, b.file) || a.line - b.line)
    .map((c) => trimRow([c.name, idx(c.file), c.line, c.arch, c.gates ? gateIdx.get(c.gates)! : 0]));

  const boot = boots
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.reader, b.reader) || cmp(a.file, b.file) || a.line - b.line)
    .map((b) => trimRow([b.name, b.reader, idx(b.file), b.line, archCode(b.arches)]));

  return {
    $schema: '../schema/linux-params.schema.json',
    version,
    release,
    source: snap ?? treeSource(tree),
    ...(doc.docsFrom ? { docsFrom: doc.docsFrom } : {}),
    origin: `Derived by scripts/derive-linux-params.ts from ${from}: registrations (__setup, early_param, core_param, module_param* and wrappers of it, direct scans of the command line, sysctl aliases) in the C files that the x86_64 and arm64 Kbuild/Makefile object lists reach, with the Kconfig symbols gating them (architectures narrowed by the Kconfig dependencies of those symbols); tags, formats and deprecations from ${doc.text}; options read by the x86 setup code, the x86 decompressor, the EFI stub and arm64's early overrides; console names (the .name of each struct console those C files define). Rows cite file index and line.`,
    limits: {
      commandLineSize_x86_64: findDefine(tree, 'arch/x86/include/asm/setup.h', 'COMMAND_LINE_SIZE'),
      commandLineSize_arm64: findDefine(tree, 'arch/arm64/include/uapi/asm/setup.h', 'COMMAND_LINE_SIZE'),
      initArgsAndEnvs: kconfigDefault(tree, 'init/Kconfig', 'INIT_ENV_ARG_LIMIT'),
    },
    files,
    gates,
    params,
    docs,
    boot,
    consoles,
  };
}

/** JSON with one row per line: stable, diffable, compact. */
export function serializeTable(t: LinuxParamTable): string {
  const rows = (xs: unknown[]) => (xs.length ? `[\n${xs.map((x) => JSON.stringify(x)).join(',\n')}\n]` : '[]');
  const parts = [
    `"$schema": ${JSON.stringify(t.$schema)}`,
    `"version": ${JSON.stringify(t.version)}`,
    `"release": ${JSON.stringify(t.release)}`,
    `"origin": ${JSON.stringify(t.origin)}`,
    ...(t.source ? [`"source": ${JSON.stringify(t.source)}`] : []),
    ...(t.docsFrom ? [`"docsFrom": ${JSON.stringify(t.docsFrom)}`] : []),
    `"limits": ${JSON.stringify(t.limits)}`,
    `"files": ${rows(t.files)}`,
    `"gates": ${rows(t.gates)}`,
    `"params": ${rows(t.params)}`,
    `"docs": ${rows(t.docs)}`,
    `"boot": ${rows(t.boot)}`,
    `"consoles": ${rows(t.consoles)}`,
  ];
  return `{\n${parts.join(',\n')}\n}\n`;
}

if (require.main === module) {
  const positional: string[] = [];
  const docFrom: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--doc-from' && argv[i + 1]) docFrom.push(resolve(argv[++i]));
    else positional.push(argv[i]);
  }
  const [tree, outArg] = positional;
  if (!tree || positional.length > 2 || argv.at(-1) === '--doc-from') {
    console.error(
      'usage: node --import tsx scripts/derive-linux-params.ts <kernel-tree> [out.json] [--doc-from <tree> --doc-from <tree>]',
    );
    process.exit(2);
  }
  const t0 = Date.now();
  const table = deriveLinuxParams(resolve(tree), { docFrom });
  const out = outArg ?? resolve(__dirname, '..', 'server', 'data', 'linux', `params-${table.version}.json`);
  writeFileSync(out, serializeTable(table));
  console.error(
    `derive-linux-params: Linux ${table.release}: ${table.params.length} registrations, ${table.docs.length} documented names, ${table.boot.length} early readers -> ${out} (${Date.now() - t0} ms)`,
  );
}
