// The harness of the real-VS-Code tests (test/vscode*.test.ts): a code-server build of the VS Code
// workbench, driven through headless Chromium by playwright-core, with the packaged extension
// (xen-config.vsix) installed into a fresh extensions dir and a fresh workspace. `withVSCode` does
// the setup (skip when code-server or Chromium is missing, unless XEN_CONFIG_REQUIRE_EDITORS=1),
// the start, the failure screenshot + log tails and the teardown; the helpers below find text in
// the editor, read a line's squiggles, open files and take the README screenshots.
//
// Setup (once, ~1 min): scripts/setup-vscode-e2e.sh [DIR]  (DIR defaults to .cache/vscode-e2e;
// override with $XEN_CONFIG_VSCODE_E2E_DIR). Chromium: /usr/bin/chromium or $CHROMIUM_BIN.
// The .vsix is (re)packaged from dist/ when missing or older than dist/ (npm test builds dist/).

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
import type { TestContext } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const ROOT = resolve(__dirname, '..');
const REQUIRE_EDITORS = process.env.XEN_CONFIG_REQUIRE_EDITORS === '1';
const E2E_DIR = resolve(process.env.XEN_CONFIG_VSCODE_E2E_DIR || join(ROOT, '.cache', 'vscode-e2e'));
const ENTRY = join(E2E_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const VSIX = join(ROOT, 'xen-config.vsix');
export const IMAGES = join(ROOT, 'docs', 'images');
const FAILURE_DIR = join(ROOT, 'test-results');

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

export function sleep(ms: number): Promise<void> {
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

export async function textPoint(
  page: Page,
  needle: string,
  from: number,
  to: number,
): Promise<{ x: number; y: number }> {
  const point = (await page.evaluate(`(${TEXT_POINT_JS})(${JSON.stringify({ needle, from, to })})`)) as {
    x: number;
    y: number;
  } | null;
  assert.ok(point, `"${needle}" is not visible in the editor`);
  return point;
}

/**
 * Runs in the page: what the first editor shows on line `line` (1-based): its text (NBSP made
 * spaces), the squiggle classes drawn across it and the inlay hints in it (text and x offset
 * from the line's left edge), found by the line number in the gutter and the view line /
 * decorations at the same height. Null when that line is not rendered.
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
  const left = view.getBoundingClientRect().left;
  const hints = [...view.querySelectorAll('[class*="dyn-rule-"], [class*="inlay"]')]
    .filter((el) => (el.textContent || '').trim() && !el.querySelector('[class*="dyn-rule-"], [class*="inlay"]'))
    .map((el) => ({ text: (el.textContent || '').replace(/\\u00a0/g, ' ').trim(), x: el.getBoundingClientRect().left - left }));
  return { text: (view.textContent || '').replace(/\\u00a0/g, ' '), squiggles, hints };
}`;

export interface EditorLine {
  /** the line as drawn, inlay hints included */
  text: string;
  squiggles: string[];
  /** text drawn by decorations inside the line (inlay hints), with its x offset in pixels */
  hints: Array<{ text: string; x: number }>;
}

export async function editorLine(page: Page, line: number): Promise<EditorLine | null> {
  return (await page.evaluate(`(${EDITOR_LINE_JS})(${line})`)) as EditorLine | null;
}

/** Polls until `ok` holds for the editor's line `line` or `ms` pass; returns the last state seen. */
export async function waitForLine(
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

/**
 * Saves a screenshot of the whole window to test-results/screenshots/<name>; with
 * UPDATE_SCREENSHOTS=1 to docs/images/<name> (the README's pictures), so that a test run leaves the
 * checkout as it was.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? IMAGES : join(FAILURE_DIR, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name) });
}

/** The texts of all status bar items, trimmed, empty ones left out. */
export async function statusBarTexts(page: Page): Promise<string[]> {
  const all = await page
    .locator('.statusbar-item')
    .allInnerTexts()
    .catch(() => []);
  return all.map((s) => s.trim()).filter(Boolean);
}

/** Waits for a status bar item whose text matches; fails naming what the status bar shows. */
export async function waitForStatusItem(page: Page, text: string | RegExp, ms = 20_000): Promise<Locator> {
  const item = page.locator('.statusbar-item', { hasText: text }).first();
  try {
    await item.waitFor({ state: 'visible', timeout: ms });
  } catch {
    throw new Error(
      `no status bar item says ${String(text)} within ${ms / 1000} s; the status bar shows: ${(
        await statusBarTexts(page)
      ).join(' | ')}`,
    );
  }
  return item;
}

/** The language mode the status bar shows for the active editor ('' when none). */
export async function languageMode(page: Page): Promise<string> {
  return (
    await page
      .locator('.statusbar-item[id="status.editor.mode"]')
      .first()
      .innerText()
      .catch(() => '')
  ).trim();
}

/** The Quick Open / command palette / picker widget. */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/**
 * Opens the workspace file `file` (a path relative to the workspace) by Quick Open: types it,
 * clicks the first row matching `row` (default: the file's base name) and waits for its tab.
 */
export async function openFile(page: Page, file: string, row?: RegExp | string): Promise<void> {
  const base = file.split('/').pop()!;
  const qi = quickInput(page);
  await page.keyboard.press('Control+P');
  await qi.waitFor({ state: 'visible', timeout: 15_000 });
  await qi.locator('input').first().fill(file);
  const r = qi.locator('.monaco-list-row', { hasText: row ?? base }).first();
  await r.waitFor({ state: 'visible', timeout: 15_000 });
  await r.click();
  await page
    .locator('.tabs-container .tab.active', { hasText: base })
    .first()
    .waitFor({ state: 'visible', timeout: 15_000 });
}

/** Runs a command from the command palette (F1) by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const qi = quickInput(page);
  await page.keyboard.press('F1');
  await qi.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(title);
  await qi.locator('.monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Goes to line `line` of the active editor (Ctrl+G). */
export async function goToLine(page: Page, line: number): Promise<void> {
  const qi = quickInput(page);
  await page.keyboard.press('Control+G');
  await qi.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
}

export interface VSCodeSession {
  page: Page;
  /** the workspace folder VS Code has open (a fresh copy) */
  workspace: string;
  /** records how long the run took up to `what` (printed at the end) */
  mark: (what: string) => void;
}

export interface VSCodeOptions {
  /** fills the fresh workspace folder (default: a copy of examples/) */
  prepareWorkspace?: (workspace: string) => void;
  /** user settings on top of the quiet defaults */
  settings?: Record<string, unknown>;
  /** name of the failure screenshot in test-results/ (default vscode-failure.png) */
  failureScreenshot?: string;
}

const QUIET_SETTINGS: Record<string, unknown> = {
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
};

/**
 * Installs the .vsix into a fresh code-server, opens a fresh workspace in headless Chromium and
 * runs `body` with the page. Skips the test (t.skip) when code-server or Chromium is missing,
 * unless XEN_CONFIG_REQUIRE_EDITORS=1. On failure: a screenshot in test-results/, the page errors
 * and the logs' tails in the message. Always ends code-server (its process group) and Chromium.
 */
export async function withVSCode(
  t: TestContext,
  options: VSCodeOptions,
  body: (session: VSCodeSession) => Promise<void>,
): Promise<void> {
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
  if (options.prepareWorkspace) {
    mkdirSync(workspace, { recursive: true });
    options.prepareWorkspace(workspace);
  } else {
    cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  }
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2),
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
  if (install.status !== 0) rmSync(tmp, { recursive: true, force: true });
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
  const failureShot = join(FAILURE_DIR, options.failureScreenshot ?? 'vscode-failure.png');
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
    await p
      .locator('.monaco-workbench')
      .click({ position: { x: 640, y: 400 } })
      .catch(() => {
        /* focus only */
      });
    await body({ page: p, workspace, mark });
  } catch (e) {
    if (page) {
      mkdirSync(FAILURE_DIR, { recursive: true });
      await page.screenshot({ path: failureShot }).catch(() => undefined);
    }
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(
      `${message}\n(screenshot: ${failureShot})\n--- page errors: ${pageErrors.slice(0, 5).join('\n')}\n${logTails(userDataDir, serverOutput)}`,
      { cause: e },
    );
  } finally {
    t.diagnostic(`timings: ${timings.join(', ')}`);
    await browser?.close().catch(() => undefined);
    await stopProcessGroup(server);
    process.removeListener('exit', killNow);
    rmSync(tmp, { recursive: true, force: true });
  }
}
