"""The answers' views, one module per audience, each the only place that turns its views into JSON.

- `visitor.py` — the visitor's ticket: the issue answer, the ticket's page, the rating;
- `desk.py` — a desk and its tickets: the desk's and the supervisor's answers;
- `office.py` — an office as configured (offices, services, categories,
  desks, priorities), its waits and its staff;
- `board.py` — a hall board's settings.

Reads and commands return the frozen dataclasses declared here (or the
domain's `TicketView` and `DeskView`, which the events carry); the REST
handlers call a module's `*_json` function. The OpenAPI document's schemas
of these answers are generated from the same declarations
(`api/view_schemas.py`), so an answer and its schema cannot drift apart.
The package is pure, like the domain: it imports only `queue_server.domain`.
"""
