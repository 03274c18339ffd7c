// End-to-end: a real VS Code (the code-server 4.100.3 build of the VS Code 1.100.3 workbench),
// driven through Chromium by playwright-core, loads the packaged extension (xen-config.vsix),
// whose language client starts dist/server.js in VS Code's extension host. The test opens the
// example GRUB menu and checks what a user sees: the status bar item with the targeted releases,
// squiggles, the Problems panel, a hover, a quick fix chosen from the Ctrl+. menu (the edited line
// and its diagnostic gone; the file is not saved) and a completion list. It saves screenshots to
// docs/images/ (used by the README; overwritten each run).
//
// The harness (code-server, Chromium, setup, skip, teardown, editor helpers): test/vscodeHarness.ts.
// Screenshots of failures go to test-results/vscode-failure.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  languageMode as modeOf,
  openFile,
  screenshot,
  sleep,
  textPoint,
  waitForLine,
  withVSCode,
  type EditorLine,
} from './vscodeHarness';

const TEST_TIMEOUT_MS = 180_000;

/** A copy of examples/ plus a kernel configuration that names no version and a .NET web.config. */
function prepareWorkspace(workspace: string): void {
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  // A kernel configuration that names no version (judged with the target Linux version).
  mkdirSync(join(workspace, 'linux'), { recursive: true });
  writeFileSync(join(workspace, 'linux', '.config'), 'CONFIG_XEN=y\nCONFIG_XEN_DOM0=y\nCONFIG_XEN_BALLOON=y\n');
  writeFileSync(
    join(workspace, 'web.config'),
    '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <appSettings>\n    <add key="CONFIG_X" value="y" />\n  </appSettings>\n</configuration>\n',
  );
}

