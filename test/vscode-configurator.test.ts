// End-to-end in the real VS Code (code-server + Chromium, test/vscodeHarness.ts): the configurator
// view. With xenConfig.kernelSourcePath set to Debian's 6.1 tree, Debian's cloud configuration
// (which lacks XEN_DOM0) is opened with a dom0 role comment; the "Kernel Configuration" view in the
// explorer lists the Xen options with their values; choosing y for XEN_DOM0 there changes the
// document through the solver (one undoable edit, saved here to check the file), the view shows
// the new value, the dom0 role warning goes from the Problems panel and the dom0 role report
// (Show dom0/domU Requirements Report) turns from "Some required options are missing" to "All … present". Screenshot:
// docs/images/vscode-configurator.png (README). Skips without the tree unless
// XEN_CONFIG_REQUIRE_TREES=1, and without code-server/Chromium as the harness says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { debianTree, treesRequired } from '../scripts/kernel-trees';
import { openFile, quickInput, runCommand, screenshot, sleep, withVSCode } from './vscodeHarness';

const TREE = debianTree('6.1');
const CLOUD = join(TREE, 'debian-configs', 'config.amd64_none_cloud-amd64');
const ROLE_LINE = '# xen-config: role=dom0';

/** The rows of the configurator view (their accessible labels: the item's label and description). */
async function viewRows(page: Page): Promise<string[]> {
  return page
    .locator('.pane:has(.pane-header:has-text("Kernel Configuration")) .monaco-list-row')
    .allInnerTexts()
    .catch(() => []);
}

async function waitForRow(page: Page, re: RegExp, ms: number): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const row = (await viewRows(page)).find((r) => re.test(r.replace(/\s+/g, ' ')));
    if (row) return row.replace(/\s+/g, ' ');
    if (Date.now() > until)
      throw new Error(
        `no row of the Kernel Configuration view matches ${re}; rows: ${(await viewRows(page)).join(' | ')}`,
      );
    await sleep(250);
  }
}

/** The dom0 role report (Xen Config: Show dom0/domU Requirements Report): its verdict line, then the tab closed. */
async function roleReportVerdict(page: Page): Promise<string> {
  await runCommand(page, 'Show dom0/domU Requirements Report');
  // the role picker (not the command palette's row, which names both roles)
  await quickInput(page)
    .locator('input[placeholder*="which role"]')
    .first()
    .waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type('dom0');
  await page.keyboard.press('Enter');
  const tab = page.locator('.tabs-container .tab', { hasText: 'dom0 requirements' }).first();
  await tab.waitFor({ state: 'visible', timeout: 20_000 });
  // the rendered Markdown lives in the preview's webview (an iframe in an iframe)
  const verdict = page
    .frameLocator('iframe.webview.ready')
    .frameLocator('iframe#active-frame')
    .locator('p', { hasText: /required options/ })
    .first();
  await verdict.waitFor({ state: 'visible', timeout: 20_000 });
  const text = (await verdict.innerText()).trim();
  await tab.click();
  await page.keyboard.press('Control+W');
  await tab.waitFor({ state: 'detached', timeout: 10_000 });
  return text;
}

async function problems(page: Page): Promise<string[]> {
  return page
    .locator('.markers-panel .monaco-list-row')
    .allInnerTexts()
    .catch(() => []);
}

