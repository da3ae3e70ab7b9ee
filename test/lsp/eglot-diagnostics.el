;; Run by test/lsp/emacs.test.ts: loads docs/editors/snapcheck-eglot.el with the server command taken from
;; $SNAPCHECK_LSP_CMD (tab-separated), opens $SNAPCHECK_FIXTURE, waits for snapcheck's diagnostics and writes them to
;; $SNAPCHECK_EGLOT_OUT as JSON.
(require 'package)
(package-initialize)
(require 'eglot)
(require 'flymake)
(load (getenv "SNAPCHECK_EGLOT_RECIPE"))
(setq eglot-server-programs
      (mapcar (lambda (entry)
                (if (equal (cdr entry) '("npx" "--no-install" "snapcheck" "lsp"))
                    (cons (car entry) (split-string (getenv "SNAPCHECK_LSP_CMD") "\t"))
                  entry))
              eglot-server-programs))
(find-file (getenv "SNAPCHECK_FIXTURE"))
(eglot-ensure)
;; eglot-ensure connects after the next command; batch mode runs none.
(run-hooks (quote post-command-hook))
(let ((deadline (+ (float-time) 30)) (found nil))
  (while (and (not found) (< (float-time) deadline))
    (accept-process-output nil 0.1)
    ;; Flymake asks its backends on idle timers, which batch mode never reaches.
    (when (and (bound-and-true-p flymake-mode) (not eglot--current-flymake-report-fn)) (flymake-start))
    (when (or (flymake-diagnostics) eglot--diagnostics) (setq found t)))
  ;; What eglot made of the server's diagnostics, whether or not flymake (on idle timers, which batch mode never
  ;; runs) has shown them yet; read in the file's buffer, before with-temp-file makes another one current.
  (let ((json (json-encode
               (mapcar (lambda (d)
                         (let ((beg (flymake-diagnostic-beg d)))
                           (list (cons 'line (line-number-at-pos beg))
                                 (cons 'column (save-excursion (goto-char beg) (current-column)))
                                 (cons 'type (symbol-name (flymake-diagnostic-type d)))
                                 (cons 'text (flymake-diagnostic-text d)))))
                       (or (flymake-diagnostics) eglot--diagnostics)))))
    (with-temp-file (getenv "SNAPCHECK_EGLOT_OUT") (insert json))))
(kill-emacs 0)
