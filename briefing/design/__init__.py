"""What every output is drawn with: the theme's design tokens and the labels (theme), the
templates folders in use (templates), the installed fonts and their metrics (fonts), how
characters behave in a line (chars), word groups and balanced lines (phrases), the one Jinja
environment the templates render in (templating), and checked pictures (images)."""