test('VS Code: the Kernel Configuration view enables XEN_DOM0 through the solver', { timeout: 300_000 }, async (t) => {
  if (!existsSync(CLOUD)) {
    const msg = `${TREE} is not prepared (bash scripts/prepare-kernel-trees.sh 6.1)`;
    if (treesRequired()) assert.fail(msg);
    t.skip(msg);
    return;
  }
  const cloud = readFileSync(CLOUD, 'utf8');
  assert.match(cloud, /^# CONFIG_XEN_DOM0 is not set$/m, 'the cloud config is the one without XEN_DOM0');
  await withVSCode(
    t,
    {
      prepareWorkspace: (ws) => {
        mkdirSync(join(ws, 'linux'), { recursive: true });
        writeFileSync(join(ws, 'linux', '.config'), `${ROLE_LINE}\n${cloud}`);
      },
      settings: { 'xenConfig.kernelSourcePath': TREE, 'workbench.editor.enablePreview': false },
      failureScreenshot: 'vscode-configurator-failure.png',
    },
    async ({ page: p, workspace, mark }) => {
      await openFile(p, 'linux/.config', '.config');
      mark('.config open');

      // the view, in the explorer while a kernel configuration is active
      const header = p.locator('.pane-header', { hasText: 'Kernel Configuration' }).first();
      await header.waitFor({ state: 'visible', timeout: 30_000 });
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      // the other explorer sections give it room
      for (const other of ['Workspace', 'Outline', 'Timeline']) {
        const h = p.locator('.pane-header', { hasText: other }).first();
        if ((await h.getAttribute('aria-expanded').catch(() => null)) === 'true') await h.click();
      }

      // the Xen filter lists XEN_DOM0 off, once the tree is loaded (it loads in the background)
      const before = await waitForRow(p, /XEN_DOM0 = n\b/, 120_000);
      t.diagnostic(`row before: ${before}`);
      mark('view filled');
      await p.keyboard.press('Control+Shift+M');
      const until = Date.now() + 30_000;
      let rows = await problems(p);
      while (!rows.some((r) => /Xen dom0/.test(r) && /CONFIG_XEN_DOM0=y/.test(r)) && Date.now() < until) {
        await sleep(250);
        rows = await problems(p);
      }
      assert.ok(
        rows.some((r) => /Xen dom0/.test(r) && /required option/.test(r)),
        `before: the Problems panel should say a required dom0 option is missing:\n${rows.join('\n')}`,
      );

      const reportBefore = await roleReportVerdict(p);
      t.diagnostic(`role report before: ${reportBefore}`);
      assert.match(reportBefore, /Some required options are missing/);

      // choose y for XEN_DOM0 in the view
      await p
        .locator('.pane:has(.pane-header:has-text("Kernel Configuration")) .monaco-list-row', {
          hasText: 'XEN_DOM0 = n',
        })
        .first()
        .click();
      const qi = quickInput(p);
      await qi.waitFor({ state: 'visible', timeout: 15_000 });
      await qi.locator('.monaco-list-row', { hasText: 'built in / enabled' }).first().click();
      const after = await waitForRow(p, /XEN_DOM0 = y\b/, 60_000);
      t.diagnostic(`row after: ${after}`);
      mark('XEN_DOM0 set');

      // the role warning goes
      const gone = Date.now() + 60_000;
      rows = await problems(p);
      while (rows.some((r) => /Xen dom0/.test(r) && /required option/.test(r)) && Date.now() < gone) {
        await sleep(250);
        rows = await problems(p);
      }
      assert.ok(
        !rows.some((r) => /Xen dom0/.test(r) && /required option/.test(r)),
        `after: the dom0 requirement warning should be gone:\n${rows.join('\n')}`,
      );
      const reportAfter = await roleReportVerdict(p);
      t.diagnostic(`role report after: ${reportAfter}`);
      assert.match(reportAfter, /All required options are present/);

      // no tooltip over the view in the picture
      await p.mouse.move(900, 300);
      await sleep(1500);
      await screenshot(p, 'vscode-configurator.png');

      // the edit is in the document (unsaved); saving writes what the view chose
      await p
        .locator('.editor-instance .monaco-editor')
        .first()
        .click({ position: { x: 300, y: 100 } });
      await p.keyboard.press('Control+S');
      const file = join(workspace, 'linux', '.config');
      const saveUntil = Date.now() + 15_000;
      let text = readFileSync(file, 'utf8');
      while (!/^CONFIG_XEN_DOM0=y$/m.test(text) && Date.now() < saveUntil) {
        await sleep(200);
        text = readFileSync(file, 'utf8');
      }
      assert.match(text, /^CONFIG_XEN_DOM0=y$/m);
      assert.doesNotMatch(text, /^# CONFIG_XEN_DOM0 is not set$/m);
      // only what XEN_DOM0 needs changed: the same number of lines or a few more
      const delta = text.split('\n').length - (cloud.split('\n').length + 1);
      t.diagnostic(`lines added: ${delta}`);
      assert.ok(delta >= 0 && delta < 10, `the file grew by ${delta} lines`);
    },
  );
});
