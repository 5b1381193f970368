// Many offices' staff streams over one Socket.IO connection, for the dashboard.
// socket.io-client shares one connection between io() calls, and the stream's
// messages are told apart only by their `office`: so one socket, one
// subscription per office, and for each office its own seq with the rules of
// cherga-live.js — snapshot, then events by seq; a gap, or a heartbeat ahead,
// asks again. `presence` (the boards of an office) is passed on as it comes.
// Reconnects forever; after 5 s without the server the page is told.
(function () {
  "use strict";
  window.ChergaDashboardLive = function (options) {
    const offices = {};  // code → { seq }
    options.offices.forEach(function (code) { offices[code] = { seq: null }; });
    const onChange = options.onChange || function () {};  // (office, kind, message): kind is snapshot, event or presence
    const onConnection = options.onConnection || function () {};
    const onRefused = options.onRefused || function () {};
    let offlineTimer = null;
    const socket = io({
      transports: ["websocket", "polling"],
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
    });

    function subscribe(office, fresh) {
      const state = offices[office];
      if (fresh) state.seq = null;
      const payload = { office: office, stream: "staff" };
      if (state.seq !== null) payload.since = state.seq;
      socket.emit("subscribe", payload, function (answer) {
        if (!answer || !answer.ok) onRefused(office, answer);
      });
    }

    function offlineSoon() {
      if (offlineTimer === null) offlineTimer = setTimeout(function () { onConnection(false); }, 5000);
    }

    socket.on("connect", function () {
      clearTimeout(offlineTimer);
      offlineTimer = null;
      onConnection(true);
      Object.keys(offices).forEach(function (office) { subscribe(office, false); });
    });
    socket.on("disconnect", offlineSoon);
    socket.on("connect_error", function (error) {
      if (error && error.data && error.data.code === "too_many_connections") {  // a refusal is not retried by the client: later, at a random moment
        setTimeout(function () { if (!socket.connected) socket.connect(); }, 2000 + Math.random() * 8000);
      }
      offlineSoon();
    });
    socket.on("snapshot", function (snapshot) {
      const state = offices[snapshot.office];
      if (!state) return;
      state.seq = snapshot.seq;
      onChange(snapshot.office, "snapshot", snapshot);
    });
    socket.on("event", function (message) {
      const state = offices[message.office];
      if (!state || state.seq === null || message.seq <= state.seq) return;
      if (message.seq !== state.seq + 1) { subscribe(message.office, true); return; }
      state.seq = message.seq;
      onChange(message.office, "event", message);
    });
    socket.on("heartbeat", function (beat) {
      const state = offices[beat.office];
      if (state && state.seq !== null && beat.seq > state.seq) subscribe(beat.office, false);
    });
    socket.on("presence", function (message) {
      if (offices[message.office]) onChange(message.office, "presence", message);
    });
    return socket;
  };
})();
