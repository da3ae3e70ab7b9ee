-- Run by test/lsp/neovim.test.ts after docs/editors/snapcheck-lsp.lua: waits for snapcheck's diagnostics on the
-- current buffer and writes them, as Neovim holds them, to $SNAPCHECK_NVIM_OUT as JSON.
local out = os.getenv("SNAPCHECK_NVIM_OUT")
local found = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  table.insert(diagnostics, {
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    severity = d.severity, source = d.source, message = d.message,
    code = d.code or lsp.code,
  })
end
local clients = {}
for _, client in pairs(vim.lsp.get_active_clients()) do table.insert(clients, client.name) end
vim.fn.writefile({ vim.fn.json_encode({ found = found, diagnostics = diagnostics, clients = clients }) }, out)
vim.cmd("qa!")
