/* Hymy kiosk: big smileys on a tablet. Every tap is kept in the browser first and sent when the
   network allows, each with its own key and the moment of the tap, so an answer given offline is
   counted once, at the time it was given. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("kiosk-config").textContent);
  var texts = JSON.parse(document.getElementById("kiosk-texts").textContent);
  var question = config.question;
  var queueName = "hymy-kiosk-queue:" + config.submitUrl;
  var language = config.language;
  var resetTimer = null;
  var current = null;
  var sending = false;

  var FACES = {
    smiley3: { 1: ["☹", "sad"], 2: ["😐", "neutral"], 3: ["☺", "happy"] },
    smiley4: { 1: ["😠", "sad"], 2: ["☹", "sad"], 3: ["🙂", "happy"], 4: ["😄", "happy"] },
    yes_no: { 0: ["✗", "sad"], 1: ["✓", "happy"] },
  };

  function $(id) { return document.getElementById(id); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function readQueue() {
    try { return JSON.parse(localStorage.getItem(queueName) || "[]"); } catch (e) { return []; }
  }
  function writeQueue(queue) { localStorage.setItem(queueName, JSON.stringify(queue)); showQueue(); }
  function enqueue(item) { var queue = readQueue(); queue.push(item); writeQueue(queue); flush(); }

  function showQueue() {
    // A "why" waits as a second item with its answer's key: count answers, not items.
    var keys = {};
    readQueue().forEach(function (item) { keys[item.key] = true; });
    var waiting = Object.keys(keys).length;
    $("queue-status").textContent = waiting ? (texts[language] || texts.en).waiting.replace("%s", waiting) : "";
  }

  function flush() {
    if (sending) { return; }
    var queue = readQueue();
    if (!queue.length) { return; }
    sending = true;
    fetch(config.submitUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(queue[0]),
      credentials: "omit",
    }).then(function (response) {
      sending = false;
      // Sent, or refused for good (4xx other than 429): either way it leaves the queue.
      if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429)) {
        var rest = readQueue();
        rest.shift();
        writeQueue(rest);
        flush();
      } else {
        setTimeout(flush, 5000);
      }
    }).catch(function () {
      sending = false;
      setTimeout(flush, 5000);
    });
  }

  function show(screen) {
    ["ask", "why", "thanks"].forEach(function (id) { $(id).hidden = id !== screen; });
  }

  function text(map) { return (map && (map[language] || map.fi || map.en)) || ""; }

  function render() {
    document.documentElement.lang = language;
    $("question").textContent = text(question.text);
    $("low").textContent = text(question.low);
    $("high").textContent = text(question.high);
    var faces = $("faces");
    faces.innerHTML = "";
    var glyphs = FACES[question.kind];
    faces.className = glyphs ? "faces" : "faces numbers";
    question.scores.forEach(function (score) {
      var button = document.createElement("button");
      button.type = "button";
      button.dataset.score = score;
      if (glyphs && glyphs[score]) {
        button.textContent = glyphs[score][0];
        button.className = glyphs[score][1];
      } else {
        button.textContent = score;
      }
      button.setAttribute("aria-label", String(score));
      button.addEventListener("click", function () { answer(score); });
      faces.appendChild(button);
    });
    $("followup-question").textContent = text(question.followup);
    $("thanks-text").textContent = text(question.thanks) || "Kiitos!";
    document.querySelectorAll("[data-language]").forEach(function (button) {
      button.setAttribute("aria-pressed", button.dataset.language === language ? "true" : "false");
    });
    showQueue();
  }

  function followupApplies(score) {
    if (!question.followup || !text(question.followup)) { return false; }
    var low = question.followup_min === null ? score : question.followup_min;
    var high = question.followup_max === null ? score : question.followup_max;
    return low <= score && score <= high;
  }

  function answer(score) {
    current = { key: newKey(), answered_at: new Date().toISOString(), score: score, language: language };
    enqueue(current);
    if (followupApplies(score)) {
      $("followup-text").value = "";
      show("why");
      $("followup-text").focus();
      resetLater(45);
    } else {
      thank();
    }
  }

  function thank() {
    show("thanks");
    resetLater(config.resetSeconds);
  }

  function resetLater(seconds) {
    clearTimeout(resetTimer);
    resetTimer = setTimeout(function () { current = null; language = config.language; render(); show("ask"); }, seconds * 1000);
  }

  $("send").addEventListener("click", function () {
    var value = $("followup-text").value.trim();
    if (value && current) {
      enqueue({ key: current.key, answered_at: current.answered_at, followup_text: value, language: language });
    }
    thank();
  });
  $("skip").addEventListener("click", thank);
  document.querySelectorAll("[data-language]").forEach(function (button) {
    button.addEventListener("click", function () { language = button.dataset.language; render(); });
  });
  // Keep the page for reloads without a network (needs https or localhost, as on a real tablet).
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(config.serviceWorkerUrl).catch(function () { /* online-only then */ });
  }
  window.addEventListener("online", flush);
  setInterval(flush, 15000);
  render();
  show("ask");
  flush();
})();
