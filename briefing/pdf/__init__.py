"""PDF output: the model -> HTML through templates (html) -> PDF with WeasyPrint (writer), the
Chinese paragraphs justified on both edges (justify); the briefing, the handout and the deck's
fitted outline as 16:9 pages."""
