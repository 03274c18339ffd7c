// The role report with a kernel tree gives the verdict the editor's role warnings give: a
// requirement olddefconfig meets (a default, a select) is met, written or not. Without the tree, the
// lines as written decide. Debian's 6.1 tree: x86_64_defconfig + the tree's xen.config, which names
// no CONFIG_ACPI line although olddefconfig turns ACPI on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../src/service/service';
import { preparedTree, treesRequired } from '../../scripts/kernel-trees';

const prepared = preparedTree('6.1');
const skip = 'missing' in prepared && !treesRequired() ? prepared.missing : false;

const failing = (rep: ReturnType<ReturnType<typeof createLanguageService>['roleReport']>): string[] =>
  (rep?.rows ?? []).filter((r) => r.status === 'FAIL').map((r) => r.requirement);

test(
  'role report with the 6.1 tree counts what olddefconfig turns on; without it, the lines as written',
  { skip },
  () => {
    if ('missing' in prepared) assert.fail(prepared.missing);
    const tree = prepared.dir;
    const text =
      readFileSync(`${tree}/arch/x86/configs/x86_64_defconfig`, 'utf8') +
      readFileSync(`${tree}/kernel/configs/xen.config`, 'utf8');
    assert.doesNotMatch(text, /^CONFIG_ACPI=/m);
    const path = '/tmp/role-report/.config';

    const bare = createLanguageService({ settings: { linuxVersion: '6.1' } });
    assert.ok(failing(bare.roleReport(text, 'dom0', { path })).includes('CONFIG_ACPI=y'));

    const svc = createLanguageService({ settings: { linuxVersion: '6.1', kernelSourcePath: tree } });
    assert.equal(svc.loadTree()?.state, 'ready');
    const withTree = svc.roleReport(text, 'dom0', { path });
    assert.ok(!failing(withTree).includes('CONFIG_ACPI=y'), failing(withTree).join(', '));
    const acpi = withTree?.rows.find((r) => r.requirement === 'CONFIG_ACPI=y');
    assert.match(acpi?.why ?? '', /not switched on in this file, but olddefconfig with this kernel tree turns it on/);
    // what the tree cannot turn on stays missing: PVH is off in this defconfig
    assert.ok(failing(svc.roleReport(text, 'pvh-domU', { path })).includes('CONFIG_XEN_PVH=y'));

    // the editor's open document answers from its kept session: the same verdict, the same rows
    const doc = TextDocument.create(`file://${path}`, 'kernel-config', 3, text);
    svc.diagnose(doc);
    assert.deepEqual(svc.roleReport(text, 'dom0', { path, document: doc }), withTree);
  },
);
