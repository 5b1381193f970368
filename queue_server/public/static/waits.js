// The /waits page: the server rendered every office with the figures of
// then; this keeps them live. It follows every office's public stream with
// the one client (ChergaLive, one connection for all), and when any office's
// stream moves it asks GET /api/v1/waits again: at most once every
// REFRESH_MS (a busy network moves many times a second), and every
// FALLBACK_MS anyway. The answer is cacheable for others (max-age=15); the
// page revalidates it (cache: "no-cache"), so the ETag gives a 304 when
// nothing changed and it is never 15 s behind.
(function () {
  "use strict";
  const REFRESH_MS = 1500;
  const FALLBACK_MS = 60000;
  const page = document.getElementById("waits");
  const lang = page.dataset.lang;
  const offices = page.dataset.offices.split(" ").filter(Boolean);
  const select = document.getElementById("quietest-service");
  const updated = document.getElementById("updated");
  const i18n = window.ChergaI18n;
  const t = i18n.t;
  let latest = null;
  let pending = null;

  // A moment's local date, weekday (1 = Monday) and HH:MM in the office's time zone.
  function localParts(moment, zone) {
    const parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(moment).forEach(function (part) { parts[part.type] = part.value; });
    const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday) + 1;
    return { date: parts.year + "-" + parts.month + "-" + parts.day, weekday: weekday, time: parts.hour + ":" + parts.minute };
  }

  function dayName(moment, zone) {
    const day = localParts(moment, zone);
    const today = localParts(new Date(), zone);
    const tomorrow = localParts(new Date(Date.now() + 24 * 3600 * 1000), zone);
    if (day.date === today.date) return t("waits.day.today");
    if (day.date === tomorrow.date) return t("waits.day.tomorrow");
    return t("calendar.weekday." + day.weekday);
  }

  // As waits_page.opening_text says it on the server.
  function openingText(office) {
    if (office.open_now && office.hours_today) return t("waits.open_until", { time: office.hours_today[1] });
    if (!office.opens_next) return t("waits.closed");
    const opens = new Date(office.opens_next);
    return t("waits.closed_opens", { day: dayName(opens, office.timezone), time: localParts(opens, office.timezone).time });
  }

  function waitText(minutes) {
    if (minutes === null) return t("waits.wait.no_desk");
    if (minutes === 0) return t("waits.wait.now");
    return t("waits.wait.minutes", { minutes: minutes });
  }

  function quietestText(item) {
    if (!item || item.office === null || item.estimated_wait_minutes === null) return t("waits.quietest.none");
    return t("waits.quietest.found", { office: item.office_name, wait: waitText(item.estimated_wait_minutes), waiting: item.waiting });
  }

  function setText(element, text) {
    if (element && element.textContent !== text) element.textContent = text;
  }

  function showQuietest() {
    if (latest === null) return;
    const item = latest.quietest.find(function (entry) { return entry.service === select.value; });
    setText(document.getElementById("quietest"), quietestText(item));
  }

  function show(waits) {
    latest = waits;
    waits.offices.forEach(function (office) {
      const article = document.getElementById("office-" + office.code);
      if (!article) return;  // an office added to the configuration since the page loaded: the next reload shows it
      article.dataset.open = office.open_now ? "yes" : "no";
      setText(article.querySelector("[data-field=opening]"), openingText(office));
      setText(article.querySelector(".total [data-field=waiting]"), String(office.waiting));
      office.groups.forEach(function (group) {
        const row = article.querySelector("tr[data-group='" + group.category + "']");
        if (!row) return;
        row.dataset.estimate = group.estimate;
        setText(row.querySelector("[data-field=waiting]"), String(group.waiting));
        setText(row.querySelector("[data-field=wait]"), waitText(group.estimated_wait_minutes));
      });
    });
    showQuietest();
    setText(updated, t("waits.updated", { time: localParts(new Date(), updated.dataset.zone).time }));
  }

  async function load() {
    pending = null;
    try {
      const response = await fetch("/api/v1/waits?lang=" + lang, { cache: "no-cache" });
      if (response.ok) show(await response.json());
    } catch (error) { /* the link is down: the offline banner says so, the stream's reconnect asks again */ }
  }

  // At most one request every REFRESH_MS, however many events arrive.
  function soon() {
    if (pending === null) pending = setTimeout(load, REFRESH_MS);
  }

  select.addEventListener("change", showQuietest);
  i18n.load(lang).then(function () {
    load();
    setInterval(load, FALLBACK_MS);
    window.ChergaLive({
      offices: offices,
      onSnapshot: soon,
      onEvent: soon,
      onConnection: function (online) {
        document.getElementById("offline").hidden = online;
        page.dataset.live = online ? "online" : "offline";
        if (online) soon();
      },
    });
  });
})();
