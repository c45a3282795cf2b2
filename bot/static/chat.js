// Storefront chat widget. Messages are keyed by seq: whatever arrives twice
// (POST reply, websocket push, replay after a reconnect) is shown once.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const log = $("log"), banner = $("banner"), typing = $("typing"), input = $("text"), send = $("send");
  const DEFAULT_PLACEHOLDER = input.placeholder;
  const shown = new Map();            // seq -> element
  const { api, socketUrl, insertBySeq } = window.kefu;
  let cid = null, socket = null, retry = 0, mode = "bot", botName = "";
  // The product whose card opened the chat (询单宝贝): sent with each message (DESIGN.md §3).
  let focusProduct = null;

  // The highest seq up to which every message is shown: a reconnect replays from
  // there, so a message pushed while the socket was down is never skipped.
  function contiguousSeq() {
    let n = 0;
    while (shown.has(n + 1)) n += 1;
    return n;
  }

  function who(m) {
    if (m.sender === "shopper") return "我";
    if (m.sender === "agent") return (m.agent || "人工客服");
    return botName;
  }

  function render(m) {
    if (shown.has(m.seq)) return;
    const row = document.createElement("div");
    row.className = "msg " + m.sender;
    const label = document.createElement("div");
    label.className = "who";
    label.textContent = who(m);
    if (m.sender !== "shopper") {
      const badge = document.createElement("span");
      badge.className = "badge " + (m.sender === "agent" ? "human" : "bot");
      badge.textContent = m.sender === "agent" ? "人工客服" : "智能客服";
      label.appendChild(badge);
    }
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    if (m.attachment) {                     // a photo the shopper sent
      const img = document.createElement("img");
      img.className = "photo"; img.alt = "图片"; img.src = m.attachment.url;
      bubble.appendChild(img);
    } else {
      bubble.textContent = m.text;         // never innerHTML: shopper and agent text is plain text
    }
    row.append(label, bubble);
    if (m.buttons && m.buttons.length) {
      const box = document.createElement("div");
      box.className = "buttons";
      m.buttons.forEach((b) => {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.addEventListener("click", () => post(b.payload, b.title));
        box.appendChild(btn);
      });
      row.appendChild(box);
    }
    insertBySeq(log, row, m.seq);
    shown.set(m.seq, row);
  }

  function showMode(state) {
    mode = state.mode;
    if (state.mode === "queued") {
      banner.className = "banner";
      const ahead = state.queue_position ? state.queue_position - 1 : null;
      banner.textContent = "正在为您转接人工客服" + (ahead === null ? "" : ahead ? ",您前面还有 " + ahead + " 位" : ",您排在第一位");
      banner.hidden = false;
    } else if (state.mode === "human") {
      banner.className = "banner human";
      banner.textContent = "人工客服已接入,正在为您服务";
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
  }

  function connect() {
    socket = new WebSocket(socketUrl(`/ws/conversations/${cid}?after=${contiguousSeq()}`));
    socket.onopen = () => { retry = 0; if (banner.classList.contains("offline")) banner.hidden = true; };
    socket.onmessage = (event) => {
      const data = JSON.parse(event.data);
      if (data.type === "message") render(data.message);
      if (data.type === "mode") showMode(data);
    };
    socket.onclose = (event) => {
      if (event.code === 4404) {            // the conversation is gone: start a new one
        localStorage.removeItem("kefu_conversation");
        location.reload();
        return;
      }
      banner.className = "banner offline";
      banner.textContent = "连接已断开,正在重新连接…";
      banner.hidden = false;
      retry = Math.min(retry + 1, 5);
      setTimeout(connect, 500 * retry);   // the replay from contiguousSeq() fills any gap
    };
  }

  async function post(text, label) {
    if (!text || !text.trim()) return;
    send.disabled = true;
    if (mode === "bot") typing.hidden = false;
    try {
      const body = { text: text };
      if (label) body.label = label;
      if (focusProduct) body.product = focusProduct.sku;
      const data = await api("POST", `/api/conversations/${cid}/messages`, body);
      data.replies.forEach(render);
    } catch (err) {
      // A limit (429) or an outage (503) says in Chinese what to do; either way the text is not lost.
      showError(err.status === 429 || err.status === 503 ? err.message : "消息发送失败,请稍后重试(" + err.message + ")");
      if (!label && !input.value) input.value = text;
    } finally {
      typing.hidden = true;
      send.disabled = false;
    }
  }

  const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

  async function sendPhoto(file) {
    if (!file) return;
    if (file.size > MAX_PHOTO_BYTES) { showError("图片不能超过 5MB"); return; }
    const form = new FormData();
    form.append("file", file);
    typing.hidden = mode !== "bot";
    try {
      const resp = await fetch(`/api/conversations/${cid}/attachments`, { method: "POST", body: form });
      const data = await resp.json();
      if (!resp.ok) throw new Error(data.error || resp.status);
      render(data.message);
      data.replies.forEach(render);
    } catch (err) {
      showError("图片发送失败(" + err.message + ")");
    } finally {
      typing.hidden = true;
    }
  }

  function showError(text) {
    banner.className = "banner offline";
    banner.textContent = text;
    banner.hidden = false;
  }

  // Who is logged in: {account, account_hash} signed by the shop's site (here the demo login),
  // sent when a conversation opens; anonymous chats see no orders (DESIGN.md §3).
  function identity() {
    try { return JSON.parse(localStorage.getItem("kefu_identity")) || null; } catch (err) { return null; }
  }

  async function openConversation() {
    const who = identity();
    try {
      return (await api("POST", "/api/conversations", who || {})).conversation_id;
    } catch (err) {
      if (err.status !== 403 || !who) throw err;
      localStorage.removeItem("kefu_identity");   // signed under an old secret: log in again
      showError("登录已失效,请重新选择演示账号");
      return (await api("POST", "/api/conversations", {})).conversation_id;
    }
  }

  async function demoLogin(site) {
    if (!site.demo) return;
    const select = $("demo-account");
    const current = identity();
    (await api("GET", "/api/demo/accounts")).accounts.forEach((a) => {
      const option = document.createElement("option");
      option.value = a.account;
      option.textContent = `${a.account}(${a.orders} 笔订单)`;
      select.appendChild(option);
    });
    select.value = current ? current.account : "";
    $("demo-login").hidden = false;
    select.addEventListener("change", async () => {
      if (select.value) {
        localStorage.setItem("kefu_identity", JSON.stringify(await api("POST", "/api/demo/login", { account: select.value })));
      } else {
        localStorage.removeItem("kefu_identity");
      }
      localStorage.removeItem("kefu_conversation");   // a new chat as the new shopper
      location.reload();
    });
  }

  async function start() {
    const site = await window.kefu.site();
    botName = site.bot_name;
    demoLogin(site).catch(() => {});
    cid = localStorage.getItem("kefu_conversation");
    if (cid) {
      try {
        showMode(await api("GET", `/api/conversations/${cid}`));
      } catch (err) {
        if (err.status === 404) cid = null;   // a network blip must not lose the conversation
      }
    }
    if (!cid) {
      cid = await openConversation();
      localStorage.setItem("kefu_conversation", cid);
    }
    connect();
    const history = await api("GET", `/api/conversations/${cid}/messages?after=0`);
    history.messages.forEach(render);
  }

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    post(text);
  });
  // The chat window or, folded, the 联系客服 button.
  function showChat(open) {
    $("chat").hidden = !open;
    $("chat-open").hidden = open;
  }

  function consult(p) {
    focusProduct = p;
    $("focus-name").textContent = "正在咨询:" + p.name + " ¥" + p.price;
    $("focus").hidden = false;
    showChat(true);
    const asks = (p.attributes || []).slice(0, 2).join("、");  // a kettle's, not a dress's
    input.placeholder = "想了解这款的什么?" + (asks ? "例如:" + asks : "");
    input.focus();
  }

  // ✕ on the product bar: later messages are no longer about that product.
  $("focus-clear").addEventListener("click", () => {
    focusProduct = null;
    $("focus").hidden = true;
    input.placeholder = DEFAULT_PLACEHOLDER;
    input.focus();
  });

  $("photo").addEventListener("click", () => $("photo-file").click());
  $("photo-file").addEventListener("change", (event) => {
    sendPhoto(event.target.files[0]);
    event.target.value = "";
  });
  // On a phone the chat covers the whole page: it starts folded behind the 联系客服 button.
  if (window.matchMedia("(max-width: 600px)").matches) showChat(false);
  $("chat-close").addEventListener("click", () => showChat(false));
  $("chat-open").addEventListener("click", () => showChat(true));

  fetch("/api/products").then((r) => r.json()).then((data) => {
    const grid = $("products");
    data.products.forEach((p) => {
      const card = document.createElement("div");
      card.className = "card";
      const thumb = document.createElement("div"); thumb.className = "thumb"; thumb.textContent = p.category;
      const name = document.createElement("div"); name.className = "name"; name.textContent = p.name;
      const price = document.createElement("div"); price.className = "price"; price.textContent = "¥" + p.price;
      const tags = document.createElement("div"); tags.className = "tags"; tags.textContent = p.tags.join(" · ");
      const ask = document.createElement("button");
      ask.type = "button"; ask.className = "consult"; ask.textContent = "咨询客服";
      ask.addEventListener("click", () => consult(p));
      card.append(thumb, name, price, tags, ask);
      grid.appendChild(card);
    });
  });
  start();
})();
