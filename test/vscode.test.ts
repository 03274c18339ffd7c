// End-to-end: a real VS Code (the code-server 4.100.3 build of the VS Code 1.100.3 workbench),
// driven through Chromium by playwright-core, loads the packaged extension (xen-config.vsix),
// whose language client starts dist/server.js in VS Code's extension host. The test opens the
// example GRUB menu and checks what a user sees: the status bar item with the targeted releases,
// squiggles, the Problems panel, a hover, a quick fix chosen from the Ctrl+. menu (the edited line
// and its diagnostic gone; the file is not saved) and a completion list. It saves screenshots to
// docs/images/ (used by the README; overwritten each run).
//
// Setup (once, ~1 min): scripts/setup-vscode-e2e.sh [DIR]  (DIR defaults to .cache/vscode-e2e;
// override with $XEN_CONFIG_VSCODE_E2E_DIR). Chromium: /usr/bin/chromium or $CHROMIUM_BIN.
// Without them the test skips, unless XEN_CONFIG_REQUIRE_EDITORS=1 (CI), where that is a failure.
// The .vsix is (re)packaged from dist/ when missing or older than dist/ (npm test builds dist/).
// Screenshots of failures go to test-results/vscode-failure.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = resolve(__dirname, '..');
const REQUIRE_EDITORS = process.env.XEN_CONFIG_REQUIRE_EDITORS === '1';
const E2E_DIR = resolve(process.env.XEN_CONFIG_VSCODE_E2E_DIR || join(ROOT, '.cache', 'vscode-e2e'));
const ENTRY = join(E2E_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const VSIX = join(ROOT, 'xen-config.vsix');
const IMAGES = join(ROOT, 'docs', 'images');
const FAILURE_DIR = join(ROOT, 'test-results');
const TEST_TIMEOUT_MS = 180_000;

function findChromium(): string | undefined {
  const candidates = [
    process.env.CHROMIUM_BIN,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** xen-config.vsix, packaged from the current dist/ (scripts/package.mjs) unless an up-to-date one exists. */
function ensureVsix(): void {
  const inputs = [join(ROOT, 'package.json'), join(ROOT, 'dist', 'server.js'), join(ROOT, 'dist', 'extension.js')];
  const missing = inputs.filter((f) => !existsSync(f));
  assert.deepEqual(missing, [], 'run `npm run build` first (npm test does)');
  if (existsSync(VSIX)) {
    const vsixTime = statSync(VSIX).mtimeMs;
    if (inputs.every((f) => statSync(f).mtimeMs <= vsixTime)) return;
  }
  // npm test has just built dist/, so this packages it as it is (rebuilding here would race the
  // other test files reading dist/).
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.ok(
    r.status === 0 && existsSync(VSIX),
    `packaging ${VSIX} failed (status ${r.status})\n${r.stdout}\n${r.stderr}`,
  );
}

/** The tail of code-server's and the extension host's logs, for failure messages. */
function logTails(userDataDir: string, serverOutput: string): string {
  const parts = [`--- code-server output (tail):\n${serverOutput.slice(-3000)}`];
  const walk = (dir: string, depth: number): string[] => {
    if (depth > 6 || !existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name), depth + 1) : e.name.endsWith('.log') ? [join(dir, e.name)] : [],
    );
  };
  for (const f of walk(join(userDataDir, 'logs'), 0)) {
    if (/exthost\.log$|xen|Xen|remoteagent/.test(f) && !/vscode\.(git|github)\b/.test(f)) {
      const text = readFileSync(f, 'utf8');
      if (text.trim()) parts.push(`--- ${f.slice(userDataDir.length + 1)} (tail):\n${text.slice(-2500)}`);
    }
  }
  return parts.join('\n');
}

/** Stops code-server and everything it started (its own process group), by its pid. */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  await Promise.race([exited, sleep(5_000)]);
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

/**
 * Runs in the page: screen centre of the characters [from, to) of `needle` in the first editor
 * line containing it, or null. Plain JavaScript (a string), as this project compiles without DOM types.
 */
const TEXT_POINT_JS = `({ needle, from, to }) => {
  for (const line of document.querySelectorAll('.monaco-editor .view-lines .view-line')) {
    const text = (line.textContent || '').replace(/\\u00a0/g, ' '); // Monaco draws spaces as NBSP
    const at = text.indexOf(needle);
    if (at < 0) continue;
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let offset = 0, started = false;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const len = (n.textContent || '').length;
      if (!started && at + from < offset + len) { range.setStart(n, at + from - offset); started = true; }
      if (started && at + to <= offset + len) {
        range.setEnd(n, at + to - offset);
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      offset += len;
    }
  }
  return null;
}`;

async function textPoint(page: Page, needle: string, from: number, to: number): Promise<{ x: number; y: number }> {
  const point = (await page.evaluate(`(${TEXT_POINT_JS})(${JSON.stringify({ needle, from, to })})`)) as {
    x: number;
    y: number;
  } | null;
  assert.ok(point, `"${needle}" is not visible in the editor`);
  return point;
}

/**
 * Runs in the page: what the first editor shows on line `line` (1-based): its text (NBSP made
 * spaces) and the squiggle classes drawn across it, found by the line number in the gutter and
 * the view line / decorations at the same height. Null when that line is not rendered.
 */
const EDITOR_LINE_JS = `(line) => {
  const editor = document.querySelector('.editor-instance .monaco-editor');
  if (!editor) return null;
  const number = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find((n) => (n.textContent || '').trim() === String(line));
  if (!number) return null;
  const box = number.getBoundingClientRect();
  const mid = box.top + box.height / 2;
  const within = (el) => { const r = el.getBoundingClientRect(); return r.height > 0 && r.top <= mid && mid <= r.bottom; };
  const view = [...editor.querySelectorAll('.view-lines .view-line')].find(within);
  if (!view) return null;
  const squiggles = [...editor.querySelectorAll('.view-overlays [class*="squiggly-"]')].filter(within)
    .map((el) => [...el.classList].find((c) => c.startsWith('squiggly-')));
  return { text: (view.textContent || '').replace(/\\u00a0/g, ' '), squiggles };
}`;

interface EditorLine {
  text: string;
  squiggles: string[];
}

async function editorLine(page: Page, line: number): Promise<EditorLine | null> {
  return (await page.evaluate(`(${EDITOR_LINE_JS})(${line})`)) as EditorLine | null;
}

/** Polls until `ok` holds for the editor's line `line` or `ms` pass; returns the last state seen. */
async function waitForLine(
  page: Page,
  line: number,
  ok: (l: EditorLine) => boolean,
  ms: number,
): Promise<EditorLine | null> {
  const until = Date.now() + ms;
  for (;;) {
    const state = await editorLine(page, line);
    if ((state && ok(state)) || Date.now() >= until) return state;
    await sleep(100);
  }
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: join(IMAGES, name) });
}

