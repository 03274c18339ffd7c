// End-to-end: a real Neovim (headless) drives the built language server (dist/server.js).
//
// Neovim's own LSP client starts `node dist/server.js --stdio`, opens the example GRUB menu and a
// kernel config fragment, waits for the diagnostics the server pushes, asks for hovers and a
// completion, and writes what it saw as JSON; this test asserts on that JSON.
//
// Needs `nvim` >= 0.7 on PATH (or $NVIM_BIN). Without it the test skips, unless
// XEN_CONFIG_REQUIRE_EDITORS=1 (CI), where a missing editor is a failure.
// The Lua below uses only APIs present in Neovim 0.7 (vim.lsp.start_client + buf_attach_client).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const SERVER = join(ROOT, 'dist', 'server.js');
const MENU = join(ROOT, 'examples', 'boot', 'grub', 'menu.lst');
const KCONFIG = join(ROOT, 'examples', 'kernel', 'dom0.config');
const REQUIRE_EDITORS = process.env.XEN_CONFIG_REQUIRE_EDITORS === '1';
const NVIM = process.env.NVIM_BIN || 'nvim';
/** How long Neovim waits for the server to start / publish diagnostics, for each request, and for the whole run. */
const WAIT_MS = 20_000;
const REQUEST_MS = 10_000;
const RUN_TIMEOUT_MS = 90_000;

interface Position {
  line: number;
  character: number;
}
interface Diagnostic {
  range: { start: Position; end: Position };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}
interface Publish {
  uri: string;
  diagnostics: Diagnostic[];
}
interface NvimResult {
  steps: string[];
  errors: string[];
  publishes: Publish[];
  menuUri: string;
  kconfigUri: string;
  hover: unknown;
  hoverKconfig: unknown;
  completion: unknown;
  serverExit: { code: number; signal: number } | null;
  clientStopped: boolean;
}

