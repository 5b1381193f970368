"""Ticket ids unique across the network's databases, so a node's tickets reach the centre as they are.

The office's events name its tickets by id, and the centre must hold the
same rows and events as the node (docs/nodes.md), so a node numbers its
tickets in a range of its own, given when it adopts its office; the centre's
own tickets stay below `NODE_TICKETS_FROM`. On SQLite a new row's id would
be the table's largest plus one, and would follow a node's ids into its
range once they arrive; so on SQLite a ticket's id is the largest *in the
database's range* plus one, taken in the insert itself (the office lock
serialises writers). PostgreSQL's sequence never follows explicit ids: the
centre on PostgreSQL keeps it (`database_copy` moves it past the centre's
own ids only).
"""

from __future__ import annotations

import sqlalchemy as sa

NODE_TICKETS_FROM = 1_000_000_000  # the first id of the first node's range
NODE_TICKETS_SPAN = 10_000_000  # one range: 27 years of an office issuing 1,000 tickets a day
MOST_NODES = (2**31 - 1 - NODE_TICKETS_FROM) // NODE_TICKETS_SPAN  # PostgreSQL's INTEGER ends at 2**31 - 1


def node_range(slot: int) -> tuple[int, int]:
    """The ids [from, to) of the `slot`-th office ever adopted by a node."""
    if not 0 <= slot < MOST_NODES:
        raise ValueError(f"no range of ticket ids is left for another office node ({MOST_NODES} in all)")
    start = NODE_TICKETS_FROM + slot * NODE_TICKETS_SPAN
    return start, start + NODE_TICKETS_SPAN


# SQLite: the database's range is its node's (`node_link`) or the centre's [1, NODE_TICKETS_FROM). The
# largest id below the range's end is one seek on the primary key.
NEXT_ID_SQLITE = sa.literal_column(
    "(SELECT max(coalesce((SELECT max(id) FROM tickets WHERE id < r.hi), 0), r.lo - 1) + 1 FROM"
    " (SELECT coalesce((SELECT tickets_from FROM node_link), 1) AS lo,"
    f" coalesce((SELECT tickets_to FROM node_link), {NODE_TICKETS_FROM}) AS hi) AS r)"
)
