// Shared by the staff pages: the API over the session cookie with its CSRF
// token, the login form (which says when a session has ended), the live
// stream's reconnection, and the page's language. The bearer token never
// reaches a script: the login sets an HttpOnly cookie, and every change
// carries the X-CSRF-Token that the page got in <meta name="csrf-token">.
(function () {
  "use strict";
  const i18n = window.ChergaI18n;

  function csrf() {
    const meta = document.querySelector("meta[name=csrf-token]");
    return meta ? meta.content : "";
  }

  async function api(method, path, body) {
    const headers = { "X-CSRF-Token": csrf() };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch("/api/v1" + path, {
      method: method,
      headers: headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = response.status === 204 ? null : await response.json().catch(function () { return null; });
    if (response.status === 401 && path !== "/auth/login" && path !== "/auth/logout") sessionEnded();
    if (!response.ok) {
      const error = (answer && answer.error) || {};
      throw Object.assign(new Error(error.message || response.statusText), {
        status: response.status, code: error.code, details: error.details || {}, retryAfter: Number(response.headers.get("Retry-After")) || null,
      });
    }
    return answer;
  }

  // The session ended under the page (a server restarted with another key, the idle limit,
  // a change of password elsewhere): the login form that follows says so, never silently.
  const ENDED = "cherga.staff.session_ended";
  let ending = false;

  function sessionEnded() {
    if (ending || document.getElementById("login-form")) return; // already the login form: nothing to end
    ending = true;
    try { sessionStorage.setItem(ENDED, "yes"); } catch (error) { /* private mode: the form alone */ }
    location.reload();
  }

  function showSessionEnded() {
    const notice = document.getElementById("login-notice");
    let ended = null;
    try { ended = sessionStorage.getItem(ENDED); sessionStorage.removeItem(ENDED); } catch (error) { /* none */ }
    if (notice && ended) notice.hidden = false;
  }

  // Every staff page's live stream: back within a couple of seconds of the
  // server's return (not after a long back-off), and asking at each
  // (re)connect whether the session survived, so a page that lost it says so.
  if (window.ChergaLive && !window.ChergaLive.forStaff) {
    const follow = window.ChergaLive;
    window.ChergaLive = function (options) {
      const socket = follow(options);
      socket.io.reconnectionDelay(500);
      socket.io.reconnectionDelayMax(2000);
      socket.on("connect", function () { api("GET", "/auth/me").catch(function () { /* a 401 has said it */ }); });
      return socket;
    };
    window.ChergaLive.forStaff = true;
  }

  function lang() { return localStorage.getItem("cherga.staff.lang") === "en" ? "en" : "uk"; }

  function translatePage() {
    document.documentElement.lang = lang();
    document.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = i18n.t(node.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (node) { node.placeholder = i18n.t(node.dataset.i18nPlaceholder); });
    document.querySelectorAll("[data-i18n-title]").forEach(function (node) { node.title = i18n.t(node.dataset.i18nTitle); });
  }

  // The code's fixed values (pause reasons, desk states, ticket and printer statuses) from
  // GET /api/v1/constants: pages keep no copies. Read once, with the language.
  const constants = { pause_reasons: [], desk_states: [], ticket_statuses: [], at_desk_statuses: [], printer_states: [] };
  let constantsRead = null;
  function readConstants() {
    if (constantsRead === null) {
      constantsRead = fetch("/api/v1/constants").then(function (response) {
        if (!response.ok) throw new Error("constants: " + response.status);
        return response.json();
      }).then(function (values) { Object.assign(constants, values); }).catch(function (error) {
        constantsRead = null;  // asked again with the next language load
        console.error(error);
      });
    }
    return constantsRead;
  }
  // The words for a fixed value: `key + value` when the value is one the server knows, else the value itself.
  function wordsFor(kind, key, value) {
    return constants[kind].indexOf(value) >= 0 ? i18n.t(key + value) : value;
  }

  // The catalogue being loaded, so a message shown early waits for its words instead of showing a key.
  let catalogue = null;
  async function useLanguage(chosen) {
    if (chosen) localStorage.setItem("cherga.staff.lang", chosen);
    catalogue = Promise.all([i18n.load(lang()), readConstants()]);
    await catalogue;
    translatePage();
  }

  // The login form of templates/staff_login.html: on success the page reloads with its session.
  // Bound as soon as this script runs (and only once): a click that comes
  // before the catalogue has loaded must not submit the form natively.
  function loginForm() {
    const form = document.getElementById("login-form");
    if (!form || form.dataset.bound) return;
    form.dataset.bound = "yes";
    showSessionEnded();
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const message = document.getElementById("login-error");
      message.textContent = "";
      try {
        await api("POST", "/auth/login", {
          username: document.getElementById("username").value.trim(),
          password: document.getElementById("password").value,
        });
        location.reload();
      } catch (error) {
        await (catalogue || useLanguage()).catch(function () { return null; });
        const minutes = error.retryAfter ? Math.ceil(error.retryAfter / 60) : null;
        if (error.status === 423) message.textContent = i18n.t("staff.login.locked", { minutes: minutes || 5 });
        else if (error.status === 429) message.textContent = i18n.t("staff.login.too_many", { minutes: minutes || 1 });
        else if (error.status === 401 || error.status === 400) message.textContent = i18n.t("staff.login.wrong");
        else message.textContent = i18n.t("staff.error", { message: error.message });
      }
    });
  }

  async function logout() {
    try { await api("POST", "/auth/logout", {}); } catch (error) { /* the session is gone either way */ }
    location.reload();
  }

  function minutesSince(iso, now) {
    return Math.max(0, Math.floor(((now || Date.now()) - Date.parse(iso)) / 60000));
  }

  function clock(iso) {
    const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 1000));
    const minutes = Math.floor(seconds / 60);
    return minutes + ":" + String(seconds % 60).padStart(2, "0");
  }

  // A DOM node with text and children; data never goes through innerHTML.
  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(function ([name, value]) {
      if (value === undefined || value === null || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "dataset") Object.assign(node.dataset, value);
      else if (name === "onclick") node.addEventListener("click", value);
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) { if (child !== null && child !== undefined) node.append(child); });
    return node;
  }

  loginForm();

  window.ChergaStaff = {
    api: api, lang: lang, useLanguage: useLanguage, translatePage: translatePage, constants: constants, wordsFor: wordsFor,
    loginForm: loginForm, logout: logout, minutesSince: minutesSince, clock: clock, el: el,
  };
})();
