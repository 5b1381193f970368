"""Reports as a vertical of their own: the figures, the reads behind them, the files.

Reports read what the queue wrote (tickets, ratings, the audit log's desk
actions) and never change it, so they live beside the queue rather than
inside its layers: the queue (`domain/`, `commands/`) never imports this
package, and a new figure never touches the code that calls the next ticket.

- `figures.py`, `visits.py`, `labels.py`, `desk_hours.py`, `pauses.py` (the
  offices' air-raid alerts, taken out of the waits), `trips.py` (a mobile
  office's tickets per trip) — pure, like the
  domain: no Flask, SQL, Socket.IO or clock (`now` is an argument). They may
  import `queue_server.domain` (the network model, the error types) only.
- `kpis.py` — the programme's four indicators beside their targets, made
  from the other reports' figures (pure); `kpi_report.py` reads them.
- `store.py` — the SQL that reads the period's rows.
- `queries.py` — who may read a report, the checks of a query, and the
  assembly of figures from rows, in one read-only transaction each.
- `exports/` — CSV, XLSX and SQLite files made from `queries.ReportData`.

`api/reports.py` and `staff/reports_page.py` are the adapters above it.
The import-linter contracts of `setup.cfg` hold these rules.
"""
