// Which calls a hall board shows and when it keeps quiet: decided here, and
// only here. The server sends a board its settings (GET
// /api/v1/offices/OFFICE/boards/BOARD: its desks, its services or null for
// every one, volume, muted, quiet hours) and the office's whole public
// stream; the page applies these rules (docs/boards.md says why).
// Pure functions of their arguments: tests/contract/test_board_rules.py runs them.
(function () {
  "use strict";
  window.ChergaBoardRules = {
    // A call is shown when its desk is one of the board's (the board names it)
    // and its service passes the board's filter (null: every service).
    shows: function (settings, ticket) {
      const atItsDesk = settings.desks.some(function (desk) { return desk.id === ticket.desk; });
      return atItsDesk && (settings.services === null || settings.services.indexOf(ticket.service) >= 0);
    },
    // Whether `clock` ("HH:MM", the office's wall clock) is in the quiet hours:
    // start included, end not; a start later than the end spans midnight.
    quietAt: function (settings, clock) {
      if (!settings.quiet_hours) return false;
      const from = settings.quiet_hours[0];
      const to = settings.quiet_hours[1];
      return from <= to ? clock >= from && clock < to : clock >= from || clock < to;
    },
    // Whether the board says nothing at `clock`: muted, at zero volume, or in its quiet hours.
    silentAt: function (settings, clock) {
      return settings.muted || settings.volume === 0 || window.ChergaBoardRules.quietAt(settings, clock);
    },
  };
})();
