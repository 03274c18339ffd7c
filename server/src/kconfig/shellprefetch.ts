/**
 * Faster `$(shell,...)` for loads with allowShell: a quick scan of the tree
 * (only `source` lines, macro assignments and `$(...)` references) lists the
 * commands whose text is known; shell lanes (shellLanes.ts) run them in
 * parallel while the scan and the real parse go on, and hand each result to
 * the parse synchronously when the parse reaches it. The scan waits for the
 * results of simple (`:=`) macro assignments, so commands built from them
 * (compiler name and version, `$(m64-flag)`) are foreseen too. Commands the
 * scan could not foresee are run on request. Results equal running each
 * command when conf would.
 */
import * as nodePath from 'path';
import { TreeFs } from './fs';
import { Preprocessor } from './preprocess';
import { DEFAULT_LIMITS } from './parseOptions';

export { ShellPrefetcher } from './shellLanes';

export interface PrescanOptions {
  srcDir: string;
  fs: TreeFs;
  env: Record<string, string | undefined>;
  toolchainFacts?: Record<string, string>;
  rootFile?: string;
  /** Called for each command as soon as the scan knows it (to start it early). */
  onCommand?: (cmd: string) => void;
  /**
   * Runs a command and returns its raw stdout, blocking. With it, the scan
   * waits for the results of simple (`:=`) macro assignments and so also
   * foresees the commands built from them.
   */
  run?: (cmd: string) => string;
  /** Kconfig text read at most (default: the parse's limit). */
  maxBytes?: number;
}

/** Commands the tree will (very likely) run, in the order met. */
export function prescanShellCommands(o: PrescanOptions): string[] {
  const scan = new Prescan(o);
  scan.visit(o.rootFile ?? 'Kconfig', 0);
  return scan.found;
}

/** The quick scan: files followed through `source`, macro assignments applied, `$(...)` expanded. */
class Prescan {
  private file = '';
  private line = 0;
  private blocking = false;
  readonly found: string[] = [];
  private readonly foundSet = new Set<string>();
  private readonly pp: Preprocessor;
  private readonly seen = new Set<string>();
  private readonly srcAbs: string;
  private readonly srcReal: string;
  private files = 0;
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(private readonly o: PrescanOptions) {
    this.pp = new Preprocessor({
      env: o.env,
      allowShell: true,
      toolchainFacts: o.toolchainFacts,
      cwd: o.srcDir,
      position: () => ({ file: this.file, line: this.line }),
      report: () => undefined,
      budget: { steps: DEFAULT_LIMITS.maxMacroSteps, output: DEFAULT_LIMITS.maxMacroOutput },
      runShell: (cmd, argsUnknown) => {
        if (argsUnknown) return undefined;
        if (!this.foundSet.has(cmd)) {
          this.foundSet.add(cmd);
          this.found.push(cmd);
        }
        if (this.blocking && o.run) return o.run(cmd);
        o.onCommand?.(cmd);
        return undefined;
      },
    });
    this.srcAbs = nodePath.resolve(o.srcDir);
    // the parser's own refusals: the scan reads nothing the parse would not read
    this.srcReal = (o.fs.realpath ? o.fs.realpath(this.srcAbs) : undefined) ?? this.srcAbs;
    this.maxBytes = o.maxBytes ?? DEFAULT_LIMITS.maxParsedBytes;
  }

