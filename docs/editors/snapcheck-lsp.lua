-- snapcheck's Language Server in Neovim's built-in LSP client: findings as you type, and quick fixes
-- (vim.lsp.buf.code_action()). Copy to ~/.config/nvim/plugin/snapcheck-lsp.lua. Neovim 0.8 or newer starts one
-- server per project with vim.lsp.start; on 0.7 the same file uses vim.lsp.start_client.
-- Set vim.g.snapcheck_lsp_cmd before it loads to run another command (a global install, a path).
local cmd = vim.g.snapcheck_lsp_cmd or { "npx", "--no-install", "snapcheck", "lsp" }

-- The project root: the nearest folder up with a package.json, else with a .git, else the working directory.
local function root_dir(bufnr)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":p:h")
  local package_json = vim.fn.findfile("package.json", dir .. ";")
  if package_json ~= "" then return vim.fn.fnamemodify(package_json, ":p:h") end
  local git = vim.fn.finddir(".git", dir .. ";")
  if git ~= "" then return vim.fn.fnamemodify(git, ":p:h:h") end
  return vim.fn.getcwd()
end

local clients_by_root = {}

vim.api.nvim_create_autocmd("FileType", {
  pattern = { "javascript", "javascriptreact", "typescript", "typescriptreact" },
  callback = function(args)
    local root = root_dir(args.buf)
    local config = {
      name = "snapcheck",
      cmd = cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    }
    if vim.lsp.start then
      vim.lsp.start(config, { bufnr = args.buf })
      return
    end
    local id = clients_by_root[root]
    if not id or not vim.lsp.get_client_by_id(id) then
      id = vim.lsp.start_client(config)
      clients_by_root[root] = id
    end
    if id then vim.lsp.buf_attach_client(args.buf, id) end
  end,
})
