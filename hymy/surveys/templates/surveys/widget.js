/* Hymy website widget. Paste once: <script src="…/w/<token>.js" async></script> */
(function () {
  "use strict";
  var C = {{ config_json|safe }};
  var STORE = "hymy-widget:" + C.token;
  try {
    var last = Number(localStorage.getItem(STORE) || 0);
    if (last && Date.now() - last < C.waitDays * 86400000) { return; }
  } catch (e) { return; }
  if (C.pathPattern && !matches(window.location.pathname, C.pathPattern)) { return; }

  function matches(path, pattern) {
    var expression = "^" + pattern.split("*").map(function (part) {
      return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    }).join(".*") + "/?$";
    return new RegExp(expression).test(path);
  }

  var lang = (document.documentElement.lang || navigator.language || C.defaultLanguage).slice(0, 2).toLowerCase();
  if (!C.question.text[lang]) { lang = C.defaultLanguage; }
  var q = C.question;
  var L = C.labels[lang] || C.labels.en;
  var key = null;
  var sent = null;

  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function remember() { try { localStorage.setItem(STORE, String(Date.now())); } catch (e) { /* private mode */ } }

  function send(body) {
    body.key = key;
    body.language = lang;
    // text/plain keeps this a simple cross-origin request (no preflight); the server reads JSON.
    return fetch(C.submitUrl, { method: "POST", mode: "cors", credentials: "omit",
      headers: { "Content-Type": "text/plain" }, body: JSON.stringify(body) });
  }

  var FACES = { smiley3: { 1: "☹", 2: "😐", 3: "☺" }, smiley4: { 1: "😠", 2: "☹", 3: "🙂", 4: "😄" } };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function show() {
    var host = el("div", { id: "hymy-widget" });
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = el("style", {}, [
      ".box{position:fixed;right:16px;bottom:16px;z-index:2147483000;max-width:360px;background:#fff;color:#1d2a2f;",
      "border-radius:12px;box-shadow:0 6px 30px rgba(0,0,0,.2);padding:16px 16px 12px;font:15px/1.4 system-ui,sans-serif;",
      "transform:translateY(140%);transition:transform .35s ease-out}",
      ".box.in{transform:none}.q{font-weight:600;margin:0 24px 10px 0}",
      ".scores{display:flex;flex-wrap:wrap;gap:4px}.scores button{flex:1 0 26px;min-height:34px;border:1px solid #1f6f5c;",
      "background:#fff;color:#1f6f5c;border-radius:6px;cursor:pointer;font:inherit;font-weight:600}",
      ".scores button.face{font-size:26px;min-height:48px}.scores button:hover{background:#1f6f5c;color:#fff}",
      ".ends{display:flex;justify-content:space-between;font-size:12px;color:#66767c;margin-top:4px}",
      ".close{position:absolute;top:6px;right:8px;border:0;background:none;font-size:20px;cursor:pointer;color:#66767c}",
      "textarea{width:100%;box-sizing:border-box;font:inherit;border:1px solid #b9c6c9;border-radius:6px;padding:6px}",
      ".send{margin-top:8px;background:#1f6f5c;color:#fff;border:0;border-radius:6px;padding:6px 14px;font:inherit;cursor:pointer}"
    ].join(""));
    var box = el("div", { "class": "box", role: "dialog", "aria-label": q.text[lang] || "" });
    var close = el("button", { "class": "close", type: "button", "aria-label": L.close }, "×");
    close.addEventListener("click", function () { remember(); host.remove(); });
    box.appendChild(close);
    box.appendChild(el("p", { "class": "q" }, q.text[lang]));
    var scores = el("div", { "class": "scores", role: "group" });
    q.scores.forEach(function (score) {
      var face = FACES[q.kind] && FACES[q.kind][score];
      var button = el("button", { type: "button", "class": face ? "face" : "", "aria-label": String(score) }, face || String(score));
      button.addEventListener("click", function () { answer(score, box); });
      scores.appendChild(button);
    });
    box.appendChild(scores);
    if (q.low[lang] || q.high[lang]) {
      var ends = el("div", { "class": "ends" });
      ends.appendChild(el("span", {}, q.low[lang] || ""));
      ends.appendChild(el("span", {}, q.high[lang] || ""));
      box.appendChild(ends);
    }
    root.appendChild(style);
    root.appendChild(box);
    document.body.appendChild(host);
    setTimeout(function () { box.classList.add("in"); }, 30);
  }

  function followupApplies(score) {
    if (!q.followup || !q.followup[lang]) { return false; }
    var low = q.followup_min === null ? score : q.followup_min;
    var high = q.followup_max === null ? score : q.followup_max;
    return low <= score && score <= high;
  }

  function thank(box) {
    while (box.childNodes.length > 1) { box.removeChild(box.lastChild); }
    box.appendChild(el("p", { "class": "q", role: "status" }, (q.thanks && q.thanks[lang]) || L.thanks));
    setTimeout(function () { box.classList.remove("in"); }, 3000);
  }

  function answer(score, box) {
    key = newKey();
    remember();
    sent = send({ score: score, answered_at: new Date().toISOString() });
    if (!followupApplies(score)) { thank(box); return; }
    while (box.childNodes.length > 1) { box.removeChild(box.lastChild); }
    box.appendChild(el("p", { "class": "q" }, q.followup[lang]));
    var area = el("textarea", { rows: "3", maxlength: "2000", "aria-label": q.followup[lang] });
    box.appendChild(area);
    var button = el("button", { "class": "send", type: "button" }, L.send);
    button.addEventListener("click", function () {
      var text = area.value.trim();
      // The "why" goes after the score has arrived, so that it joins the same response.
      if (text) { sent.then(function () { send({ followup_text: text }); }); }
      thank(box);
    });
    box.appendChild(button);
    area.focus();
  }

  function start() { setTimeout(show, C.delaySeconds * 1000); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
