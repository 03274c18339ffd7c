// The project settings file (.xen-config.json): found by walking up, checked with a clear message
// (and the hand-written check agrees with the JSON schema given to editors), overrides per glob,
// silenced codes and `# xen-config: disable=` comments, and its place in the precedence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { run } from '../src/cli/main';
import {
  disabledByComments,
  globToRegExp,
  parseProjectFile,
  projectSettingsFor,
  suppressDiagnostics,
  withProjectSettings,
} from '../src/service/projectSettings';
import type { Diagnostic } from '../src/core/types';

const ROOT = path.resolve(__dirname, '..', '..');

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
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

const memFs = (files: Record<string, string>) => ({ readFile: (p: string) => files[p] });

test('project file: the nearest one above the file applies, with its overrides in order', () => {
  const fsys = memFs({
    '/repo/.xen-config.json': JSON.stringify({
      linuxVersion: '5.15',
      role: 'dom0',
      disable: ['xen/unknown-parameter'],
      overrides: [
        { files: 'guests/**', role: 'domU', disable: ['kconfig/removed-symbol'] },
        { files: ['*.cfg', 'boot/{grub,grub2}/*'], xenVersion: '4.17.3', kernelSourcePath: '../linux' },
      ],
    }),
    '/repo/other/.xen-config.json': '{"arch": "arm64"}',
  });
  const a = projectSettingsFor('/repo/guests/a/domU.config', fsys);
  assert.equal(a.file, '/repo/.xen-config.json');
  assert.deepEqual(a.settings, { linuxVersion: '5.15', role: 'domU' });
  assert.equal(a.role, 'domU');
  assert.deepEqual(a.disable, ['xen/unknown-parameter', 'kconfig/removed-symbol']);
  const b = projectSettingsFor('/repo/boot/grub2/grub.cfg', fsys);
  assert.deepEqual(b.settings, {
    linuxVersion: '5.15',
    role: 'dom0',
    xenVersion: '4.17.3',
    kernelSourcePath: '/linux',
  });
  // Only the nearest file counts: no merging across folders.
  assert.deepEqual(projectSettingsFor('/repo/other/deep/x.cfg', fsys).settings, { arch: 'arm64' });
  assert.deepEqual(projectSettingsFor('/elsewhere/menu.lst', fsys), { settings: {}, disable: [] });
  // Project settings win over the caller's; the caller's other fields stay.
  assert.deepEqual(withProjectSettings({ linuxVersion: '6.1', arch: 'x86_64', allowKconfigShell: false }, a), {
    linuxVersion: '5.15',
    arch: 'x86_64',
    role: 'domU',
    allowKconfigShell: false,
  });
  // A kernel tree the repository names never runs the shell, even where the user allowed it for theirs.
  assert.equal(
    withProjectSettings({ kernelSourcePath: '/src/linux', allowKconfigShell: true }, b).allowKconfigShell,
    false,
  );
  assert.equal(withProjectSettings({ kernelSourcePath: '/linux', allowKconfigShell: true }, b).allowKconfigShell, true);
  assert.equal(
    withProjectSettings({ kernelSourcePath: '/src/linux', allowKconfigShell: true }, a).allowKconfigShell,
    true,
  );
});

test('project file: globs', () => {
  const m = (g: string, p: string) => globToRegExp(g).test(p);
  assert.ok(m('*.config', 'a/b/dom0.config'), 'a bare name matches at any depth');
  assert.ok(!m('/*.config', 'a/dom0.config'), 'a leading / anchors at the project folder');
  assert.ok(m('kernel/*.config', 'kernel/x.config'));
  assert.ok(!m('kernel/*.config', 'kernel/sub/x.config'));
  assert.ok(m('kernel/**/*.config', 'kernel/x.config'));
  assert.ok(m('kernel/**/*.config', 'kernel/a/b/x.config'));
  assert.ok(m('guests/', 'guests/a/b'));
  assert.ok(m('boot/{grub,grub2}/menu.lst', 'boot/grub2/menu.lst'));
  assert.ok(m('config-6.[0-9]*', 'boot/config-6.1.0'));
  assert.ok(m('x?.cfg', 'x1.cfg') && !m('x?.cfg', 'x/.cfg'));
  assert.ok(m('a.b', 'a.b') && !m('a.b', 'axb'), 'dots are literal');
});

