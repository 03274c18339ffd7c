// Generator of Kconfig trees and .config inputs for the generated-trees oracle
// (kconfig-generated.test.ts). A tree holds many independent groups of symbols: a group's
// symbols are named G<i>_*, refer only to their own group (and to MODULES, shared by the
// tree), so one conf run checks every group of the tree and each group is one case.
//
// Inside a group the references form no loop: a symbol's dependencies, defaults, prompt and
// range conditions name only symbols defined before it; `select` and `imply` name only
// symbols defined after it (the kernel refuses dependency loops, which are not what is tested).
// Forms: bool/tristate/int/hex/string, prompts with `if`, defaults with conditions,
// def_bool/def_tristate, depends on, `if`/`endif`, menus with `depends on` and `visible if`,
// select/imply with `if`, ranges (constant or symbol bounds) with conditions, expressions with
// && || ! ( ) = != < <= > >=, choices (bool; tristate and `optional` in the legacy generation
// only, 6.11 removed them), and macros: `:=`, `=`, `+=`, user functions with $(1) $(2), symbol
// names built by macros, $(lineno) and $(filename). No $(shell,…).
import type { Rand } from './grubOracleHarness';

export type Generation = 'legacy' | 'modern';
type Ty = 'bool' | 'tristate' | 'int' | 'hex' | 'string';

interface Sym {
  name: string;
  ty: Ty;
  choiceMember?: boolean;
}

export interface Group {
  /** G<i>_ */
  prefix: string;
  kconfig: string;
  config: string;
}

export interface GenTree {
  kconfig: string;
  config: string;
  groups: Group[];
  /** The MODULES line of the .config ('' when absent). */
  modules: string;
}

const STRINGS = ['', 'abc', 'abd', 'x y', '10', '0x10', 'y', 'a"b', 'b\\c'];
/** A string in double quotes, escaped as Kconfig and .config files read it. */
const quote = (s: string): string => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

class GroupGen {
  private syms: Sym[] = [];
  private out: string[] = [];
  private n = 0;
  private macros = 0;
  constructor(
    private r: Rand,
    private prefix: string,
    private gen: Generation,
  ) {}

  private newName(): string {
    return `${this.prefix}${String.fromCharCode(65 + (this.n % 26))}${this.n++ >= 26 ? this.n : ''}`;
  }

  private pickSym(types: Ty[], excludeChoice = false): Sym | undefined {
    const c = this.syms.filter((s) => types.includes(s.ty) && !(excludeChoice && s.choiceMember));
    return c.length ? this.r.pick(c) : undefined;
  }

  private num(ty: 'int' | 'hex'): string {
    const v = this.r.pick([0, 1, 2, 5, 10, 15, 16, 20, 32, 100, 255, 256, -1, -5]);
    if (ty === 'int') return String(v);
    const a = Math.abs(v);
    return this.r.chance(0.85) ? `0x${a.toString(16)}` : a.toString(16);
  }

  private literalOf(ty: Ty): string {
    switch (ty) {
      case 'bool':
        return this.r.pick(['y', 'n']);
      case 'tristate':
        return this.r.pick(['y', 'm', 'n']);
      case 'int':
        return this.num('int');
      case 'hex':
        return this.num('hex');
      case 'string':
        return quote(this.r.pick(STRINGS));
    }
  }

  /** A tristate expression over earlier symbols. */
  expr(depth = 0): string {
    const r = this.r;
    const k = depth > 2 ? r.int(3) : r.int(8);
    switch (k) {
      case 0:
      case 1: {
        const s = this.pickSym(['bool', 'tristate']);
        if (s) return s.name;
        return r.chance(0.5) ? 'MODULES' : r.pick(['y', 'm', 'n']);
      }
      case 2: {
        const s = this.pickSym(['bool', 'tristate', 'int', 'hex', 'string']);
        if (!s) return r.pick(['y', 'm', 'n']);
        const op = r.pick(['=', '!=', '<', '<=', '>', '>=']);
        const other = r.chance(0.3) ? this.pickSym([s.ty]) : undefined;
        let rhs = other ? other.name : s.ty === 'string' ? quote(r.pick(STRINGS)) : this.literalOf(s.ty);
        // 6.12's conf corrupts its memory on `X != y` in a dependency or prompt condition (it
        // prints "Oops! How to check <garbage>?" or dies of SIGSEGV): not generated for it
        if (this.gen === 'modern' && op === '!=' && rhs === 'y') rhs = r.pick(['n', 'm']);
        return `${s.name} ${op} ${rhs}`;
      }
      case 3:
        return `!${this.atom(depth)}`;
      case 4:
      case 5:
        return `${this.expr(depth + 1)} && ${this.expr(depth + 1)}`;
      case 6:
        return `${this.expr(depth + 1)} || ${this.expr(depth + 1)}`;
      default:
        return `(${this.expr(depth + 1)})`;
    }
  }

  private atom(depth: number): string {
    const e = this.expr(depth + 1);
    return /^[A-Za-z0-9_]+$/.test(e) ? e : `(${e})`;
  }

