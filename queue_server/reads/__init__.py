"""What only reads: the office snapshot and replay, a ticket's status, waits, desks' figures.

`commands/` writes: each command loads, decides, saves and emits in one
transaction. What is here never writes: every function runs in a read-only
transaction (`ctx.reading()`), so a snapshot and its `seq` belong together
and never wait for a writer. A read may use the command context and the
access policy (`commands.context`, `commands.access`), never a command.
"""
