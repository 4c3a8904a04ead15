/* The phone page of the room: join, follow the exercise on the wall, write cards,
   place dots. Plain JavaScript, no framework, nothing fetched from elsewhere.

   Everything the person did is kept in localStorage first and then sent, one
   request at a time, until the laptop answers: a phone that loses the network
   keeps its cards and sends them when it is back, and a reload keeps the
   person's name, cards and dots. Every submission carries an id made here, so
   sending it twice never makes two cards. Text from anyone is put on the page
   with textContent only: it is never read as HTML. */
"use strict";

(function () {
  const STORE = "facilitator-room";
  const $ = (id) => document.getElementById(id);
  let me = load();
  let state = null;
  let events = null;
  let sending = false;
  let retryTimer = null;
  let retryDelay = 1000;
  let tick = null;
  let timerBase = null;

  function load() {
    try {
      const saved = JSON.parse(localStorage.getItem(STORE) || "{}");
      return Object.assign({ key: "", code: "", name: "", cards: [], dots: [], queue: [] }, saved);
    } catch (error) {
      return { key: "", code: "", name: "", cards: [], dots: [], queue: [] };
    }
  }

  function save() {
    localStorage.setItem(STORE, JSON.stringify(me));
  }

  /* A UUID made on the phone. crypto.randomUUID needs HTTPS, which a laptop on a
     hotspot does not have; getRandomValues works everywhere. */
  function newId() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function show(screen) {
    for (const id of ["join", "room", "gone"]) $(id).hidden = id !== screen;
  }

  function link(text, offline) {
    $("link").textContent = text;
    $("link").classList.toggle("offline", !!offline);
  }

  async function call(path, body) {
    const response = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: { "Content-Type": "application/json", "X-Room-Device": me.key },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = {};
    }
    return { status: response.status, data };
  }

  // -- joining --------------------------------------------------------------------

  async function join(code, name) {
    const dots = me.dots.map((d) => d.id);
    const { status, data } = await call("/api/join", { code, name, dots });
    if (status !== 200) {
      const error = new Error(data.error || "The room did not answer (" + status + ")");
      error.status = status;
      throw error;
    }
    me.key = data.device;
    me.code = code;
    me.name = data.name;
    save();
  }

  async function onJoin(event) {
    event.preventDefault();
    const code = $("code").value.trim().toUpperCase();
    const name = $("name").value.trim();
    $("join-error").textContent = "";
    if (!code) {
      $("join-error").textContent = "Type the room code shown on the wall.";
      return;
    }
    $("join-button").disabled = true;
    try {
      await join(code, name);
      enter();
    } catch (error) {
      $("join-error").textContent = error.status ? sentence(error.message) : "The laptop cannot be reached. Are you on the room's Wi-Fi?";
    } finally {
      $("join-button").disabled = false;
    }
  }

  /* The key stopped working (the laptop restarted, so the room has a new code):
     try the code we know, and ask for the new one if it is not the room's any more. */
  async function rejoin() {
    try {
      await join(me.code, me.name);
      listen();
      return true;
    } catch (error) {
      if (error.status === 403 || error.status === 429) {
        me.key = "";
        save();
        askToJoin(error.status === 403 ? "The room has a new code: type the code on the wall. Your cards are kept." : sentence(error.message));
      }
      return false;
    }
  }

  /* The laptop's refusals are short phrases ("that is not this room's code"): on
     the phone they read as a sentence. */
  function sentence(text) {
    const said = String(text || "").trim();
    return said ? said[0].toUpperCase() + said.slice(1) + (/[.!?]$/.test(said) ? "" : ".") : "";
  }

  function askToJoin(message) {
    stopListening();
    show("join");
    $("code").value = codeFromAddress() || "";
    $("name").value = me.name || "";
    $("join-error").textContent = message || "";
    link("Not joined");
  }

  function codeFromAddress() {
    return decodeURIComponent(location.hash.replace(/^#/, "")).trim().toUpperCase();
  }

  function enter() {
    show("room");
    listen();
    render();
    pump();
  }

  // -- hearing the wall --------------------------------------------------------------

  function listen() {
    stopListening();
    events = new EventSource("/api/events?device=" + encodeURIComponent(me.key));
    events.addEventListener("state", (event) => {
      state = JSON.parse(event.data);
      link(waiting() ? "Online · " + waiting() + " to send" : "Online");
      render();
      pump();
    });
    events.addEventListener("removed", () => leave("You were removed from the room", "The facilitator took this phone out of the room."));
    events.addEventListener("closed", () => leave("The room is closed", "The facilitator closed the room. Thank you!"));
    events.onerror = () => {
      link("Offline — your cards are kept", true);
      if (events && events.readyState === EventSource.CLOSED) {
        stopListening();
        setTimeout(() => call("/api/state").then((r) => (r.status === 403 ? rejoin() : listen())).catch(() => setTimeout(listen, 3000)), 1000);
      }
    };
  }

  function stopListening() {
    if (events) events.close();
    events = null;
  }

  function leave(title, text) {
    stopListening();
    me.key = "";
    save();
    $("gone-title").textContent = title;
    $("gone-text").textContent = text;
    link("Not joined");
    show("gone");
  }

  // -- sending, one at a time, until the laptop has it ------------------------------------

  function waiting() {
    return me.queue.length;
  }

  function later() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(pump, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  async function pump() {
    if (sending || !me.key || !me.queue.length) return;
    sending = true;
    let more = false;
    const job = me.queue[0];
    try {
      const { status, data } = await call("/api/" + job.type, job.body);
      retryDelay = 1000;
      if (status === 403) {
        sending = false;
        if (await rejoin()) pump();
        return;
      }
      if (status === 429 || status >= 500) {
        link("Busy — sending again soon", true);
        later();
      } else {
        me.queue.shift();
        settle(job, data, status === 200 ? null : data.error || "not accepted (" + status + ")");
        more = true;
      }
    } catch (error) {
      link("Offline — " + waiting() + " to send", true);
      later();
    } finally {
      sending = false;
    }
    save();
    render();
    if (more && me.queue.length) pump();
    else if (more) link("Online");
  }

  function settle(job, data, refusal) {
    if (job.type === "card") {
      const card = me.cards.find((c) => c.id === job.body.id);
      if (card) {
        card.status = refusal ? "refused" : data.held ? "held" : "sent";
        card.error = refusal || "";
      }
    } else if (job.type === "vote" && refusal) {
      me.dots = me.dots.filter((d) => d.id !== job.body.id);
      $("vote-error").textContent = sentence(refusal);
    } else if (job.type === "vote") {
      const dot = me.dots.find((d) => d.id === job.body.id);
      if (dot) dot.sent = true;
    } else if (job.type === "unvote" && refusal) {
      $("vote-error").textContent = sentence(refusal);
    }
  }

  function send(type, body) {
    me.queue.push({ type, body });
    save();
    if (!$("link").classList.contains("offline")) link("Sending…");
    clearTimeout(retryTimer);
    retryTimer = null;
    pump();
  }

  // -- writing ---------------------------------------------------------------------

  function onCard(event) {
    event.preventDefault();
    const exercise = state && state.exercise;
    const text = $("text").value;
    $("card-error").textContent = "";
    if (!exercise || !exercise.writes) return;
    if (!text.trim()) {
      $("card-error").textContent = "Write the card first.";
      return;
    }
    const body = { id: newId(), exercise: exercise.id, text, anonymous: !me.name || $("anonymous").checked };
    if (exercise.writes === "idea") {
      body.problem = $("problem").value;
      if (!body.problem) {
        $("card-error").textContent = "Pick the problem this idea solves.";
        return;
      }
    }
    me.cards.push({ id: body.id, exercise: exercise.id, text, status: "waiting", error: "" });
    $("text").value = "";
    counted();
    send("card", body);
    render();
  }

  function counted() {
    const left = 2000 - $("text").value.length;
    $("chars").textContent = left < 200 ? left + " characters left" : "";
  }

  // -- voting ----------------------------------------------------------------------

  function myDots(vote) {
    return me.dots.filter((d) => d.exercise === state.exercise.id && d.round === vote.round);
  }

  function addDot(card) {
    const vote = state.exercise.vote;
    const mine = myDots(vote);
    $("vote-error").textContent = "";
    if (mine.length >= vote.dots) {
      $("vote-error").textContent = "All your dots are placed: take one back to move it.";
      return;
    }
    if (mine.filter((d) => d.card === card).length >= vote.cap) {
      $("vote-error").textContent = "At most " + vote.cap + " dots on one card.";
      return;
    }
    const dot = { id: newId(), card, round: vote.round, exercise: state.exercise.id, sent: false };
    me.dots.push(dot);
    send("vote", { id: dot.id, card });
    render();
  }

  function takeDot(card) {
    const mine = myDots(state.exercise.vote).filter((d) => d.card === card);
    const dot = mine[mine.length - 1];
    $("vote-error").textContent = "";
    if (!dot) return;
    me.dots = me.dots.filter((d) => d !== dot);
    const queued = me.queue.findIndex((j) => j.type === "vote" && j.body.id === dot.id);
    if (queued > 0 || (queued === 0 && !sending)) me.queue.splice(queued, 1);
    else send("unvote", { id: dot.id });
    save();
    render();
  }

  // -- drawing (textContent only: what people wrote is never HTML) ---------------------

  function item(text, extra) {
    const li = document.createElement("li");
    li.textContent = text;
    if (extra) li.appendChild(extra);
    return li;
  }

  function fill(list, nodes) {
    list.replaceChildren(...nodes);
  }

  function render() {
    if (!state) return;
    $("workshop").textContent = state.workshop || "Facilitator";
    const exercise = state.exercise;
    $("waiting").hidden = !!exercise;
    for (const id of ["write", "vote", "results", "wall-box", "silent"]) $(id).hidden = true;
    $("title").textContent = exercise ? exercise.title : "Welcome";
    $("step").textContent = exercise ? exercise.step : "";
    $("prompt").textContent = exercise ? exercise.prompt : "";
    showTimer();
    renderMine(exercise);
    if (!exercise) return;
    if (exercise.writes) renderWriting(exercise);
    if (exercise.vote && !state.results) renderVote(exercise.vote);
    if (state.results) {
      $("results").hidden = false;
      fill($("result-list"), state.results.map((r) => {
        const li = document.createElement("li");
        const dots = document.createElement("span");
        dots.className = "dots";
        dots.textContent = r.dots === 1 ? "1 dot" : r.dots + " dots";
        const what = document.createElement("span");
        what.textContent = r.text;
        li.append(dots, what);
        return li;
      }));
    }
    if (!exercise.vote) renderWall(exercise);
  }

  function renderWriting(exercise) {
    $("write").hidden = false;
    $("write-label").textContent = "Your " + exercise.label.toLowerCase();
    $("send").textContent = "Send " + exercise.label.toLowerCase();
    const ideas = exercise.writes === "idea";
    $("problem-row").hidden = !ideas;
    if (ideas) {
      const chosen = $("problem").value;
      const options = [new Option("Choose a problem…", "")].concat(
        (state.problems || []).map((p) => new Option(p.text.length > 90 ? p.text.slice(0, 89) + "…" : p.text, p.id))
      );
      $("problem").replaceChildren(...options);
      $("problem").value = chosen;
    }
    $("anonymous-row").hidden = !me.name;
    if ($("anonymous").dataset.exercise !== exercise.id) {
      $("anonymous").dataset.exercise = exercise.id;
      $("anonymous").checked = exercise.anonymous;
    }
  }

  function renderVote(vote) {
    $("vote").hidden = false;
    $("vote-rules").textContent = vote.rules;
    const mine = myDots(vote);
    const left = vote.dots - mine.length;
    $("dots-left").textContent = vote.open
      ? left === 1 ? "1 dot left" : left + " dots left"
      : "The vote is closed.";
    fill($("ballot"), (state.cards || []).map((c) => {
      const li = document.createElement("li");
      const what = document.createElement("span");
      what.className = "what";
      what.textContent = c.text;
      const count = document.createElement("span");
      count.className = "count";
      const n = mine.filter((d) => d.card === c.id).length;
      count.textContent = String(n);
      count.setAttribute("aria-label", n + " of your dots");
      const minus = document.createElement("button");
      minus.type = "button";
      minus.textContent = "−";
      minus.setAttribute("aria-label", "Take a dot back from: " + c.text.slice(0, 60));
      minus.disabled = !vote.open || n === 0;
      minus.addEventListener("click", () => takeDot(c.id));
      const plus = document.createElement("button");
      plus.type = "button";
      plus.textContent = "+";
      plus.setAttribute("aria-label", "Put a dot on: " + c.text.slice(0, 60));
      plus.disabled = !vote.open || left <= 0 || n >= vote.cap;
      plus.addEventListener("click", () => addDot(c.id));
      li.append(what, minus, count, plus);
      return li;
    }));
  }

  /* Silent writing says so above the box, before anyone writes: nobody else sees
     these cards until the reveal (the wall below stays empty until then). */
  function renderWall(exercise) {
    const silent = exercise.private;
    $("wall-box").hidden = silent || !(state.cards || []).length;
    $("silent").hidden = !silent;
    $("silent").textContent = "Only you see your cards until the facilitator reveals them. "
      + (state.count === 1 ? "1 card" : state.count + " cards") + " in the room so far.";
    fill($("wall"), silent ? [] : (state.cards || []).slice().reverse().map((c) => item(c.text)));
  }

  function renderMine(exercise) {
    const mine = me.cards.filter((c) => exercise && c.exercise === exercise.id);
    $("mine-box").hidden = !mine.length;
    fill($("mine"), mine.slice().reverse().map((c) => {
      const status = document.createElement("span");
      status.className = "status " + (c.status === "sent" || c.status === "held" ? "sent" : c.status);
      status.textContent = {
        sent: "sent ✓",
        held: "sent ✓ — the facilitator reads it before it goes on the wall",
        waiting: "waiting to send…",
        refused: "not sent: " + c.error,
      }[c.status] || "";
      return item(c.text, status);
    }));
  }

  function showTimer() {
    const timer = state && state.timer;
    clearInterval(tick);
    $("timer").hidden = !timer;
    if (!timer) return;
    timerBase = { at: Date.now(), remaining: timer.remaining, running: timer.running };
    const draw = () => {
      const gone = timerBase.running ? (Date.now() - timerBase.at) / 1000 : 0;
      const left = Math.round(timerBase.remaining - gone);
      const shown = Math.abs(left);
      const text = Math.floor(shown / 60) + ":" + String(shown % 60).padStart(2, "0");
      $("timer").textContent = left < 0 ? "−" + text + " over time" : text + (timerBase.running ? " left" : " left (paused)");
      $("timer").classList.toggle("over", left < 0);
    };
    draw();
    if (timer.running) tick = setInterval(draw, 1000);
  }

  // -- starting ----------------------------------------------------------------------

  function start() {
    $("join-form").addEventListener("submit", onJoin);
    $("card-form").addEventListener("submit", onCard);
    $("text").addEventListener("input", counted);
    $("rejoin").addEventListener("click", () => askToJoin(""));
    window.addEventListener("online", () => {
      retryDelay = 1000;
      pump();
    });
    const code = codeFromAddress();
    if (me.key && (!code || code === me.code)) {
      enter();
    } else if (code && me.code && code !== me.code && me.key) {
      me.key = "";
      save();
      askToJoin("");
    } else {
      askToJoin("");
    }
  }

  start();
})();
