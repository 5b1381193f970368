// Shared by the staff pages: the API over the session cookie with its CSRF
// token, the login form, and the page's language. The bearer token never
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
    if (response.status === 401 && path.indexOf("/auth/") !== 0) { // the session ended: back to the login form
      location.reload();
    }
    if (!response.ok) {
      const error = (answer && answer.error) || {};
      throw Object.assign(new Error(error.message || response.statusText), {
        status: response.status, code: error.code, retryAfter: Number(response.headers.get("Retry-After")) || null,
      });
    }
    return answer;
  }

  function lang() { return localStorage.getItem("cherga.staff.lang") === "en" ? "en" : "uk"; }

  function translatePage() {
    document.documentElement.lang = lang();
    document.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = i18n.t(node.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (node) { node.placeholder = i18n.t(node.dataset.i18nPlaceholder); });
    document.querySelectorAll("[data-i18n-title]").forEach(function (node) { node.title = i18n.t(node.dataset.i18nTitle); });
  }

  async function useLanguage(chosen) {
    if (chosen) localStorage.setItem("cherga.staff.lang", chosen);
    await i18n.load(lang());
    translatePage();
  }

  // The login form of templates/staff_login.html: on success the page reloads with its session.
  // Bound as soon as this script runs (and only once): a click that comes
  // before the catalogue has loaded must not submit the form natively.
  function loginForm() {
    const form = document.getElementById("login-form");
    if (!form || form.dataset.bound) return;
    form.dataset.bound = "yes";
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
    api: api, lang: lang, useLanguage: useLanguage, translatePage: translatePage,
    loginForm: loginForm, logout: logout, minutesSince: minutesSince, clock: clock, el: el,
  };
})();