test('project file: wrong keys and values get one clear message naming them; the schema agrees', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'xen-config.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const cases: Array<[unknown, RegExp | null]> = [
    [{}, null],
    [
      {
        $schema: './schemas/xen-config.schema.json',
        xenVersion: '4.17.3',
        linuxVersion: '6.1.0-18-amd64',
        arch: 'arm64',
        role: 'pvh-domU',
        kernelSourcePath: 'linux',
        disable: ['grub/missing-space'],
      },
      null,
    ],
    [{ overrides: [{ files: ['a/*'], role: 'none' }] }, null],
    [{ linuxVersoin: '6.1' }, /unknown key "linuxVersoin"/],
    [{ role: 'dom1' }, /"role" must be one of none, dom0, domU, pv-domU, pvh-domU, hvm-domU, not "dom1"/],
    [{ arch: 'i386' }, /"arch" must be "x86_64" or "arm64", not "i386"/],
    [{ xenVersion: 4.17 }, /"xenVersion" must be a version such as "4.17.3", not number/],
    [{ linuxVersion: 'latest' }, /"linuxVersion" must be a version/],
    [{ disable: 'xen/unknown-parameter' }, /"disable" must be a list of codes/],
    [{ overrides: {} }, /"overrides" must be a list/],
    [{ overrides: [{ role: 'dom0' }] }, /overrides\[0\]: "files" must be a glob/],
    [{ overrides: [{ files: [], role: 'dom0' }] }, /overrides\[0\]: "files" must be a glob/],
    [{ overrides: [{ files: 'x', allowKconfigShell: true }] }, /overrides\[0\]: unknown key "allowKconfigShell"/],
    [{ kernelSourcePath: '' }, /"kernelSourcePath" must be a non-empty path/],
    [[], /must hold a JSON object/],
  ];
  for (const [value, error] of cases) {
    const r = parseProjectFile(JSON.stringify(value));
    if (error) assert.match(r.error ?? '', error, JSON.stringify(value));
    else assert.equal(r.error, undefined, JSON.stringify(value));
    assert.equal(validate(value), error === null, `the schema agrees on ${JSON.stringify(value)}`);
  }
  assert.match(parseProjectFile('{"role": "dom0",}').error ?? '', /^\.xen-config\.json: not valid JSON/);
  // Only the hand-written check knows the registered codes.
  assert.match(
    parseProjectFile('{"disable": ["xen/no-such-code"]}').error ?? '',
    /"disable" names "xen\/no-such-code", which is not a xen-config code/,
  );
  // Settings never come from a broken file.
  const broken = projectSettingsFor('/r/a.cfg', memFs({ '/r/.xen-config.json': '{"role": 1}' }));
  assert.deepEqual(broken.settings, {});
  assert.match(broken.error ?? '', /^\/r\/\.xen-config\.json: "role" must be one of/);
});

test('disable comments: on their own line they silence the next line; after text, their own line', () => {
  const text = [
    'title A',
    '# xen-config: disable=grub/missing-space',
    'root(hd0,0)',
    '# xen-config: disable=xen/unknown-parameter, xen/invalid-value',
    '# xen-config: disable=grub/unknown-command',
    'kernal /xen.gz bogus=1',
    'kernel /xen.gz bogus=1 # xen-config: disable=xen/unknown-parameter',
    'root(hd0,0)',
  ].join('\n');
  const by = disabledByComments(text);
  assert.deepEqual([...by.keys()], [2, 5, 6]);
  assert.deepEqual([...by.get(5)!].sort(), ['grub/unknown-command', 'xen/invalid-value', 'xen/unknown-parameter']);
  const d = (line: number, code: string): Diagnostic => ({
    range: { start: { line, character: 0 }, end: { line, character: 1 } },
    severity: 'error',
    code,
    message: '',
  });
  const kept = suppressDiagnostics(
    text,
    [
      d(2, 'grub/missing-space'),
      d(7, 'grub/missing-space'),
      d(6, 'xen/unknown-parameter'),
      d(6, 'xen/other'),
      d(0, 'grub/x'),
    ],
    ['grub/x'],
  );
  assert.deepEqual(
    kept.map((k) => [k.range.start.line, k.code]),
    [
      [7, 'grub/missing-space'],
      [6, 'xen/other'],
    ],
  );
});

