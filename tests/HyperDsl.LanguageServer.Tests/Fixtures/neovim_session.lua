-- Driven by NeovimTests: Neovim's built-in LSP client (0.7+) attached to `hyperdsl lsp` on a .hyp file with a
-- mistake. Records the diagnostics it received, fixes the line through the buffer (a real didChange), waits for the
-- errors to clear, asks for hover at a position, writes everything as JSON and quits.
local function env(name)
  local value = os.getenv(name)
  assert(value, name .. ' is not set')
  return value
end
local file, out = env('HYP_FILE'), env('HYP_OUT')
local fix_line, fixed_text = tonumber(env('HYP_FIX_LINE')), env('HYP_FIXED_TEXT')
local hover_line, hover_character = tonumber(env('HYP_HOVER_LINE')), tonumber(env('HYP_HOVER_CHARACTER'))
local result = { diagnostics = {}, cleared = false, hover = vim.NIL, client_exited = false }

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'hyperdsl',
    cmd = { 'dotnet', env('HYP_DLL'), 'lsp' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    on_exit = function() result.client_exited = true end,
  })
  if not client_id then result.error = 'start_client failed'; return end
  vim.lsp.buf_attach_client(bufnr, client_id)

  if not vim.wait(60000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50) then
    result.error = 'no diagnostics within 60 s'
    return
  end
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, code = d.code or lsp.code })
  end

  vim.api.nvim_buf_set_lines(bufnr, fix_line, fix_line + 1, false, { fixed_text })
  result.cleared = vim.wait(60000, function()
    return #vim.diagnostic.get(bufnr, { severity = vim.diagnostic.severity.ERROR }) == 0
  end, 50)

  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = hover_line, character = hover_character } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 30000) or {}
  for _, response in pairs(responses) do
    if response.result and response.result.contents then result.hover = response.result.contents.value end
  end
  vim.lsp.stop_client(client_id)
  vim.wait(10000, function() return result.client_exited end, 50)
end

-- Any Lua error is recorded and Neovim still quits (headless Neovim would otherwise wait forever).
local ok, err = pcall(main)
if not ok then result.error = tostring(err) end
finish()