const LUA = String.raw`
local function env(name)
  local v = os.getenv(name)
  if v == nil then error(name .. ' not set') end
  return v
end
local root, out, node, server = env('XEN_E2E_ROOT'), env('XEN_E2E_OUT'), env('XEN_E2E_NODE'), env('XEN_E2E_SERVER')
local menu, kconfig = env('XEN_E2E_MENU'), env('XEN_E2E_KCONFIG')
local wait_ms = tonumber(env('XEN_E2E_WAIT_MS'))
local request_ms = tonumber(env('XEN_E2E_REQUEST_MS'))

local result = {
  steps = {}, errors = {}, publishes = {},
  menuUri = vim.uri_from_fname(menu), kconfigUri = vim.uri_from_fname(kconfig),
  hover = vim.NIL, hoverKconfig = vim.NIL, completion = vim.NIL, serverExit = vim.NIL, clientStopped = false,
}
local stopping = false -- set before we stop the client ourselves
local function step(s) table.insert(result.steps, s) end
local function err(s) table.insert(result.errors, s) end

local function latest(uri)
  for i = #result.publishes, 1, -1 do
    if result.publishes[i].uri == uri then return result.publishes[i].diagnostics end
  end
  return nil
end

local function find(bufnr, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local s = string.find(line, needle, 1, true)
    if s then return i - 1, s - 1, line end
  end
  return nil
end

local function request(bufnr, method, params)
  local responses, e = vim.lsp.buf_request_sync(bufnr, method, params, request_ms)
  if not responses then err(method .. ': no response: ' .. tostring(e)); return vim.NIL end
  for _, r in pairs(responses) do
    if r.err then err(method .. ': error: ' .. vim.inspect(r.err)) end
    if r.result ~= nil then return r.result end
  end
  return vim.NIL
end

local function open(path, filetype, client_id)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_option(bufnr, 'filetype', filetype)
  if not vim.lsp.buf_attach_client(bufnr, client_id) then err('buf_attach_client failed for ' .. path) end
  step('opened ' .. path .. ' as ' .. filetype)
  return bufnr
end

local client_id = nil
local initialized = false

local function main()
  client_id = vim.lsp.start_client({
    name = 'xen-config',
    cmd = { node, server, '--stdio' },
    root_dir = root,
    flags = { debounce_text_changes = 0 },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(_, params)
        table.insert(result.publishes, { uri = params.uri, diagnostics = params.diagnostics or {} })
      end,
    },
    on_init = function() initialized = true end,
    on_exit = function(code, signal)
      if not stopping then result.serverExit = { code = code, signal = signal } end
    end,
  })
  if not client_id then err('vim.lsp.start_client returned nil'); return end
  step('client started')
  vim.wait(wait_ms, function() return initialized or result.serverExit ~= vim.NIL end, 20)
  if result.serverExit ~= vim.NIL then err('server exited: ' .. vim.inspect(result.serverExit)); return end
  if not initialized then err('server did not answer initialize within ' .. wait_ms .. ' ms'); return end
  step('client initialized')

  local menu_buf = open(menu, 'menu-lst', client_id)
  local got = vim.wait(wait_ms, function()
    local d = latest(result.menuUri)
    return (d ~= nil and #d > 0) or result.serverExit ~= vim.NIL
  end, 20)
  if result.serverExit ~= vim.NIL then err('server exited: ' .. vim.inspect(result.serverExit)); return end
  if not got then err('no diagnostics for menu.lst within ' .. wait_ms .. ' ms'); return end
  step('diagnostics received')

  local line, col = find(menu_buf, 'dom0_mem')
  if line then
    result.hover = request(menu_buf, 'textDocument/hover', {
      textDocument = { uri = result.menuUri }, position = { line = line, character = col + 2 } })
    step('hover dom0_mem')
  else err('dom0_mem not found in menu.lst') end

  local kbuf = open(kconfig, 'kernel-config', client_id)
  line, col = find(kbuf, 'CONFIG_XEN_DOM0')
  if line then
    result.hoverKconfig = request(kbuf, 'textDocument/hover', {
      textDocument = { uri = result.kconfigUri }, position = { line = line, character = col + 7 } })
    step('hover CONFIG_XEN_DOM0')
  else err('CONFIG_XEN_DOM0 not found in dom0.config') end

  -- completion: replace the Xen kernel line by "kernel /xen-4.2.5.gz dom" (not saved)
  vim.cmd('buffer ' .. menu_buf)
  line = find(menu_buf, 'kernel /xen-4.2.5.gz')
  if line then
    local text = '        kernel /xen-4.2.5.gz dom'
    vim.api.nvim_buf_set_lines(menu_buf, line, line + 1, false, { text })
    result.completion = request(menu_buf, 'textDocument/completion', {
      textDocument = { uri = result.menuUri }, position = { line = line, character = #text },
      context = { triggerKind = 1 } })
    step('completion')
  else err('kernel /xen-4.2.5.gz line not found in menu.lst') end
end

local ok, e = xpcall(main, debug.traceback)
if not ok then err('lua error: ' .. tostring(e)) end
if client_id and result.serverExit == vim.NIL then
  stopping = true
  vim.lsp.stop_client(client_id, not initialized)
  result.clientStopped = vim.wait(5000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
  step('client stopped')
end
local f = assert(io.open(out, 'w'))
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd('qa!')
`;

