;;; snapcheck-eglot.el --- snapcheck's language server in Emacs through eglot  -*- lexical-binding: t -*-
;; Load it from your init file: (load "/path/to/snapcheck-eglot.el"). Eglot runs one server per buffer, so in these
;; modes snapcheck replaces the TypeScript server; then M-x eglot, findings through flymake, fixes with
;; M-x eglot-code-actions.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((js-mode js-ts-mode typescript-mode typescript-ts-mode tsx-ts-mode)
                 . ("npx" "--no-install" "snapcheck" "lsp"))))