test(
  'VS Code (code-server + Chromium) runs the extension: status bar, squiggles, Problems, hover, quick fix, completion',
  { timeout: TEST_TIMEOUT_MS },
  async (t) => {
    await withVSCode(t, { prepareWorkspace }, async ({ page: p, mark }) => {
      // 4. open menu.lst: Ctrl+P, type the name, Enter
      await p.keyboard.press('Control+P');
      const quickInput = p.locator('.quick-input-widget');
      await quickInput.waitFor({ state: 'visible', timeout: 15_000 });
      await p.keyboard.type('menu.lst');
      await quickInput
        .locator('.monaco-list-row', { hasText: 'menu.lst' })
        .first()
        .waitFor({ state: 'visible', timeout: 15_000 });
      await p.keyboard.press('Enter');
      const editor = p.locator('.editor-instance .monaco-editor').first();
      await editor
        .locator('.view-line', { hasText: 'X/LAPP Xen' })
        .first()
        .waitFor({ state: 'visible', timeout: 15_000 });
      mark('menu.lst open');
      const mode = await p
        .locator('[id="status.editor.mode"]')
        .innerText({ timeout: 15_000 })
        .catch(() => '');
      t.diagnostic(`language mode: ${mode.trim()}`);
      assert.match(
        mode,
        /GRUB Legacy Menu|menu-lst/i,
        `menu.lst should open in the extension's language (status bar says "${mode}")`,
      );

      // 5. the extension's status bar item: the releases menu.lst is judged against (from its image names)
      const statusItem = p.locator('.statusbar-item', { hasText: 'Xen 4.2.5' }).first();
      try {
        await statusItem.waitFor({ state: 'visible', timeout: 20_000 });
      } catch {
        const all = await p
          .locator('.statusbar-item')
          .allInnerTexts()
          .catch(() => []);
        throw new Error(
          `no status bar item says "Xen 4.2.5" within 20 s; the status bar shows: ${all
            .map((s) => s.trim())
            .filter(Boolean)
            .join(' | ')}`,
        );
      }
      const statusText = (await statusItem.innerText()).trim();
      t.diagnostic(`status bar item: ${statusText}`);
      assert.match(
        statusText,
        /\bLinux 3\.1\b/,
        `the status bar item should name Linux 3.1 for menu.lst: "${statusText}"`,
      );
      mark('status bar');

      // 6. squiggles drawn from the server's diagnostics
      const squiggles = editor.locator('.squiggly-error, .squiggly-warning, .squiggly-info');
      await squiggles
        .first()
        .waitFor({ state: 'attached', timeout: 60_000 })
        .catch(() => undefined);
      const counts = {
        error: await editor.locator('.squiggly-error').count(),
        warning: await editor.locator('.squiggly-warning').count(),
        info: await editor.locator('.squiggly-info').count(),
        hint: await editor.locator('.squiggly-hint').count(),
      };
      t.diagnostic(`squiggles: ${JSON.stringify(counts)}`);
      assert.ok(
        counts.error + counts.warning + counts.info > 0,
        `no error/warning/info squiggles in menu.lst within 60 s (${JSON.stringify(counts)})`,
      );
      mark('squiggles');

      // 7. the Problems panel lists them
      await p.keyboard.press('Control+Shift+M');
      const problems = p.locator('.markers-panel .monaco-list-row');
      await problems.first().waitFor({ state: 'visible', timeout: 15_000 });
      const problemRows = await problems.allInnerTexts();
      t.diagnostic(`Problems panel: ${problemRows.length} rows`);
      assert.ok(
        problemRows.some((r) => /grub\//.test(r) || /root/i.test(r)),
        `the Problems panel should list the root(hd0,0) diagnostic:\n${problemRows.join('\n')}`,
      );
      await sleep(500); // let the panel finish laying out before the screenshot
      await screenshot(p, 'vscode-diagnostics.png');
      mark('problems');

      // 8. hover over dom0_mem
      const at = await textPoint(p, 'dom0_mem', 2, 4);
      await p.mouse.move(at.x - 20, at.y);
      await p.mouse.move(at.x, at.y, { steps: 4 });
      const hover = p.locator('.monaco-hover:visible').first();
      try {
        await hover.waitFor({ state: 'visible', timeout: 15_000 });
      } catch {
        throw new Error('no hover appeared over dom0_mem within 15 s');
      }
      // the language server's part of the hover (not the diagnostic drawn above it)
      const markdown = hover.locator('.markdown-hover .hover-contents').first();
      try {
        await markdown.waitFor({ state: 'visible', timeout: 10_000 });
      } catch {
        throw new Error(
          `the hover over dom0_mem has no part from the language server:\n${await hover.innerText().catch(() => '')}`,
        );
      }
      const hoverText = await markdown.innerText();
      t.diagnostic(`hover: ${hoverText.replace(/\s+/g, ' ').slice(0, 200)}`);
      assert.match(hoverText, /dom0/i, `hover on dom0_mem should mention dom0: ${hoverText}`);
      assert.match(hoverText, /mem/i, `hover on dom0_mem should be about memory: ${hoverText}`);
      await sleep(300);
      await screenshot(p, 'vscode-hover.png');
      mark('hover');
      await p.keyboard.press('Escape');
      await p.mouse.move(5, 5);

      // 9. quick fix from the light bulb menu: root(hd0,0) on line 3 becomes "root (hd0,0)" (not saved)
      const ROOT_LINE = 3;
      const before = await waitForLine(p, ROOT_LINE, (l) => l.squiggles.includes('squiggly-error'), 10_000);
      assert.equal(before?.text, '        root(hd0,0)', `line ${ROOT_LINE} of menu.lst before the fix`);
      assert.ok(
        before.squiggles.includes('squiggly-error'),
        `line ${ROOT_LINE} should have an error squiggle before the fix: ${JSON.stringify(before)}`,
      );
      const markerRows = p.locator('.markers-panel .monaco-list-row');
      const missingSpaceRow = markerRows.filter({ hasText: 'missing-space' });
      assert.equal(
        await missingSpaceRow.count(),
        1,
        `the Problems panel should list grub/missing-space once:\n${(await markerRows.allInnerTexts()).join('\n')}`,
      );
      const rootAt = await textPoint(p, 'root(hd0,0)', 1, 2);
      await p.mouse.click(rootAt.x, rootAt.y);
      await p.mouse.move(5, 5); // no diagnostic hover over the menu
      await p.keyboard.press('Control+.');
      const actionWidget = p.locator('.action-widget');
      const fixItem = actionWidget.locator('.monaco-list-row', { hasText: 'Change to "root (hd0,0)"' }).first();
      try {
        await fixItem.waitFor({ state: 'visible', timeout: 15_000 });
      } catch {
        const offered = await actionWidget
          .locator('.monaco-list-row')
          .allInnerTexts()
          .catch(() => []);
        throw new Error(
          `Ctrl+. on root(hd0,0) did not offer 'Change to "root (hd0,0)"' within 15 s; offered: ${JSON.stringify(offered)}`,
        );
      }
      const offered = await actionWidget.locator('.monaco-list-row').allInnerTexts();
      t.diagnostic(
        `quick fixes: ${offered
          .map((s) => s.trim())
          .filter(Boolean)
          .join(' | ')}`,
      );
      await sleep(300);
      await screenshot(p, 'vscode-quickfix.png');
      // choose it from the keyboard, as the menu's hint says ("Enter to Apply"); the menu focuses
      // the preferred fix first, otherwise step down to it
      for (let i = 0; i < offered.length && !/\bfocused\b/.test((await fixItem.getAttribute('class')) ?? ''); i++) {
        await p.keyboard.press('ArrowDown');
      }
      assert.match(
        (await fixItem.getAttribute('class')) ?? '',
        /\bfocused\b/,
        'the quick fix menu did not focus the fix',
      );
      await p.keyboard.press('Enter');
      await actionWidget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      const fixedText = '        root (hd0,0)';
      const after = await waitForLine(p, ROOT_LINE, (l) => l.text === fixedText && l.squiggles.length === 0, 15_000);
      assert.equal(after?.text, fixedText, `line ${ROOT_LINE} after choosing the quick fix`);
      assert.deepEqual(after.squiggles, [], `line ${ROOT_LINE} should have no squiggle once fixed`);
      try {
        await missingSpaceRow.first().waitFor({ state: 'detached', timeout: 15_000 });
      } catch {
        throw new Error(
          `grub/missing-space is still in the Problems panel after the fix:\n${(await markerRows.allInnerTexts()).join('\n')}`,
        );
      }
      mark('quick fix');

      // 10. completion: replace the Xen kernel line by "kernel /xen-4.2.5.gz dom" (not saved)
      const kernel = await textPoint(p, 'kernel /xen-4.2.5.gz', 0, 1);
      await p.mouse.click(kernel.x, kernel.y);
      await p.keyboard.press('End');
      await p.keyboard.press('Shift+Home'); // selects back to the first non-blank character
      await p.keyboard.insertText('kernel /xen-4.2.5.gz ');
      await p.keyboard.type('dom', { delay: 50 });
      const suggest = p.locator('.editor-widget.suggest-widget');
      const dom0Item = suggest.locator('.monaco-list-row', { hasText: 'dom0_mem' }).first();
      try {
        await dom0Item.waitFor({ state: 'visible', timeout: 5_000 });
      } catch {
        await p.keyboard.press('Control+Space'); // trigger explicitly if typing did not
        await dom0Item.waitFor({ state: 'visible', timeout: 15_000 });
      }
      const items = await suggest.locator('.monaco-list-row').allInnerTexts();
      t.diagnostic(
        `completion: ${items
          .map((s) => s.split('\n')[0])
          .slice(0, 8)
          .join(', ')}`,
      );
      await sleep(300);
      await screenshot(p, 'vscode-completion.png');
      mark('completion');
      await p.keyboard.press('Escape');

      // 11. a kernel configuration: the status item opens the Linux picker; choose 4.19 by typing it
      await p.keyboard.press('Control+P');
      await quickInput.waitFor({ state: 'visible', timeout: 15_000 });
      await p.keyboard.type('linux/.config');
      await quickInput
        .locator('.monaco-list-row', { hasText: '.config' })
        .first()
        .waitFor({ state: 'visible', timeout: 15_000 });
      await p.keyboard.press('Enter');
      const linuxItem = p.locator('.statusbar-item', { hasText: /Linux \d/ }).first();
      await linuxItem.waitFor({ state: 'visible', timeout: 20_000 });
      const linuxBefore = (await linuxItem.innerText()).trim();
      await linuxItem.click();
      await quickInput.waitFor({ state: 'visible', timeout: 15_000 });
      const offeredVersions = await quickInput.locator('.monaco-list-row').allInnerTexts();
      t.diagnostic(
        `status item "${linuxBefore}" opens: ${offeredVersions
          .map((s) => s.split('\n')[0])
          .slice(0, 6)
          .join(', ')}`,
      );
      assert.ok(
        offeredVersions.some((r) => /^4\.19\b/.test(r.trim())),
        `the Linux picker lists 4.19: ${offeredVersions.join(' | ')}`,
      );
      await quickInput.locator('input').first().fill('4.19');
      // Enter takes the focused row: wait until the typed version is the one focused.
      for (
        let i = 0;
        i < 40 &&
        !/^\s*4\.19\b/.test(
          await quickInput
            .locator('.monaco-list-row')
            .first()
            .innerText()
            .catch(() => ''),
        );
        i++
      )
        await sleep(250);
      await p.keyboard.press('Enter');
      const chosen = p.locator('.statusbar-item', { hasText: 'Linux 4.19' }).first();
      try {
        await chosen.waitFor({ state: 'visible', timeout: 20_000 });
      } catch {
        const all = await p
          .locator('.statusbar-item')
          .allInnerTexts()
          .catch(() => []);
        throw new Error(
          `after choosing Linux 4.19 no status item names it; the status bar shows: ${all
            .map((x) => x.trim())
            .filter(Boolean)
            .join(' | ')}`,
        );
      }
      t.diagnostic(`status item after choosing 4.19: ${(await chosen.innerText()).trim()}`);
      mark('linux picker');

      const languageMode = (): Promise<string> => modeOf(p);
      // 11c. every other way Xen boots: the file is recognised, and the Xen line's mistake and the
      // dom0 (or dom0less domain) line's mistake are squiggled (exact columns: test/lsp-boot-paths,
      // test/lsp-ipxe and test/devicetree check them over LSP and the CLI)
      const bootPaths: Array<{ file: string; row: RegExp; mode: string; xenLine: number; dom0Line: number }> = [
        { file: 'boot/tboot/grub.cfg', row: /grub\.cfg[\s\S]*tboot/, mode: 'GRUB 2 Config', xenLine: 12, dom0Line: 14 },
        {
          file: 'boot/xen-efi/EFI/xen/xen-4.17-amd64.cfg',
          row: /xen-4\.17-amd64\.cfg/,
          mode: 'Xen EFI Config',
          xenLine: 6,
          dom0Line: 7,
        },
        {
          file: 'boot/pxelinux/pxelinux.cfg/default',
          row: /default[\s\S]*pxelinux/,
          mode: 'SYSLINUX Config',
          xenLine: 11,
          dom0Line: 11,
        },
        { file: 'boot/ipxe/xen.ipxe', row: /xen\.ipxe/, mode: 'iPXE Script', xenLine: 14, dom0Line: 15 },
        {
          file: 'arm/xen-dom0less.dts',
          row: /xen-dom0less\.dts/,
          mode: 'Device Tree Source',
          xenLine: 15,
          dom0Line: 34,
        },
        { file: 'arm/boot.cmd', row: /boot\.cmd/, mode: 'U-Boot Script', xenLine: 16, dom0Line: 18 },
      ];
      const squiggledLine = async (line: number): Promise<EditorLine | null> => {
        await p.keyboard.press('Control+G');
        await quickInput.waitFor({ state: 'visible', timeout: 15_000 });
        await p.keyboard.type(String(line));
        await p.keyboard.press('Enter');
        return waitForLine(p, line, (l) => l.squiggles.length > 0, 15_000);
      };
      for (const bp of bootPaths) {
        await openFile(p, bp.file, bp.row);
        let mode = '';
        for (let i = 0; i < 40 && mode !== bp.mode; i++) {
          mode = await languageMode();
          if (mode !== bp.mode) await sleep(250);
        }
        assert.equal(mode, bp.mode, `${bp.file} is recognised`);
        const xen = await squiggledLine(bp.xenLine);
        assert.ok(
          xen && xen.squiggles.length > 0,
          `${bp.file}: the Xen line ${bp.xenLine} has a squiggle: ${JSON.stringify(xen)}`,
        );
        const dom0 = await squiggledLine(bp.dom0Line);
        const need = bp.xenLine === bp.dom0Line ? 2 : 1;
        const seen =
          bp.xenLine === bp.dom0Line
            ? await waitForLine(p, bp.dom0Line, (l) => l.squiggles.length >= need, 15_000)
            : dom0;
        assert.ok(
          seen && seen.squiggles.length >= need,
          `${bp.file}: the dom0 line ${bp.dom0Line} has a squiggle: ${JSON.stringify(seen)}`,
        );
        t.diagnostic(
          `${bp.file}: ${mode}; Xen line ${bp.xenLine} ${JSON.stringify(xen?.squiggles)}; dom0 line ${bp.dom0Line} ${JSON.stringify(seen?.squiggles)}`,
        );
      }
      mark('boot paths');

      // 11b. a kernel config fragment named *.config whose first line is a comment is claimed by its
      // content; a .NET web.config beside it is not
      for (const [file, want, not] of [
        ['web.config', undefined, /Kernel Config/],
        ['kernel/domU.config', /Kernel Config/, undefined],
      ] as const) {
        // Quick Open ranks fuzzily (dom0.config can come before domU.config): click the exact row.
        await openFile(p, file);
        let mode = '';
        for (let i = 0; i < 40; i++) {
          mode = await languageMode();
          if (want ? want.test(mode) : mode && i > 10) break;
          await sleep(250);
        }
        t.diagnostic(`${file} opens as "${mode}"`);
        if (want) assert.match(mode, want, `${file} is claimed as a kernel configuration`);
        if (not) assert.doesNotMatch(mode, not, `${file} is not a kernel configuration`);
      }
      mark('*.config by content');

      // 12. the role report opens as a rendered preview and closes without asking to save
      await p.keyboard.press('F1');
      await quickInput.waitFor({ state: 'visible', timeout: 15_000 });
      await p.keyboard.type('Show dom0/domU Requirements Report');
      await quickInput
        .locator('.monaco-list-row', { hasText: 'Requirements Report' })
        .first()
        .waitFor({ state: 'visible', timeout: 15_000 });
      await p.keyboard.press('Enter');
      await quickInput
        .locator('.monaco-list-row', { hasText: 'domU' })
        .first()
        .waitFor({ state: 'visible', timeout: 15_000 });
      await p.keyboard.type('domU');
      await p.keyboard.press('Enter');
      const reportTab = p.locator('.tabs-container .tab', { hasText: 'domU requirements' }).first();
      await reportTab.waitFor({ state: 'visible', timeout: 20_000 });
      const tabLabel = (await reportTab.innerText()).trim();
      t.diagnostic(`role report tab: ${tabLabel}`);
      assert.match(tabLabel, /Preview/, `the report opens as a preview: "${tabLabel}"`);
      await reportTab.click();
      await p.keyboard.press('Control+W');
      await reportTab.waitFor({ state: 'detached', timeout: 10_000 });
      assert.equal(await p.locator('.monaco-dialog-box').count(), 0, 'closing the report asked nothing');
      mark('role report');
    });
  },
);
