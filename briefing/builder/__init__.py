"""Building: one briefing end to end, which is also the library API (pipeline, result), the
checks a build runs first (checking), incremental builds (cache), atomic outputs (files), the
command line (cli) and watch with its preview (watch)."""