  private cond(p: number): string {
    return this.r.chance(p) ? ` if ${this.expr(1)}` : '';
  }

  /** A macro use in place of an expression, defining what it needs first. */
  private macroExpr(): string {
    const r = this.r;
    const m = `${this.prefix}M${this.macros++}`;
    switch (r.int(4)) {
      case 0: {
        this.out.push(`${m} = $(1) && $(2)`);
        return `$(${m},${this.atom(1)},${this.atom(1)})`;
      }
      case 1: {
        this.out.push(`${m} := ${this.atom(1)}`);
        this.out.push(`${m} += || ${this.atom(1)}`);
        return `$(${m})`;
      }
      case 2: {
        // recursive: expanded where used, so a later change is seen
        const v = `${this.prefix}V${this.macros++}`;
        this.out.push(`${v} := ${this.atom(1)}`);
        this.out.push(`${m} = !$(${v})`);
        this.out.push(`${v} := ${this.atom(1)}`);
        return `$(${m})`;
      }
      default: {
        this.out.push(`${m} = $(2)$(1)`);
        return `$(${m},,${this.atom(1)})`;
      }
    }
  }

  private dependsExpr(): string {
    return this.r.chance(0.15) ? this.macroExpr() : this.expr();
  }

  private defaultValue(ty: Ty): string {
    const r = this.r;
    if ((ty === 'bool' || ty === 'tristate') && r.chance(0.4)) return this.expr(1);
    if (r.chance(0.25)) {
      const s = this.pickSym(ty === 'bool' || ty === 'tristate' ? ['bool', 'tristate'] : [ty]);
      if (s) return s.name;
    }
    if (ty === 'string' && r.chance(0.1)) return r.pick(['"$(lineno)"', '"$(filename)"', '"L$(lineno)"']);
    if (r.chance(0.08)) {
      const m = `${this.prefix}M${this.macros++}`;
      this.out.push(`${m} := ${this.literalOf(ty)}`);
      return `$(${m})`;
    }
    return this.literalOf(ty);
  }

  private symbolBody(ty: Ty, inChoice: boolean, later: () => Sym[]): string[] {
    const r = this.r;
    const lines: string[] = [];
    const defKw =
      ty === 'bool' && !inChoice && r.chance(0.12)
        ? 'def_bool'
        : ty === 'tristate' && !inChoice && r.chance(0.12)
          ? 'def_tristate'
          : undefined;
    if (defKw) {
      lines.push(`\t${defKw} ${this.expr(1)}${this.cond(0.3)}`);
      if (r.chance(0.3)) lines.push(`\tprompt "p"${this.cond(0.3)}`);
    } else if (inChoice || r.chance(0.75)) {
      lines.push(`\t${ty} "${ty} ${this.n}"${inChoice ? '' : this.cond(0.2)}`);
    } else {
      lines.push(`\t${ty}`);
    }
    if (!inChoice) {
      const nd = r.int(3);
      for (let i = 0; i < nd; i++) lines.push(`\tdefault ${this.defaultValue(ty)}${this.cond(0.5)}`);
    }
    if (r.chance(0.35)) lines.push(`\tdepends on ${this.dependsExpr()}`);
    if ((ty === 'int' || ty === 'hex') && r.chance(0.6)) {
      const nr = 1 + (r.chance(0.25) ? 1 : 0);
      for (let i = 0; i < nr; i++) {
        let lo = this.num(ty);
        let hi = this.num(ty);
        if (r.chance(0.2)) lo = this.pickSym([ty])?.name ?? lo;
        if (r.chance(0.2)) hi = this.pickSym([ty])?.name ?? hi;
        lines.push(`\trange ${lo} ${hi}${this.cond(0.3)}`);
      }
    }
    if ((ty === 'bool' || ty === 'tristate') && !inChoice) {
      const targets = later().filter((s) => (s.ty === 'bool' || s.ty === 'tristate') && !s.choiceMember);
      for (const kw of ['select', 'imply']) {
        if (targets.length && r.chance(0.25)) lines.push(`\t${kw} ${r.pick(targets).name}${this.cond(0.3)}`);
      }
    }
    return lines;
  }