function nvimVersion(): string | undefined {
  const r = spawnSync(NVIM, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout.split('\n')[0]?.trim();
}

/** Runs nvim with the script; resolves with exit info, kills the whole process group on timeout. */
function runNvim(
  script: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; signal: string | null; timedOut: boolean; output: string }> {
  return new Promise((resolvePromise, reject) => {
    // the script ends with :qa!; if it dies before that, `cquit 3` still ends Neovim
    const child = spawn(
      NVIM,
      ['--headless', '--clean', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${script}`, '-c', 'cquit 3'],
      {
        cwd: ROOT,
        env,
        detached: true, // own process group, so a timeout also ends the server it started
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (b: Buffer) => {
      output += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      output += b.toString();
    });
    let timedOut = false;
    // if this process dies first, still end Neovim and the server it started
    const killNow = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    process.once('exit', killNow);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      process.removeListener('exit', killNow);
      // the server is normally stopped by the script; end any leftover of this run's process group
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* none left */
      }
      resolvePromise({ code, signal, timedOut, output });
    });
  });
}

/** The plain text of an LSP hover result (MarkupContent, MarkedString or an array of them). */
function hoverText(hover: unknown): string {
  if (hover === null || hover === undefined) return '';
  const contents = (hover as { contents?: unknown }).contents;
  const flat = (c: unknown): string => {
    if (typeof c === 'string') return c;
    if (Array.isArray(c)) return c.map(flat).join('\n');
    if (c && typeof c === 'object' && 'value' in c) return String((c as { value: unknown }).value);
    return '';
  };
  return flat(contents);
}

function completionLabels(completion: unknown): string[] {
  if (!completion) return [];
  const items: unknown = Array.isArray(completion) ? completion : (completion as { items?: unknown }).items;
  if (!Array.isArray(items)) return [];
  return items.map((i) => String((i as { label?: unknown }).label));
}

test(
  'Neovim drives the language server: diagnostics, hover, completion',
  { timeout: RUN_TIMEOUT_MS + 30_000 },
  async (t) => {
    const version = nvimVersion();
    if (!version) {
      const msg = `Neovim (${NVIM}) not found; install neovim >= 0.7 to run this end-to-end test`;
      if (REQUIRE_EDITORS) assert.fail(`${msg} (XEN_CONFIG_REQUIRE_EDITORS=1)`);
      t.skip(msg);
      return;
    }
    t.diagnostic(version);
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run \`npm run build\` first (npm test does)`);
    assert.ok(existsSync(MENU), `${MENU} is missing`);
    assert.ok(existsSync(KCONFIG), `${KCONFIG} is missing`);

    const tmp = mkdtempSync(join(tmpdir(), 'xen-config-nvim-'));
    try {
      const script = join(tmp, 'e2e.lua');
      const out = join(tmp, 'result.json');
      writeFileSync(script, LUA);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        // keep Neovim's log/state out of the user's home; the LSP log lands in tmp/cache/nvim/lsp.log
        XDG_CONFIG_HOME: join(tmp, 'config'),
        XDG_DATA_HOME: join(tmp, 'data'),
        XDG_STATE_HOME: join(tmp, 'state'),
        XDG_CACHE_HOME: join(tmp, 'cache'),
        XEN_E2E_ROOT: ROOT,
        XEN_E2E_OUT: out,
        XEN_E2E_NODE: process.execPath,
        XEN_E2E_SERVER: SERVER,
        XEN_E2E_MENU: MENU,
        XEN_E2E_KCONFIG: KCONFIG,
        XEN_E2E_WAIT_MS: String(WAIT_MS),
        XEN_E2E_REQUEST_MS: String(REQUEST_MS),
      };
      const run = await runNvim(script, env, RUN_TIMEOUT_MS);
      const lspLog = join(tmp, 'cache', 'nvim', 'lsp.log');
      const context = () =>
        `\n--- nvim exit: code=${run.code} signal=${run.signal} timedOut=${run.timedOut}` +
        `\n--- nvim output:\n${run.output.slice(-4000)}` +
        (existsSync(lspLog) ? `\n--- lsp.log (tail):\n${readFileSync(lspLog, 'utf8').slice(-4000)}` : '');

      assert.ok(!run.timedOut, `Neovim did not finish within ${RUN_TIMEOUT_MS} ms and was killed${context()}`);
      assert.ok(existsSync(out), `Neovim wrote no result file${context()}`);
      const result = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
      const summary = () => `\n--- result: ${JSON.stringify(result, null, 1).slice(0, 6000)}${context()}`;
      t.diagnostic(`steps: ${result.steps.join(' | ')}`);

      assert.equal(result.serverExit, null, `the language server exited early${summary()}`);
      assert.deepEqual(result.errors, [], `Neovim reported errors${summary()}`);

      // diagnostics pushed for menu.lst
      const menuPublishes = result.publishes.filter((p) => p.uri === result.menuUri);
      assert.ok(menuPublishes.length > 0, `no textDocument/publishDiagnostics for ${result.menuUri}${summary()}`);
      const diags = menuPublishes.find((p) => p.diagnostics.length > 0)?.diagnostics ?? [];
      assert.ok(diags.length > 0, `the server published no diagnostics for menu.lst${summary()}`);
      t.diagnostic(
        `menu.lst diagnostics: ${diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`).join(', ')}`,
      );
      const menuLines = readFileSync(MENU, 'utf8').split(/\r?\n/);
      const rootLine = menuLines.findIndex((l) => l.includes('root(hd0,0)'));
      assert.ok(rootLine >= 0, 'examples/boot/grub/menu.lst has no root(hd0,0) line');
      const onRoot = diags.filter((d) => d.range.start.line <= rootLine && d.range.end.line >= rootLine);
      assert.ok(
        onRoot.some((d) => typeof d.code === 'string' && d.code.startsWith('grub/')),
        `expected a diagnostic with a grub/... code on line ${rootLine + 1} (root(hd0,0)); got ${JSON.stringify(onRoot)}${summary()}`,
      );
      const kernelLine = menuLines.findIndex((l) => l.includes('kernel /xen-4.2.5.gz'));
      assert.ok(
        diags.some((d) => d.range.start.line === kernelLine),
        `expected a diagnostic (max_cstate=0 / dom0_mem hint) on the Xen kernel line ${kernelLine + 1}${summary()}`,
      );

      // hovers
      const hover = hoverText(result.hover);
      assert.match(
        hover,
        /dom0/i,
        `hover on dom0_mem should mention dom0; got ${JSON.stringify(result.hover)}${summary()}`,
      );
      assert.match(hover, /mem/i, `hover on dom0_mem should be about memory; got ${JSON.stringify(hover)}`);
      const hoverK = hoverText(result.hoverKconfig);
      assert.ok(
        hoverK.replace(/CONFIG_XEN_DOM0/g, '').trim().length > 20,
        `hover on CONFIG_XEN_DOM0 in dom0.config should explain it; got ${JSON.stringify(result.hoverKconfig)}${summary()}`,
      );
      assert.match(hoverK, /dom0/i, `hover on CONFIG_XEN_DOM0 should mention dom0; got ${JSON.stringify(hoverK)}`);

      // completion after "kernel /xen-4.2.5.gz dom"
      const labels = completionLabels(result.completion);
      assert.ok(
        labels.includes('dom0_mem'),
        `completion after "kernel /xen-4.2.5.gz dom" should offer dom0_mem; got ${JSON.stringify(labels.slice(0, 40))}${summary()}`,
      );

      assert.ok(
        result.clientStopped,
        `the language server did not shut down within 5 s after shutdown/exit${summary()}`,
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);

// Neovim's own filetypes (0.7: menu.lst is `grub`, grub.cfg and /etc/xen/*.cfg `cfg`,
// /etc/default/grub and .config `conf`): the server recognises the files by name and content and
// publishes the same diagnostics the CLI reports for them (what VS Code shows).
const DEFAULT_FT_LUA = String.raw`
local out, node, server = os.getenv('XEN_E2E_OUT'), os.getenv('XEN_E2E_NODE'), os.getenv('XEN_E2E_SERVER')
local files = vim.fn.json_decode(os.getenv('XEN_E2E_FILES'))
local wait_ms = tonumber(os.getenv('XEN_E2E_WAIT_MS'))
local result = { errors = {}, files = {} }
local publishes = {}
vim.cmd('filetype on')
local ok, e = xpcall(function()
  local initialized = false
  local id = vim.lsp.start_client({
    name = 'xen-config', cmd = { node, server, '--stdio' }, root_dir = os.getenv('XEN_E2E_ROOT'),
    handlers = { ['textDocument/publishDiagnostics'] = function(_, p) publishes[p.uri] = p.diagnostics or {} end },
    on_init = function() initialized = true end,
  })
  vim.wait(wait_ms, function() return initialized end, 20)
  if not initialized then table.insert(result.errors, 'no initialize answer'); return end
  for _, path in ipairs(files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local buf = vim.api.nvim_get_current_buf()
    local uri = vim.uri_from_fname(path)
    vim.lsp.buf_attach_client(buf, id)
    local got = vim.wait(wait_ms, function() return publishes[uri] ~= nil end, 20)
    if not got then table.insert(result.errors, 'no diagnostics for ' .. path) end
    table.insert(result.files, { path = path, filetype = vim.bo[buf].filetype, diagnostics = publishes[uri] or {} })
  end
  vim.lsp.stop_client(id, true)
end, debug.traceback)
if not ok then table.insert(result.errors, tostring(e)) end
local f = assert(io.open(out, 'w'))
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd('qa!')
`;

test(
  'Neovim with its default filetypes gets the same diagnostics as the CLI',
  { timeout: RUN_TIMEOUT_MS + 30_000 },
  async (t) => {
    const version = nvimVersion();
    if (!version) {
      const msg = `Neovim (${NVIM}) not found; install neovim >= 0.7 to run this end-to-end test`;
      if (REQUIRE_EDITORS) assert.fail(`${msg} (XEN_CONFIG_REQUIRE_EDITORS=1)`);
      t.skip(msg);
      return;
    }
    const tmp = mkdtempSync(join(tmpdir(), 'xen-config-nvim-ft-'));
    t.after(() => rmSync(tmp, { recursive: true, force: true }));
    const ex = (p: string) => readFileSync(join(ROOT, 'examples', p), 'utf8');
    const files: Array<[string, string]> = [
      ['boot/grub/menu.lst', ex('boot/grub/menu.lst')],
      ['boot/grub/grub.cfg', ex('boot/grub2/grub.cfg')],
      ['etc/default/grub', `${ex('boot/default/grub')}\nGRUB_CMDLINE_XEN_DEFAULT="dom0_mem=1G bogus_xen_word"\n`],
      ['usr/src/linux/.config', ex('kernel/domU.config')],
      ['etc/xen/guest.cfg', `${ex('xen/hvm-guest.cfg')}\nbogus_key = 1\n`],
    ];
    const paths = files.map(([rel, text]) => {
      const p = join(tmp, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
      return p;
    });
    const script = join(tmp, 'ft.lua');
    const out = join(tmp, 'ft.json');
    writeFileSync(script, DEFAULT_FT_LUA);
    const run = await runNvim(
      script,
      {
        ...process.env,
        XDG_CONFIG_HOME: join(tmp, 'config'),
        XDG_DATA_HOME: join(tmp, 'data'),
        XDG_STATE_HOME: join(tmp, 'state'),
        XDG_CACHE_HOME: join(tmp, 'cache'),
        XEN_E2E_ROOT: tmp,
        XEN_E2E_OUT: out,
        XEN_E2E_NODE: process.execPath,
        XEN_E2E_SERVER: SERVER,
        XEN_E2E_FILES: JSON.stringify(paths),
        XEN_E2E_WAIT_MS: String(WAIT_MS),
      },
      RUN_TIMEOUT_MS,
    );
    assert.ok(!run.timedOut && existsSync(out), `Neovim did not finish: ${run.output.slice(-2000)}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as {
      errors: string[];
      files: Array<{ path: string; filetype: string; diagnostics: Diagnostic[] }>;
    };
    assert.deepEqual(result.errors, []);
    t.diagnostic(
      result.files
        .map(
          (f) =>
            `${f.path.slice(tmp.length + 1)}: filetype ${f.filetype || '(none)'}, ${f.diagnostics.length} diagnostics`,
        )
        .join('; '),
    );

    const cli = spawnSync(
      process.execPath,
      [join(ROOT, 'dist', 'cli.js'), 'check', '--format', 'json', '--no-project', ...paths],
      { encoding: 'utf8', cwd: tmp },
    );
    const checked = JSON.parse(cli.stdout) as {
      files: Array<{ path: string; diagnostics: Array<{ line: number; column: number; code: string }> }>;
    };
    for (const f of result.files) {
      const expected =
        checked.files
          .find((c) => c.path === f.path)
          ?.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)
          .sort() ?? [];
      const got = f.diagnostics
        .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`)
        .sort();
      assert.ok(expected.length > 0, `${f.path}: the CLI finds something (the comparison means something)`);
      assert.deepEqual(got, expected, `${f.path} (Neovim filetype ${f.filetype})`);
    }
  },
);
