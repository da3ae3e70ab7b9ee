" snapcheck for Vim 8.2+ and Neovim: `:make` lints the project into the quickfix
" list, and writing a JavaScript or TypeScript buffer lints it into that window's
" location list. Copy to ~/.vim/plugin/ (Neovim: ~/.config/nvim/plugin/).

" How to run snapcheck; './node_modules/.bin/snapcheck' skips npx's start-up time.
let g:snapcheck_command = get(g:, 'snapcheck_command', 'npx snapcheck')

" Parses `--format unix` lines: `path:line:col: message [Error/rule-id]`.
" %t takes the E of [Error or the W of [Warning; other lines (the summary) are dropped.
let g:snapcheck_errorformat = '%f:%l:%c: %m [%trror%.%#,%f:%l:%c: %m [%tarning%.%#,%-G%.%#'

function! s:UseForMake() abort
  let &l:makeprg = g:snapcheck_command . ' --format unix'
  let &l:errorformat = g:snapcheck_errorformat
endfunction

" Lints the buffer's text through stdin, so the result matches what is on screen.
function! s:LintBuffer() abort
  let l:command = g:snapcheck_command . ' --format unix --stdin --stdin-filename ' . shellescape(expand('%:p'))
  let l:output = systemlist(l:command, getline(1, '$'))
  " Exit code 2 is a usage or config mistake: show it rather than an empty list.
  if v:shell_error == 2
    echohl ErrorMsg | echomsg join(l:output, ' ') | echohl None
    return
  endif
  call setloclist(0, [], 'r', {'title': 'snapcheck', 'lines': l:output, 'efm': g:snapcheck_errorformat})
  lwindow
endfunction

augroup snapcheck
  autocmd!
  autocmd FileType javascript,javascriptreact,typescript,typescriptreact call s:UseForMake()
  autocmd BufWritePost *.js,*.jsx,*.mjs,*.cjs,*.ts,*.tsx,*.mts,*.cts call s:LintBuffer()
augroup END
