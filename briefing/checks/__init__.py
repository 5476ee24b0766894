"""The checks of a loaded briefing before anything is rendered: copy lint for Chinese text
(lint), font coverage (coverage), characters no output can set and words too long to break
(characters), and the figures' picture files, read and checked once (figures). They read the
model and the file's text and return diagnostics (figures also the checked pictures, which the
renderers then use); nothing is rendered or written."""