test(
  'VS Code (code-server + Chromium) runs the extension: status bar, squiggles, Problems, hover, quick fix, completion',
  { timeout: TEST_TIMEOUT_MS },
  async (t) => {
    const chromiumPath = findChromium();
    const missing = [
      existsSync(ENTRY)
        ? ''
        : `code-server (run scripts/setup-vscode-e2e.sh${process.env.XEN_CONFIG_VSCODE_E2E_DIR ? ' "$XEN_CONFIG_VSCODE_E2E_DIR"' : ''}; looked for ${ENTRY})`,
      chromiumPath ? '' : 'Chromium (apt-get install chromium, or set CHROMIUM_BIN)',
    ].filter(Boolean);
    if (missing.length > 0) {
      const msg = `VS Code end-to-end test needs ${missing.join(' and ')}`;
      if (REQUIRE_EDITORS) assert.fail(`${msg} (XEN_CONFIG_REQUIRE_EDITORS=1)`);
      t.skip(msg);
      return;
    }
    assert.ok(chromiumPath);
    const started = Date.now();
    const timings: string[] = [];
    const mark = (what: string): void => {
      timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)}s`);
    };
    const tmp = mkdtempSync(join(tmpdir(), 'xen-config-vscode-'));
    try {
      ensureVsix();
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    mark('vsix');
    const userDataDir = join(tmp, 'user-data');
    const extensionsDir = join(tmp, 'extensions');
    const workspace = join(tmp, 'workspace');
    cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
    // A kernel configuration that names no version (judged with the target Linux version).
    mkdirSync(join(workspace, 'linux'), { recursive: true });
    writeFileSync(join(workspace, 'linux', '.config'), 'CONFIG_XEN=y\nCONFIG_XEN_DOM0=y\nCONFIG_XEN_BALLOON=y\n');
    writeFileSync(
      join(workspace, 'web.config'),
      '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <appSettings>\n    <add key="CONFIG_X" value="y" />\n  </appSettings>\n</configuration>\n',
    );
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(
      join(userDataDir, 'User', 'settings.json'),
      JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'workbench.tips.enabled': false,
          'workbench.welcomePage.walkthroughs.openOnInstall': false,
          'security.workspace.trust.enabled': false,
          'extensions.autoCheckUpdates': false,
          'extensions.autoUpdate': false,
          'extensions.ignoreRecommendations': true,
          'telemetry.telemetryLevel': 'off',
          'update.mode': 'none',
          'chat.commandCenter.enabled': false,
          'editor.minimap.enabled': false,
          'editor.hover.delay': 200,
          'files.autoSave': 'off',
        },
        null,
        2,
      ),
    );
    // code-server keeps its own config and state under XDG dirs; keep them out of $HOME
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
      XDG_DATA_HOME: join(tmp, 'xdg-data'),
      XDG_CACHE_HOME: join(tmp, 'xdg-cache'),
    };
    const port = await freePort();
    const common = [
      ENTRY,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--config',
      join(tmp, 'code-server.yaml'),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
    ];

    // 1. install the .vsix into the fresh extensions dir (installs, then exits)
    const install = spawnSync(process.execPath, [...common, '--install-extension', VSIX], {
      env,
      encoding: 'utf8',
      timeout: 90_000,
    });
    assert.equal(
      install.status,
      0,
      `code-server --install-extension failed: ${install.error?.message ?? ''}\n${install.stdout}\n${install.stderr}`,
    );
    const installed = existsSync(extensionsDir)
      ? readdirSync(extensionsDir).filter((d) => d.startsWith('xen-config.'))
      : [];
    assert.ok(
      installed.length > 0,
      `the extension was not installed into ${extensionsDir}:\n${install.stdout}\n${install.stderr}`,
    );
    t.diagnostic(`installed ${installed.join(', ')}`);
    mark('installed');

    // 2. start code-server on the workspace
    let serverOutput = '';
    const server = spawn(process.execPath, [...common, workspace], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (b: Buffer) => {
      serverOutput += b.toString();
    });
    server.stderr?.on('data', (b: Buffer) => {
      serverOutput += b.toString();
    });
    // if this process dies or the test runner gives up, still end code-server (its process group)
    const killNow = (): void => {
      try {
        if (server.pid !== undefined) process.kill(-server.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    process.once('exit', killNow);
    let browser: Browser | undefined;
    let page: Page | undefined;
    const pageErrors: string[] = [];
    t.signal.addEventListener('abort', () => {
      void browser?.close().catch(() => undefined);
      killNow();
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      const up = Date.now() + 45_000;
      for (;;) {
        assert.ok(server.exitCode === null, `code-server exited (${server.exitCode}):\n${serverOutput}`);
        try {
          if ((await fetch(`${base}/healthz`)).ok) break;
        } catch {
          /* not yet */
        }
        assert.ok(Date.now() < up, `code-server did not answer on ${base} within 45 s:\n${serverOutput}`);
        await sleep(250);
      }
      mark('code-server up');

      // 3. Chromium, headless, fresh profile
      browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        timeout: 30_000,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      context.setDefaultTimeout(30_000);
      page = await context.newPage();
      const p = page;
      p.on('pageerror', (e) => pageErrors.push(String(e)));
      await p.goto(`${base}/?folder=${encodeURIComponent(workspace)}`, { timeout: 30_000 });
      await p.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
      // the explorer shows the workspace once the remote extension host is connected
      await p.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
      mark('workbench');

      // 4. open menu.lst: Ctrl+P, type the name, Enter
      await p
        .locator('.monaco-workbench')
        .click({ position: { x: 640, y: 400 } })
        .catch(() => {
          /* focus only */
        });
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

      const languageMode = async (): Promise<string> =>
        (
          await p
            .locator('.statusbar-item[id="status.editor.mode"]')
            .first()
            .innerText()
            .catch(() => '')
        ).trim();
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
        await p.keyboard.press('Control+P');
        await quickInput.waitFor({ state: 'visible', timeout: 15_000 });
        await quickInput.locator('input').first().fill(bp.file);
        const row = quickInput.locator('.monaco-list-row', { hasText: bp.row }).first();
        await row.waitFor({ state: 'visible', timeout: 15_000 });
        await row.click();
        const base = bp.file.split('/').pop()!;
        await p
          .locator('.tabs-container .tab.active', { hasText: base })
          .first()
          .waitFor({ state: 'visible', timeout: 15_000 });
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
        await p.keyboard.press('Control+P');
        await quickInput.waitFor({ state: 'visible', timeout: 15_000 });
        await quickInput.locator('input').first().fill(file);
        // Quick Open ranks fuzzily (dom0.config can come before domU.config): click the exact row.
        const row = quickInput.locator('.monaco-list-row', { hasText: file.split('/').pop()! }).first();
        await row.waitFor({ state: 'visible', timeout: 15_000 });
        await row.click();
        await p
          .locator('.tabs-container .tab.active', { hasText: file.split('/').pop()! })
          .first()
          .waitFor({ state: 'visible', timeout: 15_000 });
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
    } catch (e) {
      if (page) {
        mkdirSync(FAILURE_DIR, { recursive: true });
        await page.screenshot({ path: join(FAILURE_DIR, 'vscode-failure.png') }).catch(() => undefined);
      }
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(
        `${message}\n(screenshot: ${join(FAILURE_DIR, 'vscode-failure.png')})\n--- page errors: ${pageErrors.slice(0, 5).join('\n')}\n${logTails(userDataDir, serverOutput)}`,
        { cause: e },
      );
    } finally {
      t.diagnostic(`timings: ${timings.join(', ')}`);
      await browser?.close().catch(() => undefined);
      await stopProcessGroup(server);
      process.removeListener('exit', killNow);
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);
