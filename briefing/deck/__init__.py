"""The deck: the model -> a slide outline decided by a template (outline) -> fitted with real
font metrics (fitting, diagram, tables) into the layouts' boxes (geometry) -> drawn into a
PPTX on a 16:9 master (master, writer)."""
