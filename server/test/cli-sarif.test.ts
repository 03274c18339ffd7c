// `check --format sarif`: valid against the official SARIF 2.1.0 schema (shipped by Microsoft's
// @microsoft/jest-sarif; read from node_modules, no network), rules that are registered codes with
// help, regions in code points, fixes where the service has them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { run } from '../src/cli/main';
import { allCodes } from '../src/service/codes';

const ROOT = path.resolve(__dirname, '..', '..');
const SCHEMA = path.join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

async function cli(argv: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    cwd,
  });
  return { code, out, err };
}

function validator() {
  // The schema's language-tag pattern is not valid under the `u` flag; formats checked by URL parsing.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => {
    try {
      new URL(s);
      return true;
    } catch {
      return false;
    }
  });
  ajv.addFormat('uri-reference', (s: string) => {
    try {
      new URL(s, 'file:///base/');
      return !/\s/.test(s);
    } catch {
      return false;
    }
  });
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
}

interface SarifLog {
  version: string;
  runs: Array<{
    tool: {
      driver: {
        name: string;
        version: string;
        rules: Array<{
          id: string;
          help: { text: string; markdown?: string };
          shortDescription: { text: string };
          properties: { documentation: string };
        }>;
      };
    };
    columnKind: string;
    artifacts: Array<{ location: { uri: string; uriBaseId?: string } }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId?: string; index: number };
          region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }>;
      fixes?: Array<{
        description: { text: string };
        artifactChanges: Array<{ replacements: Array<{ deletedRegion: object; insertedContent: { text: string } }> }>;
      }>;
    }>;
  }>;
}

test('sarif: the CLI over examples/ is valid SARIF 2.1.0 by the official schema', async () => {
  const r = await cli(['check', '--format', 'sarif', 'examples/']);
  assert.ok(r.code === 0 || r.code === 1, r.err);
  const log = JSON.parse(r.out) as SarifLog;
  const validate = validator();
  const ok = validate(log);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
  assert.equal(log.version, '2.1.0');
  // The validator is not vacuous: a zero column or a missing tool name fails.
  const broken = JSON.parse(r.out) as SarifLog;
  broken.runs[0].results[0].locations[0].physicalLocation.region.startColumn = 0;
  assert.equal(validate(broken), false);
  const noName = JSON.parse(r.out) as { runs: Array<{ tool: { driver: { name?: string } } }> };
  delete noName.runs[0].tool.driver.name;
  assert.equal(validate(noName), false);
  const run0 = log.runs[0];
  assert.ok(run0.results.length > 10, 'the examples have findings');
  assert.ok(
    run0.results.some((x) => x.fixes?.length),
    'fixes are carried over',
  );
  assert.equal(run0.columnKind, 'unicodeCodePoints');
  // Relative to the working folder, with forward slashes.
  assert.ok(
    run0.artifacts.every((a) => a.location.uriBaseId === '%SRCROOT%' && a.location.uri.startsWith('examples/')),
  );
  // The same findings as the JSON contract.
  const j = await cli(['check', '--format', 'json', 'examples/']);
  const jsonCount = (JSON.parse(j.out) as { files: Array<{ diagnostics: unknown[] }> }).files.reduce(
    (n, f) => n + f.diagnostics.length,
    0,
  );
  assert.equal(run0.results.length, jsonCount);
  assert.equal(r.code, j.code);
});

test('sarif: every rule is a registered code with a help text and its page; results point at their rule', async () => {
  const r = await cli(['check', '--format', 'sarif', 'examples/']);
  const run0 = (JSON.parse(r.out) as SarifLog).runs[0];
  const rules = run0.tool.driver.rules;
  assert.equal(new Set(rules.map((x) => x.id)).size, rules.length, 'one rule per code');
  for (const rule of rules) {
    const info = allCodes().get(rule.id);
    assert.ok(info, `${rule.id} is a registered code`);
    assert.equal(rule.shortDescription.text, info.summary);
    assert.ok(rule.help.text.includes(info.summary) && rule.help.text.includes(`xen-config explain ${rule.id}`));
    assert.ok(rule.help.markdown?.startsWith(`# \`${rule.id}\``), `${rule.id}: its page is the markdown help`);
    assert.equal(rule.properties.documentation, `docs/codes/${rule.id.replace('/', '-')}.md`);
    assert.ok(fs.existsSync(path.join(ROOT, rule.properties.documentation)));
  }
  for (const res of run0.results) {
    assert.equal(rules[res.ruleIndex].id, res.ruleId);
    const loc = res.locations[0].physicalLocation;
    assert.equal(run0.artifacts[loc.artifactLocation.index].location.uri, loc.artifactLocation.uri);
  }
});

test('sarif: columns count code points, so characters outside the BMP count once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-sarif-'));
  try {
    fs.mkdirSync(path.join(dir, 'boot dir'));
    // Two emoji (two UTF-16 units each) before the unknown parameter.
    fs.writeFileSync(
      path.join(dir, 'boot dir', 'menu.lst'),
      'title X\nroot (hd0,0)\nkernel /boot/xen-4.17.3.gz console=😀😀 dom0_mme=1G\nmodule /vmlinuz-6.1 root=/dev/sda1\n',
    );
    const r = await cli(['check', '--format', 'sarif', '.'], dir);
    const log = JSON.parse(r.out) as SarifLog;
    assert.ok(validator()(log));
    const unknown = log.runs[0].results.find((x) => x.ruleId === 'xen/unknown-parameter');
    assert.ok(unknown, r.out);
    const loc = unknown.locations[0].physicalLocation;
    // 'kernel /boot/xen-4.17.3.gz console=' is 35 characters, then 2 code points and a space.
    assert.deepEqual(loc.region, { startLine: 3, startColumn: 39, endLine: 3, endColumn: 47 });
    assert.equal(loc.artifactLocation.uri, 'boot%20dir/menu.lst');
    // The JSON contract keeps its UTF-16 columns.
    const j = await cli(['check', '--format', 'json', '.'], dir);
    const d = (
      JSON.parse(j.out) as { files: Array<{ diagnostics: Array<{ code: string; column: number }> }> }
    ).files[0].diagnostics.find((x) => x.code === 'xen/unknown-parameter');
    assert.equal(d?.column, 41);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sarif: a file outside the working folder gets an absolute file URI; an empty run is valid', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-sarif-'));
  try {
    fs.writeFileSync(path.join(dir, 'grub.cfg'), "menuentry 'x' {\n  linux /vmlinuz root=/dev/sda1\n}\n");
    const sub = path.join(dir, 'sub');
    fs.mkdirSync(sub);
    const r = await cli(['check', '--format', 'sarif', path.join(dir, 'grub.cfg')], sub);
    const log = JSON.parse(r.out) as SarifLog;
    assert.ok(validator()(log));
    assert.equal(log.runs[0].artifacts[0].location.uri, `file://${dir}/grub.cfg`);
    assert.equal(log.runs[0].artifacts[0].location.uriBaseId, undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sarif: a bad --format is a usage error', async () => {
  const r = await cli(['check', '--format', 'sarf', 'examples/']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--format must be text, json or sarif/);
});
