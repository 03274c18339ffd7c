// Debian's 6.1 and 6.12 amd64 configurations: no symbol report on any line, Xen-capable for
// dom0 and domU, and diagnosed in a few milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { doc, service } from './helpers';
import { parseConfig } from '../src/kernelconfig/configParse';
import { roleReport, XEN_ROLES } from '../src/kernelconfig/roles';
import { targetOf } from '../src/kernelconfig/knowledge';

const requireTrees = process.env.XEN_CONFIG_REQUIRE_TREES === '1';
const SYMBOL_CODES = new Set([
  'kconfig/unknown-symbol',
  'kconfig/removed-symbol',
  'kconfig/renamed-symbol',
  'kconfig/unverified-symbol',
  'kconfig/invalid-value',
  'kconfig/malformed-line',
]);

for (const ver of ['6.1', '6.12']) {
  const file = `/usr/src/linux-config-${ver}/config.amd64_none_amd64.xz`;
  const present = existsSync(file);
  test(
    `Debian ${ver} amd64 config: no symbol or value reports, passes every Xen role`,
    { skip: !present && !requireTrees ? `${file} not present` : false },
    () => {
      const text = execFileSync('xz', ['-dc', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.ok(text.split('\n').length > 9000);
      const uri = `file:///boot/config-${ver}.0-debian-amd64`;
      const svc = service();
      const diags = svc.diagnose(doc(text, 'kernel-config', uri));
      const bad = diags.filter((d) => SYMBOL_CODES.has(d.code));
      assert.deepEqual(
        bad.map((d) => `${d.range.start.line + 1}: ${d.message}`),
        [],
      );
      const cfg = parseConfig(text);
      const target = targetOf(cfg.header, undefined, { arch: 'x86_64' });
      assert.equal(target.version, ver);
      assert.equal(target.bundled !== undefined, true);
      for (const role of XEN_ROLES) {
        const rows = roleReport(cfg, role, target);
        assert.ok(rows.length > 3, `${role} has requirements`);
        assert.deepEqual(
          rows.filter((r) => r.status === 'FAIL' && r.level === 'required'),
          [],
          `${role} required rows`,
        );
        const byRole = service({ role: role === 'dom0' ? 'dom0' : 'domU' }).diagnose(doc(text, 'kernel-config', uri));
        assert.equal(byRole.filter((d) => d.code === 'kconfig/role-requirement-missing').length, 0, role);
      }
      // Timing: a fresh document each run (no parse cache), after a warm-up.
      const runs: number[] = [];
      for (let i = 0; i < 12; i++) {
        const d = doc(text, 'kernel-config', `${uri}-${i}`);
        const t0 = process.hrtime.bigint();
        svc.diagnose(d);
        runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      runs.sort((a, b) => a - b);
      const median = runs[runs.length >> 1];
      console.log(
        `# Debian ${ver} amd64 (${text.split('\n').length} lines): diagnose median ${median.toFixed(1)} ms, min ${runs[0].toFixed(1)} ms`,
      );
      assert.ok(median < 150, `diagnose took ${median} ms`);
    },
  );
}
