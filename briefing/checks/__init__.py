"""The checks of a loaded briefing before anything is rendered: copy lint for Chinese text
(lint) and font coverage (coverage). They read the model and the file's text and return
diagnostics; nothing is rendered or written."""
