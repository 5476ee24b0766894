"""Building: content files and options in, outputs and diagnostics out. One briefing end to end,
which is also the library API (pipeline, result); the checks a build runs first (checking);
incremental builds (cache); atomic outputs (files); the deck written by a second process beside
the PDFs (beside); Chinese words cut ahead in a child (segmenting); the command line (cli);
watch and its live preview (watch, preview); an import followed by the check of the new file
(importing); `check --layout` over the built outputs (proofing)."""
