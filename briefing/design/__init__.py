"""What every output is drawn with: the theme's design tokens and the labels (theme), the
installed fonts and their metrics (fonts), how characters behave in a line (chars), and the one
Jinja environment the templates render in (templating)."""