  /** Plan the group's symbols first (so select/imply may name later ones), then write them. */
  build(): string {
    const r = this.r;
    const count = 3 + r.int(6);
    const plan: Array<{ kind: 'sym'; s: Sym } | { kind: 'choice'; members: Sym[]; tri: boolean; optional: boolean }> =
      [];
    for (let i = 0; i < count; i++) {
      if (r.chance(0.18)) {
        const tri = this.gen === 'legacy' && r.chance(0.35);
        const members: Sym[] = [];
        const m = 2 + r.int(3);
        for (let j = 0; j < m; j++) {
          const ty: Ty = tri ? (r.chance(0.85) ? 'tristate' : 'bool') : 'bool';
          members.push({ name: this.newName(), ty, choiceMember: true });
        }
        plan.push({ kind: 'choice', members, tri, optional: this.gen === 'legacy' && r.chance(0.3) });
      } else {
        const ty: Ty = r.pick(['bool', 'bool', 'tristate', 'tristate', 'int', 'hex', 'string']);
        plan.push({ kind: 'sym', s: { name: this.newName(), ty } });
      }
    }
    const all = plan.flatMap((p) => (p.kind === 'sym' ? [p.s] : p.members));
    const laterThan = (s: Sym) => () => all.slice(all.indexOf(s) + 1);
    const closers: string[] = [];
    for (const p of plan) {
      // open an if-block or a menu now and then, closed later
      if (r.chance(0.12)) {
        this.out.push(`if ${this.dependsExpr()}`);
        closers.push('endif');
      } else if (r.chance(0.08)) {
        this.out.push(`menu "${this.prefix}menu"`);
        if (r.chance(0.5)) this.out.push(`\tdepends on ${this.expr()}`);
        if (r.chance(0.5)) this.out.push(`\tvisible if ${this.expr()}`);
        closers.push('endmenu');
      }
      if (p.kind === 'sym') {
        // the body first: macros it uses are defined before the entry
        const body = this.symbolBody(p.s.ty, false, laterThan(p.s));
        const named = r.chance(0.06);
        if (named) {
          const m = `${this.prefix}NAME${this.macros++}`;
          this.out.push(`${m} = ${this.prefix}$(1)`);
          this.out.push(`config $(${m},${p.s.name.slice(this.prefix.length)})`);
        } else this.out.push(`config ${p.s.name}`);
        this.out.push(...body);
        this.syms.push(p.s);
      } else {
        const bodies = p.members.map((s) => this.symbolBody(s.ty, true, laterThan(s)));
        this.out.push('choice');
        if (p.tri && r.chance(0.5)) this.out.push('\ttristate "choice"');
        else this.out.push('\tprompt "choice"');
        if (p.optional) this.out.push('\toptional');
        if (r.chance(0.3)) this.out.push(`\tdepends on ${this.expr()}`);
        const nd = r.chance(0.5) ? 1 + r.int(2) : 0;
        for (let i = 0; i < nd; i++) this.out.push(`\tdefault ${r.pick(p.members).name}${this.cond(0.5)}`);
        p.members.forEach((s, i) => {
          this.out.push(`config ${s.name}`);
          this.out.push(...bodies[i]);
        });
        this.out.push('endchoice');
        this.syms.push(...p.members);
      }
      if (closers.length && r.chance(0.4)) this.out.push(closers.pop()!);
    }
    while (closers.length) this.out.push(closers.pop()!);
    return this.out.join('\n') + '\n';
  }

  /** A .config fragment for the group's symbols. */
  config(): string {
    const r = this.r;
    const lines: string[] = [];
    for (const s of this.syms) {
      if (!r.chance(0.55)) continue;
      const reps = r.chance(0.08) ? 2 : 1;
      for (let i = 0; i < reps; i++) lines.push(this.assignment(s));
    }
    // shuffle a little: order matters for choices (the modern generation ranks by it)
    for (let i = lines.length - 1; i > 0; i--) {
      if (r.chance(0.3)) {
        const j = r.int(i + 1);
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
    }
    return lines.map((l) => l + '\n').join('');
  }

  private assignment(s: Sym): string {
    const r = this.r;
    const c = `CONFIG_${s.name}`;
    switch (s.ty) {
      case 'bool':
      case 'tristate': {
        const v = r.pick(s.ty === 'bool' ? ['y', 'y', 'n', 'n', 'm'] : ['y', 'm', 'n', 'n']);
        return v === 'n' && r.chance(0.7) ? `# ${c} is not set` : `${c}=${v}`;
      }
      case 'int':
        return `${c}=${r.chance(0.9) ? this.num('int') : r.pick(['abc', '', '0x10', '1 2'])}`;
      case 'hex':
        return `${c}=${r.chance(0.9) ? this.num('hex') : r.pick(['zz', '', '12', '0X1f'])}`;
      case 'string':
        return `${c}=${r.chance(0.9) ? quote(r.pick(STRINGS)) : r.pick(['unquoted', '"open', ''])}`;
    }
  }
}

/** One tree of `groups` independent groups, with its .config. */
export function genTree(r: Rand, gen: Generation, groups: number, first = 0): GenTree {
  const head = 'config MODULES\n\tbool "modules"\n\tmodules\n\tdefault y\n';
  const modules = r.pick(['CONFIG_MODULES=y\n', '# CONFIG_MODULES is not set\n', '']);
  const gs: Group[] = [];
  for (let i = 0; i < groups; i++) {
    const g = new GroupGen(r, `G${first + i}_`, gen);
    const kconfig = g.build();
    gs.push({ prefix: `G${first + i}_`, kconfig, config: g.config() });
  }
  return {
    kconfig: head + gs.map((g) => g.kconfig).join(''),
    config: modules + gs.map((g) => g.config).join(''),
    groups: gs,
    modules,
  };
}
