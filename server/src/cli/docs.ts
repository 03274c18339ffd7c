// The code pages (docs/codes/<area>-<name>.md) at run time: beside the bundle in dist/docs/codes
// (scripts/build.mjs copies them), or in the repository when running from source.
import * as fs from 'node:fs';
import * as path from 'node:path';

let dir: string | null | undefined;

/** The folder holding the code pages, or undefined when neither place has them. */
export function codeDocsDir(): string | undefined {
  if (dir === undefined) {
    const candidates = [
      path.join(__dirname, 'docs', 'codes'),
      path.resolve(__dirname, '..', '..', '..', 'docs', 'codes'),
    ];
    dir = candidates.find((d) => fs.existsSync(d)) ?? null;
  }
  return dir ?? undefined;
}

/** The page's path inside the repository: `grub/load-order` → docs/codes/grub-load-order.md. */
export function codeDocPath(code: string): string {
  return `docs/codes/${code.replace(/\//g, '-')}.md`;
}

/** The text of a code's page, or undefined when it is not shipped. */
export function codePage(code: string): string | undefined {
  const d = codeDocsDir();
  if (!d) return undefined;
  try {
    return fs.readFileSync(path.join(d, `${code.replace(/\//g, '-')}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
