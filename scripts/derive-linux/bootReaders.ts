// Options read before the kernel proper runs: by the x86 setup code and decompressor
// (cmdline_find_option*, the KASLR scan of mem=/memmap=/hugepages), by the EFI stub
// (efi_parse_options, the initrd=/dtb= file loaders), and by arm64's early ID-register
// override aliases. Each fact names the file and line it comes from.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchKey } from './kbuild';
import { stripComments } from './cSource';

export type Reader = 'x86-setup' | 'x86-decompressor' | 'efi-stub' | 'arm64-early';

export interface BootRead {
  name: string;
  reader: Reader;
  file: string;
  line: number;
  arches: ArchKey[];
}

const SOURCES: Array<{ dir: string; reader: Reader; arches: ArchKey[]; recurse?: boolean }> = [
  { dir: 'arch/x86/boot', reader: 'x86-setup', arches: ['x86_64'] },
  { dir: 'arch/x86/boot/compressed', reader: 'x86-decompressor', arches: ['x86_64'] },
  { dir: 'drivers/firmware/efi/libstub', reader: 'efi-stub', arches: ['x86_64', 'arm64'] },
  { dir: 'arch/arm64/kernel/pi', reader: 'arm64-early', arches: ['arm64'] },
  { dir: 'arch/arm64/kernel', reader: 'arm64-early', arches: ['arm64'] },
];

const PATTERNS: RegExp[] = [
  /cmdline_find_option(?:_bool)?\s*\(\s*"([^"]+)"/g,
  /strcmp\s*\(\s*param\s*,\s*"([^"]+)"\s*\)/g,
  /handle_cmdline_files\s*\([^,]*,\s*L"([^"]+)"/g,
  /efi_parse_option_str|\bL"([a-z]+=)"/g,
];

export function bootReads(tree: string): BootRead[] {
  const out: BootRead[] = [];
  for (const src of SOURCES) {
    const dir = join(tree, src.dir);
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir)
      .filter((f) => /\.[ch]$/.test(f))
      .sort();
    for (const f of files) {
      if (src.reader === 'arm64-early' && src.dir === 'arch/arm64/kernel' && f !== 'idreg-override.c') continue;
      const rel = `${src.dir}/${f}`;
      let text: string;
      try {
        text = stripComments(readFileSync(join(tree, rel), 'latin1'));
      } catch {
        continue;
      }
      const lineOf = (off: number) => text.slice(0, off).split('\n').length;
      const add = (name: string, off: number) => {
        const n = name.replace(/=.*$/, '');
        if (!n || n === '--') return;
        out.push({ name: n, reader: src.reader, file: rel, line: lineOf(off), arches: src.arches });
      };
      if (src.reader === 'arm64-early') {
        // The alias table: { "nokaslr", "arm64_sw.nokaslr=1" }, …
        for (const m of text.matchAll(/\{\s*"([A-Za-z0-9_.\-]+(?:=[A-Za-z0-9_]+)?)"\s*,\s*\n?\s*"[^"]*"/g))
          add(m[1], m.index!);
        continue;
      }
      for (const re of PATTERNS) for (const m of text.matchAll(re)) if (m[1]) add(m[1], m.index!);
    }
  }
  const seen = new Set<string>();
  return out.filter((b) => {
    const k = `${b.name}|${b.reader}|${b.file}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
