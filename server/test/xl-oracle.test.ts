// Our reading of disk specs and configuration files compared with xl's own library, libxlutil
// (Debian's libxen-dev): a small C program of ours, built at test time in a temporary folder,
// calls xlu_disk_parse and xlu_cfg_readdata on the fixtures and prints what they make of them.
// Nothing of Xen's is committed; the program links against the installed library.
//
// Without gcc or libxen-dev the comparison skips with a message; with XEN_CONFIG_REQUIRE_ORACLES=1
// it fails instead. The library is one release (Debian 12 ships Xen 4.17), so the comparison is
// made with our reading for that release.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkSpec } from '../src/xl/specs';
import { parseXl } from '../src/xl/parse';
import { atoms } from '../src/xl/analysis';

const FIXTURES = path.join(__dirname, 'fixtures/xl');
const REQUIRE = process.env.XEN_CONFIG_REQUIRE_ORACLES === '1';

export function diskSpecs(): string[] {
  return readFileSync(path.join(FIXTURES, 'disk-specs.txt'), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const HARNESS = String.raw`
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxlutil.h>
static void js(FILE *o, const char *s) {
  if (!s) { fputs("null", o); return; }
  fputc('"', o);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(o, "\\%c", c);
    else if (c < 0x20) fprintf(o, "\\u%04x", c);
    else fputc(c, o);
  }
  fputc('"', o);
}
int main(int argc, char **argv) {
  size_t cap = 1 << 16, n = 0; char *buf = malloc(cap); int ch;
  while ((ch = getchar()) != EOF) { if (n + 1 >= cap) buf = realloc(buf, cap *= 2); buf[n++] = (char)ch; }
  buf[n] = 0;
  if (argc > 1 && !strcmp(argv[1], "disk")) {
    /* NUL-separated disk specs in, one JSON object per spec out. */
    for (size_t at = 0; at < n; at += strlen(buf + at) + 1) {
      char *msg = NULL; size_t len = 0; FILE *rep = open_memstream(&msg, &len);
      XLU_Config *cfg = xlu_cfg_init(rep, "spec");
      libxl_device_disk d; libxl_device_disk_init(&d);
      const char *spec = buf + at;
      int rc = xlu_disk_parse(cfg, 1, &spec, &d);
      fflush(rep);
      printf("{\"rc\":%d,\"target\":", rc); js(stdout, d.pdev_path);
      printf(",\"vdev\":"); js(stdout, d.vdev);
      printf(",\"format\":"); js(stdout, libxl_disk_format_to_string(d.format));
      printf(",\"readwrite\":%d,\"cdrom\":%d,\"script\":", d.readwrite, d.is_cdrom); js(stdout, d.script);
      printf(",\"backend\":"); js(stdout, d.backend_domname);
      printf(",\"message\":"); js(stdout, msg); printf("}\n");
      libxl_device_disk_dispose(&d); xlu_cfg_destroy(cfg); fclose(rep); free(msg);
    }
    return 0;
  }
  /* cfg KEY...: the input is a configuration file; print whether it reads, and each key's value. */
  char *msg = NULL; size_t len = 0; FILE *rep = open_memstream(&msg, &len);
  XLU_Config *cfg = xlu_cfg_init(rep, "file");
  int rc = xlu_cfg_readdata(cfg, buf, (int)n);
  fflush(rep);
  printf("{\"rc\":%d,\"message\":", rc); js(stdout, msg); printf(",\"values\":{");
  for (int k = 2; rc == 0 && k < argc; k++) {
    XLU_ConfigList *list; int count; const char *s;
    printf("%s", k > 2 ? "," : ""); js(stdout, argv[k]); putchar(':');
    if (!xlu_cfg_get_list(cfg, argv[k], &list, &count, 1)) {
      putchar('[');
      for (int i = 0; i < count; i++) { if (i) putchar(','); js(stdout, xlu_cfg_get_listitem(list, i)); }
      putchar(']');
    } else if (!xlu_cfg_get_string(cfg, argv[k], &s, 1)) js(stdout, s);
    else fputs("null", stdout);
  }
  printf("}}\n");
  return 0;
}
`;

/** Builds the harness, or says why it cannot. */
function buildHarness(): { exe?: string; why?: string } {
  if (!existsSync('/usr/include/libxlutil.h'))
    return { why: 'libxlutil.h is not installed (apt-get install libxen-dev)' };
  const dir = mkdtempSync(path.join(tmpdir(), 'xl-oracle-'));
  writeFileSync(path.join(dir, 'harness.c'), HARNESS);
  const exe = path.join(dir, 'harness');
  const r = spawnSync('gcc', ['-O0', '-o', exe, path.join(dir, 'harness.c'), '-lxlutil', '-lxenlight'], {
    encoding: 'utf8',
  });
  if (r.error) return { why: `gcc is not available (${r.error.message})` };
  if (r.status !== 0) return { why: `the harness does not build: ${r.stderr.slice(0, 400)}` };
  return { exe };
}

const harness = buildHarness();
const skip = harness.exe ? false : REQUIRE ? false : `libxlutil oracle unavailable: ${harness.why}`;

function oracle<T>(args: string[], input: string): T[] {
  if (!harness.exe) throw new Error(`XEN_CONFIG_REQUIRE_ORACLES=1 but ${harness.why}`);
  const out = execFileSync(harness.exe, args, { input, encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

interface OracleDisk {
  rc: number;
  target: string | null;
  vdev: string | null;
  format: string;
  readwrite: number;
  cdrom: number;
  script: string | null;
  backend: string | null;
  message: string;
}

test('disk specs: our reading equals xlu_disk_parse of Xen 4.17 on every fixture', { skip }, () => {
  const specsList = diskSpecs();
  const theirs = oracle<OracleDisk>(['disk'], specsList.join('\0'));
  assert.equal(theirs.length, specsList.length);
  const mismatches: string[] = [];
  let accepted = 0;
  specsList.forEach((spec, k) => {
    const t = theirs[k];
    const ours = checkSpec('disk', spec, '4.17');
    const r = ours.disk!;
    if (r.parseError !== (t.rc !== 0)) {
      mismatches.push(
        `${JSON.stringify(spec)}: xl ${t.rc ? `refuses (${t.message.trim()})` : 'accepts'}, we ${r.parseError ? `refuse (${ours.problems.map((p) => p.message).join(' | ')})` : 'accept'}`,
      );
      return;
    }
    if (t.rc !== 0) return;
    accepted++;
    const want = {
      target: t.target ?? undefined,
      vdev: t.vdev ?? undefined,
      format: t.format.toLowerCase(),
      readwrite: !!t.readwrite,
      cdrom: !!t.cdrom,
      script: t.script ?? undefined,
      backend: t.backend ?? undefined,
    };
    const got = {
      target: r.target,
      vdev: r.vdev,
      format: r.format,
      readwrite: r.readwrite,
      cdrom: r.cdrom,
      script: r.script,
      backend: r.backend,
    };
    try {
      assert.deepEqual(got, want);
    } catch {
      mismatches.push(`${JSON.stringify(spec)}: xl reads ${JSON.stringify(want)}, we read ${JSON.stringify(got)}`);
    }
    // What xl accepts gets no error from us, except an empty non-CD-ROM target (refused when the guest starts).
    const errors = ours.problems.filter(
      (p) => p.severity === 'error' && !(p.code === 'xl/missing-spec-field' && !r.cdrom && !r.target),
    );
    if (errors.length)
      mismatches.push(`${JSON.stringify(spec)}: xl accepts it, we report ${errors.map((e) => e.message).join(' | ')}`);
  });
  assert.deepEqual(mismatches, []);
  assert.ok(accepted > 40, `only ${accepted} fixtures are accepted by xl`);
});

interface OracleCfg {
  rc: number;
  message: string;
  values: Record<string, string | string[] | null>;
}

test('configuration files: xl reads the same files and the same disk lists', { skip }, () => {
  const dir = path.join(FIXTURES, 'configs');
  const files = readdirSync(dir).filter((f) => f.endsWith('.cfg'));
  assert.ok(files.length >= 5);
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const ours = parseXl(text);
    const keys = [...new Set(ours.settings.map((s) => s.key))];
    const [t] = oracle<OracleCfg>(['cfg', ...keys], text);
    const ourSyntax = ours.errors.filter((e) => e.code !== 'xl/unquoted-value' || true);
    assert.equal(
      ourSyntax.length === 0 && ours.pythonLines.length === 0,
      t.rc === 0,
      `${f}: xl ${t.rc ? `refuses it (${t.message.trim()})` : 'reads it'}; we found ${JSON.stringify(ourSyntax.map((e) => e.message))}`,
    );
    if (t.rc !== 0) continue;
    for (const s of ours.settings) {
      const last = ours.settings.filter((x) => x.key === s.key).pop()!;
      if (last !== s || s.op !== '=' || !s.value) continue;
      const mine = s.value.kind === 'list' ? atoms(s.value).map((a) => a.value) : s.value.value;
      assert.deepEqual(mine, t.values[s.key], `${f}: ${s.key}`);
    }
    // Every disk item of the file reads the same way in both.
    const disks = t.values.disk;
    if (Array.isArray(disks)) {
      const theirs = oracle<OracleDisk>(['disk'], disks.join('\0'));
      disks.forEach((d, k) =>
        assert.equal(
          checkSpec('disk', d, '4.17').disk!.parseError,
          theirs[k].rc !== 0,
          `${f}: disk ${JSON.stringify(d)}`,
        ),
      );
    }
  }
});