  /** Names (and, through recursive variables, names they use) a text refers to. */
  private refsOf(text: string, out: Set<string>, depth: number): void {
    for (const m of text.matchAll(/\$\(([A-Za-z0-9_.-]+)/g)) {
      if (out.has(m[1])) continue;
      out.add(m[1]);
      const v = this.pp.vars.get(m[1]);
      if (v && v.flavor === 'recursive' && depth < 8) this.refsOf(v.value, out, depth + 1);
    }
  }

  /**
   * Before waiting for the `:=` at lines[i]: start the commands of the later
   * `:=` lines of the file that do not use anything assigned from line i on
   * (so their text is already final), e.g. ld-info while cc-info runs.
   */
  private lookAhead(lines: string[], i: number, done: Set<number>): void {
    const assigned = new Set<string>();
    for (let j = i; j < lines.length && j < i + 200; j++) {
      const l = lines[j];
      if (l.endsWith('\\')) break;
      const t = l.trimStart();
      const a = t.includes('=') ? /^([A-Za-z0-9_-]+)\s*(:=|\+=|=)\s*(.*)$/.exec(t) : null;
      if (!a || KEYWORDS.has(a[1])) continue;
      if (j > i && a[2] === ':=' && !done.has(j) && a[3].includes('$(')) {
        const refs = new Set<string>();
        this.refsOf(a[3], refs, 0);
        if (![...refs].some((r) => assigned.has(r))) {
          done.add(j);
          const before = this.found.length;
          this.pp.expandString(a[3]);
          for (const c of this.found.slice(before))
            if (this.pp.shellCalls.get(c)?.source === 'unknown') this.pp.shellCalls.delete(c);
        }
      }
      assigned.add(a[1]);
    }
  }

  /** One file (relative to the tree), unless past a limit, outside the tree or seen already. */
  visit(rel: string, depth: number): void {
    const o = this.o;
    if (depth > DEFAULT_LIMITS.maxIncludeDepth || ++this.files > DEFAULT_LIMITS.maxFiles || this.bytes > this.maxBytes)
      return;
    const abs = nodePath.resolve(this.srcAbs, rel);
    if (!under(abs, this.srcAbs)) return;
    const real = o.fs.realpath ? o.fs.realpath(abs) : abs;
    if (!real || this.seen.has(real) || !under(real, this.srcReal)) return;
    const text = o.fs.readFile(real);
    if (text === undefined) return;
    this.seen.add(real);
    if ((this.bytes += text.length) > this.maxBytes) return;
    this.scanLines(text.split('\n'), nodePath.relative(this.srcAbs, abs), depth);
  }

  /** The lines of one file: help texts skipped, `source` followed, assignments applied, references expanded. */
  private scanLines(lines: string[], relFile: string, depth: number): void {
    const pp = this.pp;
    const lookedAhead = new Set<number>();
    let helpIndent = -1; // -2: in help, indentation not known yet
    for (let i = 0; i < lines.length; i++) {
      if (pp.exhausted) return;
      let l = lines[i];
      const start = i;
      if (l.endsWith('\\') && i + 1 < lines.length) {
        const parts: string[] = [];
        while (l.endsWith('\\') && i + 1 < lines.length) {
          parts.push(l.slice(0, -1));
          l = lines[++i];
        }
        parts.push(l);
        l = parts.join('');
      }
      const trimmed = l.trimStart();
      const indent = indentOf(l);
      if (helpIndent !== -1) {
        if (trimmed === '') continue;
        if (helpIndent === -2 && indent > 0) {
          helpIndent = indent;
          continue;
        }
        if (helpIndent > 0 && indent >= helpIndent) continue;
        helpIndent = -1;
      }
      const c0 = trimmed[0];
      if ((c0 === 'h' || c0 === '-') && /^(help|---help---)\s*(#.*)?$/.test(trimmed)) {
        helpIndent = -2;
        continue;
      }
      if (trimmed === '' || c0 === '#') continue;
      this.file = relFile;
      this.line = start + 1;
      const src = c0 === 'o' || c0 === 'r' || c0 === 's' ? /^(o?r?source)\s+"([^"]*)"/.exec(trimmed) : null;
      if (src) {
        const p = pp.expandString(src[2]);
        this.visit(
          src[1] === 'rsource' || src[1] === 'orsource' ? nodePath.join(nodePath.dirname(relFile), p) : p,
          depth + 1,
        );
        continue;
      }
      const asg = trimmed.includes('=') ? /^([A-Za-z0-9_$()-]+)\s*(:=|\+=|=)\s*(.*)$/.exec(trimmed) : null;
      if (asg && !KEYWORDS.has(asg[1])) {
        const name = asg[1].includes('$') ? pp.expandString(asg[1]) : asg[1];
        if (asg[2] === ':=' && this.o.run && asg[3].includes('$(')) this.lookAhead(lines, i, lookedAhead);
        this.blocking = asg[2] === ':=';
        pp.define(name, asg[3], asg[2] === ':=' ? 'simple' : asg[2] === '+=' ? 'append' : 'recursive');
        this.blocking = false;
        continue;
      }
      if (l.includes('$(')) pp.expandString(stripComment(l));
    }
  }
}

const under = (p: string, root: string): boolean => p === root || p.startsWith(root.endsWith('/') ? root : root + '/');

const KEYWORDS = new Set([
  'config',
  'menuconfig',
  'default',
  'depends',
  'select',
  'imply',
  'range',
  'def_bool',
  'def_tristate',
  'prompt',
  'if',
  'visible',
]);

function indentOf(l: string): number {
  let ts = 0;
  for (const c of l) {
    if (c === ' ') ts++;
    else if (c === '\t') ts = (ts & ~7) + 8;
    else break;
  }
  return ts;
}

function stripComment(l: string): string {
  let q = '';
  let depth = 0;
  for (let i = 0; i < l.length; i++) {
    const c = l[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = '';
    } else if (c === '"' || c === "'") q = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '#' && depth <= 0) return l.slice(0, i);
  }
  return l;
}
