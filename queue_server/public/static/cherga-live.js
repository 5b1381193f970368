// Follows an office's live stream: snapshot, then events in seq order.
// A reconnect asks for what was missed (since), a gap or a heartbeat ahead of
// us asks again, and after 5 s without the server the page is told to show
// that it is offline. Reconnects forever, unless its device is revoked.
(function () {
  "use strict";
  window.ChergaLive = function (options) {
    const office = options.office;
    const onSnapshot = options.onSnapshot || function () {};
    const onEvent = options.onEvent || function () {};
    const onConnection = options.onConnection || function () {};
    let seq = null;
    let offlineTimer = null;
    const socket = io({
      transports: ["websocket", "polling"],
      auth: options.token ? { token: options.token } : undefined,
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
    });

    function subscribe(fresh) {
      const payload = fresh || seq === null ? { office: office } : { office: office, since: seq };
      if (fresh) seq = null;
      socket.emit("subscribe", payload, function (answer) {
        if (!answer || !answer.ok) {
          console.error("subscribe refused", answer);
          if (options.onRefused) options.onRefused(answer);
        }
      });
    }

    socket.on("connect", function () {
      clearTimeout(offlineTimer);
      offlineTimer = null;
      onConnection(true);
      subscribe(false);
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
      if (revoked) return;
      if (offlineTimer === null) offlineTimer = setTimeout(function () { onConnection(false); }, 5000);
    });
    socket.on("connect_error", function (error) {
      if (revoked) return;
      if (error && error.data && error.data.code === "revoked") { stopRevoked(); return; }
      // refused because the office's address holds too many connections: the client
      // never retries a refusal by itself, so try again later, at a random moment
      if (error && error.data && error.data.code === "too_many_connections") {
        setTimeout(function () { if (!socket.connected) socket.connect(); }, 2000 + Math.random() * 8000);
      }
      if (offlineTimer === null) offlineTimer = setTimeout(function () { onConnection(false); }, 5000);
    });
    socket.on("snapshot", function (snapshot) {
      seq = snapshot.seq;
      onSnapshot(snapshot);
    });
    socket.on("event", function (message) {
      if (seq === null || message.seq <= seq) return;
      if (message.seq !== seq + 1) { subscribe(true); return; }
      seq = message.seq;
      onEvent(message);
    });
    socket.on("heartbeat", function (beat) {
      if (seq !== null && beat.office === office && beat.seq > seq) subscribe(false);
    });
    return socket;
  };
})();

// An office's snapshot moved forward by one event, by the rules of the
// server's projection (queue_server/domain/projection.py): pages that keep the
// picture apply events with this instead of each keeping its own rules.
(function () {
  "use strict";
  const AT_DESK = ["called", "serving"];

  function applyTicket(snapshot, view) {
    snapshot.waiting = snapshot.waiting.filter(function (ticket) { return ticket.id !== view.id; });
    snapshot.calls = snapshot.calls.filter(function (ticket) { return ticket.id !== view.id; });
    if (view.status === "waiting") {
      snapshot.waiting.push(view);
      snapshot.waiting.sort(function (a, b) { return a.issued_at.localeCompare(b.issued_at) || a.id - b.id; });
    } else if (AT_DESK.indexOf(view.status) >= 0) {
      snapshot.calls.push(view);
      snapshot.calls.sort(function (a, b) { return (b.called_at || "").localeCompare(a.called_at || "") || b.id - a.id; });
    }
    const atDesk = AT_DESK.indexOf(view.status) >= 0 ? view.desk : null;
    snapshot.desks.forEach(function (desk) {
      if (desk.id === atDesk) desk.ticket = view.number;
      else if (desk.ticket === view.number) desk.ticket = null;
    });
  }

  window.ChergaProjection = {
    apply: function (snapshot, message) {
      const data = message.data;
      if (message.type.startsWith("ticket.")) applyTicket(snapshot, data);
      else if (message.type.startsWith("desk.")) {
        snapshot.desks = snapshot.desks.map(function (desk) { return desk.id === data.id ? Object.assign({}, desk, data) : desk; });
      }
      snapshot.seq = message.seq;
      return snapshot;
    },
  };
})();
