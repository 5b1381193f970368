"""The day simulator (`cherga simulate`): visitors and administrators of a real server, seeded and bounded.

It plays the people of a working day against a running server, over its
public API and Socket.IO, as kiosks and desk consoles would: visitors take
tickets at the offices' kiosks, administrators open their desks, call, serve,
mark no-shows and take breaks, visitors rate the service. The server cannot
tell it from a real day; the demo runs it so a newcomer sees the network in
motion, and it measures the wait estimates against what happened.

- `plan`: what people decide (pure: the day's shape, the services' shares,
  the durations; every choice drawn from a seeded random generator);
- `tally`: what happened and the estimates' error (pure);
- `seeding`: the simulator's own kiosk tokens and staff accounts;
- `driver`: the clock, the workers, the kiosks' and consoles' HTTP calls;
- `sockets`: the Socket.IO clients (a board's view, the kiosks' print agents);
- `history`: weeks of past days written into the store for the demo's reports;
- `command`: the `cherga simulate` subcommand and the demo's start of it.
"""
