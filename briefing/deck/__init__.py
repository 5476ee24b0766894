"""The deck: the model -> a slide outline decided by a template (outline) -> fitted with real
font metrics (fitter, fitting, breaks, diagram, tables, charts, pictures) into the layouts'
boxes (geometry) -> drawn into a PPTX on a 16:9 master (master, writer). The fitted outline is
also what the slides PDF draws (pdf/writer.py)."""
