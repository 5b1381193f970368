// Follows an office's live stream: snapshot, then events in seq order.
// A reconnect asks for what was missed (since), a gap or a heartbeat ahead of
// us asks again, and after 5 s without the server the page is told to show
// that it is offline. Reconnects forever.
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
    socket.on("disconnect", function () {
      if (offlineTimer === null) offlineTimer = setTimeout(function () { onConnection(false); }, 5000);
    });
    socket.on("connect_error", function () {
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
