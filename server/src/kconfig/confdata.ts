/**
 * Reading and writing .config values: the counterpart of the kernel's scripts/kconfig/confdata.c
 * (conf_read_simple's handling of one assignment, conf_write's text). The values themselves are
 * computed by the Evaluator (eval.ts).
 */
import type { Evaluator } from './eval';
import { KSymbol, MenuNode, Tri } from './model';
import { escapeString, stringValid } from './values';

/** Apply one assignment the way conf_read_simple does. Returns whether accepted. */
export function assignUser(ev: Evaluator, sym: KSymbol, raw: string): boolean {
  const id = sym.id;
  let ok = true;
  switch (sym.type) {
    case 'tristate':
    case 'bool': {
      const c = raw[0];
      if (c === 'm' && sym.type === 'tristate') setUserTri(ev, sym, 1);
      else if (c === 'y') setUserTri(ev, sym, 2);
      else if (c === 'n') setUserTri(ev, sym, 0);
      else ok = false;
      break;
    }
    case 'string': {
      if (raw[0] !== '"') {
        // the kernel silently ignores unquoted strings
        ok = false;
        break;
      }
      let out = '';
      let closed = false;
      for (let i = 1; i < raw.length; i++) {
        const ch = raw[i];
        if (ch === '"') {
          closed = true;
          break;
        }
        if (ch === '\\') {
          i++;
          if (i < raw.length) out += raw[i];
          continue;
        }
        out += ch;
      }
      if (!closed) {
        ok = false;
        break;
      }
      ev.hasUser[id] = 1;
      ev.userVal[id] = out;
      break;
    }
    case 'int':
    case 'hex':
      if (stringValid(sym.type, raw)) {
        ev.hasUser[id] = 1;
        ev.userVal[id] = raw;
      } else ok = false;
      break;
    default:
      return true;
  }
  if (!ok) return false;
  if (ev.legacy) {
    const cs = sym.choice;
    if (cs) {
      const t = ev.userTri[id] as Tri;
      if (t === 1 && ev.userTri[cs.id] === 2) ev.hasUser[cs.id] = 0;
      if (t === 2) ev.choiceUserSym.set(cs.id, sym);
      ev.userTri[cs.id] = Math.max(ev.userTri[cs.id], t);
    }
  } else if (sym.choice) {
    const list = ev.priorityOf(sym.choice);
    const i = list.indexOf(sym);
    if (i >= 0) list.splice(i, 1);
    list.unshift(sym);
  }
  return true;
}

function setUserTri(ev: Evaluator, sym: KSymbol, t: Tri): void {
  ev.hasUser[sym.id] = 1;
  ev.userTri[sym.id] = t;
}

/** The .config text conf writes (conf_write). */
export function writeConfig(ev: Evaluator): string {
  const t = ev.tree;
  const out: string[] = [];
  out.push('#\n# Automatically generated file; DO NOT EDIT.\n# ' + (t.root.prompt?.text ?? 'Main menu') + '\n#\n');
  const written = new Uint8Array(ev.n);
  let needNewline = false;
  const walk = (nodes: MenuNode[]): void => {
    for (let i = 0; i < nodes.length; i++) {
      const m = nodes[i]!;
      const sym = m.sym;
      if (!sym) {
        if (m.kind === 'menu' || m.kind === 'comment') {
          if (ev.menuVisible(m)) {
            out.push('\n#\n# ' + (m.prompt?.text ?? '') + '\n#\n');
            needNewline = false;
          }
        }
      } else if (!sym.isChoice && !written[sym.id]) {
        ev.calc(sym);
        if (ev.write[sym.id]) {
          if (needNewline) {
            out.push('\n');
            needNewline = false;
          }
          written[sym.id] = 1;
          const line = symbolLine(ev, sym);
          if (line) out.push(line + '\n');
        }
      }
      if (m.children.length) walk(m.children);
      if (m.kind === 'menu' && ev.menuVisible(m)) {
        out.push('# end of ' + (m.prompt?.text ?? '') + '\n');
        needNewline = true;
      }
    }
  };
  walk(t.root.children);
  return out.join('');
}

/** The .config line for a symbol's current value ('' for unknown type). */
export function symbolLine(ev: Evaluator, sym: KSymbol): string {
  if (sym.type === 'unknown') return '';
  const v = ev.stringValue(sym);
  if ((sym.type === 'bool' || sym.type === 'tristate') && v === 'n') return `# CONFIG_${sym.name} is not set`;
  if (sym.type === 'string') return `CONFIG_${sym.name}=${escapeString(v)}`;
  return `CONFIG_${sym.name}=${v}`;
}
