// End-to-end: a real VS Code (the code-server 4.100.3 build of the VS Code 1.100.3 workbench),
// driven through Chromium by playwright-core, loads the packaged extension (xen-config.vsix),
// whose language client starts dist/server.js in VS Code's extension host. The test opens the
// example GRUB menu and checks what a user sees: the status bar item with the targeted releases,
// squiggles, the Problems panel, a hover, a quick fix chosen from the Ctrl+. menu (the edited line
// and its diagnostic gone; the file is not saved), a completion list, the status item following the
// boot entry under the cursor, the Linux picker changing a kernel configuration's status,
// diagnostics and inlay hints without an edit, a diagnostic's code page opened in the Markdown
// preview from its hover and from Ctrl+. (offline), the role report. It saves screenshots to
// test-results/screenshots/ (with UPDATE_SCREENSHOTS=1 to docs/images/, the README's pictures).
//
// The harness (code-server, Chromium, setup, skip, teardown, editor helpers): test/vscodeHarness.ts.
// Screenshots of failures go to test-results/vscode-failure.png.

import { test } from 'node:test';
import type { Request } from 'playwright-core';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  editorLine,
  goToLine,
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

const KERNEL_CONFIG = [
  'CONFIG_XEN=y',
  'CONFIG_XEN_DOM0=y',
  'CONFIG_XEN_BALLOON=y',
  'CONFIG_XEN_TMEM=m', // line 4
  'CONFIG_XEN_SCRUB_PAGES=y', // line 5: renamed by 4.19 (a warning under both)
  'CONFIG_XEN_SELFBALLOONING=y', // line 6: removed by 5.4
  '',
].join('\n');

