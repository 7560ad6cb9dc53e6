// The rally scanner: Telegram's QR popup again after every scan, each name and the running count on the page.
(function () {
  "use strict";
  var app = window.Telegram && window.Telegram.WebApp;
  var root = document.getElementById("scanner");
  var meeting = root.getAttribute("data-meeting");
  var texts = JSON.parse(document.getElementById("texts").textContent);
  var countEl = document.getElementById("count");
  var lastEl = document.getElementById("last");
  var listEl = document.getElementById("list");
  var statusEl = document.getElementById("status");
  var headline = texts.hint;
  var lastText = null, lastAt = 0, busy = false;

  if (!app || !app.initData) {
    statusEl.textContent = texts.outside;
    return;
  }
  app.ready();
  if (app.expand) { app.expand(); }

  function post(path, body) {
    return fetch("/scan/" + meeting + "/" + path, {
      method: "POST", credentials: "omit", headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body)
    }).then(function (response) { return response.json(); });
  }

  function show(result) {
    if (result.present !== undefined) { countEl.textContent = String(result.present); }
    lastEl.textContent = result.ok ? (result.created ? "✅ " : "☑️ ") + result.name : "⚠️ " + result.message;
    lastEl.className = result.ok ? "last" : "last bad";
    var item = document.createElement("li");
    item.textContent = lastEl.textContent;
    listEl.insertBefore(item, listEl.firstChild);
    headline = result.headline || texts.hint;
  }

  function scan() {
    app.showScanQrPopup({text: headline}, function (text) {
      // The same card held in front of the camera is read many times a second: once is enough.
      if (busy || (text === lastText && Date.now() - lastAt < 3000)) { return false; }
      lastText = text; lastAt = Date.now(); busy = true;
      post("checkin", {initData: app.initData, text: text})
        .then(show, function () { headline = texts.network; lastEl.textContent = texts.network; })
        .then(function () { busy = false; scan(); });
      return true;  // closes the popup; it opens again at once with the result as its text
    });
  }

  document.getElementById("again").addEventListener("click", scan);
  post("start", {initData: app.initData}).then(function (result) {
    if (!result.ok) { statusEl.textContent = result.message; return; }
    document.getElementById("title").textContent = result.title;
    statusEl.textContent = texts.hint;
    countEl.textContent = String(result.present);
    headline = result.headline;
    scan();
  }, function () { statusEl.textContent = texts.network; });
})();