test('CLI: the project file sets targets and silences codes; it wins over flags; --no-project ignores it; a broken one is exit 2', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-project-'));
  try {
    fs.mkdirSync(path.join(dir, 'boot', 'grub'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'kernel'));
    fs.cpSync(path.join(ROOT, 'examples', 'kernel', 'domU.config'), path.join(dir, 'kernel', 'domU.config'));
    fs.writeFileSync(
      path.join(dir, 'boot', 'grub', 'menu.lst'),
      [
        'title X',
        '# xen-config: disable=grub/missing-space',
        'root(hd0,0)',
        'kernel /boot/xen.gz dom0_mme=1G',
        'module /vmlinuz root=/dev/sda1',
        '',
      ].join('\n'),
    );
    const codes = async (...argv: string[]) => {
      const r = await cli(['check', '--format', 'json', ...argv, '.'], dir);
      assert.ok(r.code === 0 || r.code === 1, r.err);
      return (
        JSON.parse(r.out) as { files: Array<{ path: string; diagnostics: Array<{ code: string; message: string }> }> }
      ).files;
    };
    const plain = await codes();
    const menu = plain.find((f) => f.path.endsWith('menu.lst'))!;
    assert.ok(!menu.diagnostics.some((d) => d.code === 'grub/missing-space'), 'the disable comment silences its line');
    assert.ok(menu.diagnostics.some((d) => d.code === 'xen/unknown-parameter'));
    const removed = plain
      .find((f) => f.path.endsWith('domU.config'))!
      .diagnostics.filter((d) => d.code === 'kconfig/removed-symbol');
    assert.ok(
      removed.length > 0 && removed.every((d) => /Linux 6\.12/.test(d.message)),
      'without settings, the newest Linux',
    );

    fs.writeFileSync(
      path.join(dir, '.xen-config.json'),
      JSON.stringify({
        linuxVersion: '5.4',
        overrides: [{ files: 'boot/**', disable: ['xen/unknown-parameter'] }],
      }),
    );
    const withProject = await codes('--linux', '6.12');
    assert.ok(
      !withProject
        .find((f) => f.path.endsWith('menu.lst'))!
        .diagnostics.some((d) => d.code === 'xen/unknown-parameter'),
    );
    const removed54 = withProject
      .find((f) => f.path.endsWith('domU.config'))!
      .diagnostics.filter((d) => d.code === 'kconfig/removed-symbol');
    assert.ok(
      removed54.every((d) => !/Linux 6\.12/.test(d.message)),
      'the project file wins over --linux',
    );
    assert.notDeepEqual(
      removed54.map((d) => d.message),
      removed.map((d) => d.message),
    );

    const ignored = await codes('--no-project');
    assert.deepEqual(ignored, plain);

    fs.writeFileSync(path.join(dir, '.xen-config.json'), '{"linuxVersion": "5.4", "rol": "dom0"}');
    const bad = await cli(['check', '.'], dir);
    assert.equal(bad.code, 2);
    assert.equal(
      bad.err,
      `xen-config: ${path.join(dir, '.xen-config.json')}: unknown key "rol" (allowed: xenVersion, linuxVersion, arch, role, kernelSourcePath, disable, $schema, overrides)\n`,
    );
    assert.equal(bad.out, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
