// A unified diff of two texts (for `check --fix-dry-run`), line by line with Myers' algorithm,
// in the format `patch` and `git apply` read.

interface Lines {
  lines: string[];
  finalNewline: boolean;
}

function toLines(text: string): Lines {
  if (text === '') return { lines: [], finalNewline: true };
  const lines = text.split('\n');
  const finalNewline = lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

type Op = { kind: ' ' | '-' | '+'; line: string; aIndex: number; bIndex: number };

/** The edit script from a to b (Myers, O((N+M)·D) time, O(D²) memory for the trace). */
function script(a: string[], b: string[]): Op[] {
  // Common prefix and suffix first: the fixes change few lines of long files.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const n = A.length;
  const m = B.length;
  const max = n + m;
  const trace: Int32Array[] = [];
  let v = new Int32Array(3).fill(0); // v[k + d + 1] for k in [-d-1, d+1]
  let found = n === 0 && m === 0;
  let dEnd = 0;
  for (let d = 0; d <= max && !found; d++) {
    const next = new Int32Array(2 * d + 3);
    const get = (arr: Int32Array, dd: number, k: number) => (k < -dd - 1 || k > dd + 1 ? -1 : arr[k + dd + 1]);
    for (let k = -d; k <= d; k += 2) {
      const prevD = d - 1;
      let x: number;
      if (d === 0) x = 0;
      else if (k === -d || (k !== d && get(v, prevD, k - 1) < get(v, prevD, k + 1))) x = get(v, prevD, k + 1);
      else x = get(v, prevD, k - 1) + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x++;
        y++;
      }
      next[k + d + 1] = x;
      if (x >= n && y >= m) {
        found = true;
        dEnd = d;
      }
    }
    trace.push(next);
    v = next;
    if (found) break;
  }
  // Walk back through the trace.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const prev = trace[d - 1];
    const pd = d - 1;
    const k = x - y;
    const at = (kk: number) => (kk < -pd || kk > pd ? -1 : prev[kk + pd + 1]);
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const pk = down ? k + 1 : k - 1;
    const px = at(pk);
    const py = px - pk;
    while (x > (down ? px : px + 1) && y > (down ? py + 1 : py)) {
      x--;
      y--;
      ops.push({ kind: ' ', line: A[x], aIndex: x, bIndex: y });
    }
    if (down) {
      y--;
      ops.push({ kind: '+', line: B[y], aIndex: x, bIndex: y });
    } else {
      x--;
      ops.push({ kind: '-', line: A[x], aIndex: x, bIndex: y });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    ops.push({ kind: ' ', line: A[x], aIndex: x, bIndex: y });
  }
  ops.reverse();
  const out: Op[] = [];
  for (let i = 0; i < pre; i++) out.push({ kind: ' ', line: a[i], aIndex: i, bIndex: i });
  for (const o of ops) out.push({ ...o, aIndex: o.aIndex + pre, bIndex: o.bIndex + pre });
  for (let i = 0; i < suf; i++)
    out.push({ kind: ' ', line: a[a.length - suf + i], aIndex: a.length - suf + i, bIndex: b.length - suf + i });
  return out;
}

/** A unified diff with `context` lines around each change; '' when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const a = toLines(oldText);
  const b = toLines(newText);
  // The last line's missing newline is part of it: compare with a marker so a change there shows.
  const mark = (l: Lines) => l.lines.map((s, i) => (i === l.lines.length - 1 && !l.finalNewline ? `${s}\u0000` : s));
  const ops = script(mark(a), mark(b));
  const changed = ops.map((o) => o.kind !== ' ');
  const out: string[] = [`--- ${oldName}`, `+++ ${newName}`];
  let i = 0;
  while (i < ops.length) {
    if (!changed[i]) {
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` after the last change close to it.
    const start = Math.max(0, i - context);
    let end = i;
    for (let j = i; j < ops.length; j++) {
      if (changed[j]) end = j;
      else if (j - end > 2 * context) break;
    }
    const stop = Math.min(ops.length, end + context + 1);
    const hunk = ops.slice(start, stop);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    const aStart = aCount ? hunk.find((o) => o.kind !== '+')!.aIndex + 1 : hunk[0].aIndex;
    const bStart = bCount ? hunk.find((o) => o.kind !== '-')!.bIndex + 1 : hunk[0].bIndex;
    out.push(`@@ -${aStart}${aCount === 1 ? '' : `,${aCount}`} +${bStart}${bCount === 1 ? '' : `,${bCount}`} @@`);
    for (const o of hunk) {
      if (o.line.endsWith('\u0000')) out.push(`${o.kind}${o.line.slice(0, -1)}`, '\\ No newline at end of file');
      else out.push(`${o.kind}${o.line}`);
    }
    i = stop;
  }
  return out.join('\n') + '\n';
}
