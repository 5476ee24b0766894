"""Content loading: YAML text -> plain data with the line:column of every value (source,
positions) -> the typed model of sections and blocks (model), within the limits (limits), or
every problem at once as positioned diagnostics (load); a table's chart option -> the data a
chart draws (charts)."""