/** A copy of examples/ plus a kernel configuration that names no version and a .NET web.config. */
function prepareWorkspace(workspace: string): void {
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  // A kernel configuration that names no version (judged with the target Linux version): under
  // 6.12 XEN_TMEM and XEN_SELFBALLOONING are gone (warnings, hints), under 4.19 they exist.
  mkdirSync(join(workspace, 'linux'), { recursive: true });
  writeFileSync(join(workspace, 'linux', '.config'), KERNEL_CONFIG);
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

      // 8b. the version hint of the Xen line is drawn before the image path, not where parameters are typed
      const xenLine = await waitForLine(p, 4, (l) => l.text.includes('Xen 4.2.5'), 10_000);
      t.diagnostic(`Xen line with its hint: ${xenLine?.text.trim()}`);
      assert.ok(
        xenLine && xenLine.text.indexOf('Xen 4.2.5') < xenLine.text.indexOf('/xen-4.2.5.gz'),
        `the hint comes before the image path: ${JSON.stringify(xenLine)}`,
      );

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
      const kernel = await textPoint(p, '/xen-4.2.5.gz', 0, 1); // the hint stands between "kernel" and the path
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

      // 10b. the status item follows the boot entry the cursor is in (a menu with Xen 4.1 and Red Hat entries)
      await openFile(p, 'boot/grub-legacy-mixed/menu.lst', /grub-legacy-mixed/);
      const ours = p.locator('.statusbar-item:has(.codicon-circuit-board)').first();
      const statusAt = async (line: number, want: RegExp): Promise<string> => {
        await goToLine(p, line);
        let text = '';
        for (let i = 0; i < 60 && !want.test(text); i++) {
          text = (await ours.innerText().catch(() => '')).trim();
          if (!want.test(text)) await sleep(250);
        }
        return text;
      };
      // (the summary before the cursor moves reads "Xen 4.1.6, 4.22.0 · Linux 3.2, 2.6")
      const inXen41 = await statusAt(18, /^Xen 4\.1\.\d+ · Linux 3\.2\b/);
      const inRedHat = await statusAt(46, /^Xen 4\.22\.\d+ · Linux 2\.6\b/);
      t.diagnostic(`status in the first entry: "${inXen41}"; in the Red Hat entry: "${inRedHat}"`);
      assert.match(inXen41, /^Xen 4\.1\.\d+ · Linux 3\.2\b/);
      assert.match(inRedHat, /Linux 2\.6/);
      assert.doesNotMatch(inRedHat, /Xen 4\.1\./);
      await sleep(300);
      await screenshot(p, 'vscode-status-entry.png');
      mark('status per entry');

      // 11. a kernel configuration: the status item opens the Linux picker; choose 4.19 by typing it
      await p.keyboard.press('Control+P');
      await quickInput.waitFor({ state: 'visible', timeout: 15_000 });
      await p.keyboard.type('linux/.config');
      await quickInput
        .locator('.monaco-list-row', { hasText: '.config' })
        .first()
        .waitFor({ state: 'visible', timeout: 15_000 });
      await p.keyboard.press('Enter');
      const linuxItem = p.locator('.statusbar-item', { hasText: /Linux \d+\.\d+ x86_64/ }).first();
      await linuxItem.waitFor({ state: 'visible', timeout: 20_000 });
      const linuxBefore = (await linuxItem.innerText()).trim();
      // under the newest Linux: XEN_SELFBALLOONING (line 6) is gone, with a warning and a hint
      const removedBefore = await waitForLine(
        p,
        6,
        (l) => l.squiggles.includes('squiggly-warning') && l.text.includes('removed before'),
        20_000,
      );
      assert.ok(
        removedBefore?.squiggles.includes('squiggly-warning') && removedBefore.text.includes('removed before'),
        `line 6 of linux/.config under ${linuxBefore}: ${JSON.stringify(removedBefore)}`,
      );
      const tmemBefore = await editorLine(p, 4);
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
      // the file is not edited, yet its diagnostics and hints are those of 4.19 now
      const removedAfter = await waitForLine(
        p,
        6,
        (l) => l.squiggles.length === 0 && !l.text.includes('removed before'),
        20_000,
      );
      assert.deepEqual(removedAfter?.squiggles, [], `line 6 under 4.19: ${JSON.stringify(removedAfter)}`);
      assert.equal(removedAfter.text.trim(), 'CONFIG_XEN_SELFBALLOONING=y', 'no hint on line 6 under 4.19');
      const tmemAfter = await waitForLine(p, 4, (l) => l.text.includes('no prompt'), 20_000);
      t.diagnostic(`line 4 hint: "${tmemBefore?.text.trim()}" → "${tmemAfter?.text.trim()}"`);
      assert.match(tmemBefore?.text ?? '', /removed before/);
      assert.match(tmemAfter?.text ?? '', /no prompt/);
      assert.equal(
        await p.locator('.tabs-container .tab.active .dirty, .tabs-container .tab.active.dirty').count(),
        0,
        'the file was not edited',
      );
      mark('linux picker');

      // 11a. a diagnostic's code page, opened inside the editor, offline: the code link in the
      // hover of CONFIG_XEN_SCRUB_PAGES (kconfig/renamed-symbol) opens the page in the Markdown
      // preview; Ctrl+. offers "Learn about kconfig/renamed-symbol" too. No request leaves the machine.
      const requests: Request[] = [];
      const onRequest = (r: Request): void => {
        if (!/^(https?:\/\/(127\.0\.0\.1|localhost)[:/]|data:|blob:|vscode-|about:)/.test(r.url())) requests.push(r);
      };
      p.on('request', onRequest);
      const scrub = await textPoint(p, 'CONFIG_XEN_SCRUB_PAGES', 8, 10);
      await p.mouse.move(scrub.x - 20, scrub.y);
      await p.mouse.move(scrub.x, scrub.y, { steps: 4 });
      const codeLink = p.locator('.monaco-hover:visible a.code-link', { hasText: 'renamed-symbol' }).first();
      try {
        await codeLink.waitFor({ state: 'visible', timeout: 15_000 });
      } catch {
        throw new Error(
          `the hover over CONFIG_XEN_SCRUB_PAGES shows no code link: ${await p
            .locator('.monaco-hover:visible')
            .first()
            .innerText()
            .catch(() => '')}`,
        );
      }
      await codeLink.click();
      const pageTab = p.locator('.tabs-container .tab', { hasText: 'kconfig-renamed-symbol.md' }).first();
      await pageTab.waitFor({ state: 'visible', timeout: 20_000 });
      const pageLabel = (await pageTab.innerText()).trim();
      t.diagnostic(`code page tab: ${pageLabel}`);
      assert.match(pageLabel, /Preview/, `the page opens rendered: "${pageLabel}"`);
      // the rendered page (a webview frame) shows the page's own heading
      const heading = readFileSync(join(ROOT, 'docs', 'codes', 'kconfig-renamed-symbol.md'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith('# '))
        ?.slice(2)
        .replace(/`/g, '')
        .trim();
      let rendered = false;
      for (let i = 0; i < 40 && !rendered && heading; i++) {
        for (const f of p.frames()) {
          if (
            await f
              .locator('h1', { hasText: heading })
              .count()
              .catch(() => 0)
          )
            rendered = true;
        }
        if (!rendered) await sleep(250);
      }
      assert.ok(rendered, `the preview shows the page's heading "${heading}"`);
      await sleep(300);
      await screenshot(p, 'vscode-code-page.png');
      await pageTab.click();
      await p.keyboard.press('Control+W');
      await pageTab.waitFor({ state: 'detached', timeout: 10_000 });
      assert.equal(await p.locator('.monaco-dialog-box').count(), 0, 'closing the page asked nothing');
      // the same from the Ctrl+. menu
      const scrubAt = await textPoint(p, 'CONFIG_XEN_SCRUB_PAGES', 8, 9);
      await p.mouse.click(scrubAt.x, scrubAt.y);
      await p.mouse.move(5, 5);
      await p.keyboard.press('Control+.');
      const learn = p
        .locator('.action-widget .monaco-list-row', { hasText: 'Learn about kconfig/renamed-symbol' })
        .first();
      await learn.waitFor({ state: 'visible', timeout: 15_000 });
      const fixes = await p.locator('.action-widget .monaco-list-row').allInnerTexts();
      t.diagnostic(`Ctrl+. on CONFIG_XEN_SCRUB_PAGES: ${fixes.map((x) => x.trim()).join(' | ')}`);
      // chosen from the keyboard, as the menu's hint says
      for (let i = 0; i < fixes.length && !/\bfocused\b/.test((await learn.getAttribute('class')) ?? ''); i++)
        await p.keyboard.press('ArrowDown');
      await p.keyboard.press('Enter');
      await pageTab.waitFor({ state: 'visible', timeout: 20_000 });
      await pageTab.click();
      await p.keyboard.press('Control+W');
      await pageTab.waitFor({ state: 'detached', timeout: 10_000 });
      p.off('request', onRequest);
      // The preview's own scripts and styles are addressed as https://…vscode-resource.vscode-cdn.net/<local
      // path>, a name VS Code's webview service worker answers from the local server: those count
      // as local only when the service worker did answer them.
      const external: string[] = [];
      for (const r of requests) {
        const local =
          /^https:\/\/[^/]+\.vscode-resource\.vscode-cdn\.net\//.test(r.url()) &&
          ((await r.response().catch(() => null))?.fromServiceWorker() ?? false);
        if (!local) external.push(r.url());
      }
      t.diagnostic(`code page: ${requests.length} webview resource requests, ${external.length} outside this machine`);
      assert.deepEqual(external, [], 'opening the code page reached nothing outside this machine');
      mark('code page');

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
