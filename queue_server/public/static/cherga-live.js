// The one client of the live stream for every page: it follows one office's
// stream (`office`) or many over one connection (`offices`, the dashboard), or
// none (the kiosk, which only hears its print results),
// each office with its own seq: snapshot, then events in seq order. A
// reconnect, a gap or a heartbeat ahead of us asks for what was missed
// (since), and after 5 s without the server the page is told to show
// that it is offline. Reconnects forever, unless its device is revoked.
// socket.io-client shares one connection between io() calls and the stream's
// messages are told apart only by their `office`: so one socket per page.
(function () {
  "use strict";
  window.ChergaLive = function (options) {
    const followed = {};  // office code → { seq }: the seq of the picture the page holds
    // no office at all: a device's own connection (the kiosk's), with the same reconnecting and revoking
    (options.offices || (options.office ? [options.office] : [])).forEach(function (code) { followed[code] = { seq: null }; });
    const codes = Object.keys(followed);
    // one office: every message of the socket is its (however the page spelled its code)
    function stateOf(office) { return codes.length === 1 ? followed[codes[0]] : followed[office]; }
    const onSnapshot = options.onSnapshot || function () {};
    const onEvent = options.onEvent || function () {};
    const onPresence = options.onPresence || function () {};  // the boards of an office (staff streams)
    const onConnection = options.onConnection || function () {};
    let offlineTimer = null;
    const socket = io({
      transports: ["websocket", "polling"],
      auth: options.token ? { token: options.token } : undefined,
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
    });

    function subscribe(office) {
      const state = followed[office];
      const payload = { office: office };
      if (options.stream) payload.stream = options.stream;
      if (state.seq !== null) payload.since = state.seq;
      socket.emit("subscribe", payload, function (answer) {
        if (!answer || !answer.ok) {
          console.error("subscribe refused", office, answer);
          if (options.onRefused) options.onRefused(answer, office);
        }
      });
    }
    function offlineSoon() {
      if (offlineTimer === null) offlineTimer = setTimeout(function () { onConnection(false); }, 5000);
    }

    socket.on("connect", function () {
      clearTimeout(offlineTimer);
      offlineTimer = null;
      onConnection(true);
      if (options.onConnect) options.onConnect(socket);  // what the page asks for at each (re)connect besides its offices
      codes.forEach(function (office) { subscribe(office); });
    });
    // A revoked device is told so (`device.revoked`, then the server closes the
    // connection) or refused at connect with the code "revoked": it stops for
    // good and the page says so (options.onRevoked) instead of going quiet.
    let revoked = false;
    function stopRevoked() {
      revoked = true;
      clearTimeout(offlineTimer);
      socket.io.reconnection(false);
      socket.disconnect();
      if (options.onRevoked) options.onRevoked();
    }
    socket.on("device.revoked", stopRevoked);
    socket.on("disconnect", function () {
      if (!revoked) offlineSoon();
    });
    socket.on("connect_error", function (error) {
      if (revoked) return;
      if (error && error.data && error.data.code === "revoked") { stopRevoked(); return; }
      // refused because the office's address (or the whole server) holds too many connections: the client
      // never retries a refusal by itself, so try again later, at a random moment
      if (error && error.data && (error.data.code === "too_many_connections" || error.data.code === "server_full")) {
        setTimeout(function () { if (!socket.connected) socket.connect(); }, 2000 + Math.random() * 8000);
      }
      offlineSoon();
    });
    socket.on("snapshot", function (snapshot) {
      const state = stateOf(snapshot.office);
      if (!state) return;
      state.seq = snapshot.seq;
      onSnapshot(snapshot);
    });
    socket.on("event", function (message) {
      const state = stateOf(message.office);
      if (!state || state.seq === null || message.seq <= state.seq) return;
      // a gap: ask for what is missing since our seq (several server processes publish
      // crossing events as a matter of course; the server sends a snapshot if it is too much)
      if (message.seq !== state.seq + 1) { subscribe(codes.length === 1 ? codes[0] : message.office); return; }
      state.seq = message.seq;
      onEvent(message);
    });
    socket.on("heartbeat", function (beat) {
      const state = followed[beat.office];  // heartbeats name every office of the room: only ours count
      if (state && state.seq !== null && beat.seq > state.seq) subscribe(beat.office);
    });
    socket.on("presence", function (message) {
      if (stateOf(message.office)) onPresence(message);
    });
    return socket;
  };
})();

// An office's snapshot moved forward by one event, by the rules of the
// server's projection (queue_server/domain/projection.py): every page that
// keeps the picture applies events with this instead of keeping its own rules.
// tests/contract/test_projection_parity.py replays the Python projection's
// event sequences through it and compares the snapshots.
(function () {
  "use strict";
  const AT_DESK = ["called", "serving"];
  const NOT_IN_PICTURE = ["score", "comment"];  // a rating's fields: the live picture does not keep them

  // Strings compared by code point, as Python compares them (not by locale).
  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function waitingOrder(a, b) { return compare(a.issued_at, b.issued_at) || a.id - b.id; }
  function newestCallFirst(a, b) { return compare(b.called_at || "", a.called_at || "") || b.id - a.id; }

  function applyTicket(snapshot, data) {
    const view = {};
    Object.keys(data).forEach(function (key) { if (NOT_IN_PICTURE.indexOf(key) < 0) view[key] = data[key]; });
    snapshot.waiting = snapshot.waiting.filter(function (ticket) { return ticket.id !== view.id; });
    snapshot.calls = snapshot.calls.filter(function (ticket) { return ticket.id !== view.id; });
    if (view.status === "waiting") {
      snapshot.waiting.push(view);
      snapshot.waiting.sort(waitingOrder);
    } else if (AT_DESK.indexOf(view.status) >= 0) {
      snapshot.calls.push(view);
      snapshot.calls.sort(newestCallFirst);
    }
    const atDesk = AT_DESK.indexOf(view.status) >= 0 ? view.desk : null;
    snapshot.desks.forEach(function (desk) {
      if (desk.id === atDesk) desk.ticket = view.number;
      else if (desk.ticket === view.number) desk.ticket = null;
    });
  }

  window.ChergaProjection = {
    // The statuses of a ticket at a desk (called or being served).
    AT_DESK: AT_DESK,
    // Moves `snapshot` forward by `message` ({office, seq, type, at, data}) in place and returns it.
    apply: function (snapshot, message) {
      const data = message.data;
      if (message.type.startsWith("ticket.")) applyTicket(snapshot, data);
      else if (message.type.startsWith("desk.")) {
        // a desk event carries the fields it changes: most the desk's state, services_changed its services too
        snapshot.desks = snapshot.desks.map(function (desk) { return desk.id === data.id ? Object.assign({}, desk, data) : desk; });
      } else if (message.type === "office.air_raid") snapshot.air_raid = { active: data.active, since: data.since };
      else if (message.type === "office.paper_mode") snapshot.paper_mode = { active: data.active, since: data.since };
      snapshot.seq = message.seq;
      return snapshot;
    },
  };
})();
