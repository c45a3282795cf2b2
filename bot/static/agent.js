// Agent console: live queue, transcript, claim, reply (quick phrases), resolve.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const { socketUrl, insertBySeq } = window.kefu;
  let PRIORITY = {}, botName = "";   // from the gateway (/api/site)
  const STATUS = { queued: "排队中", assigned: "处理中", resolved: "已解决", cancelled: "已取消", withdrawn: "顾客已撤回" };
  let token = sessionStorage.getItem("kefu_agent_token");
  let me = sessionStorage.getItem("kefu_agent_name") || "";
  let username = sessionStorage.getItem("kefu_agent_username") || "";
  let selected = null, convSocket = null, lastSeq = 0, openRequest = 0, entered = false;
  const shown = new Set();

  function toast(text) {
    const el = $("toast"); el.textContent = text; el.hidden = false;
    clearTimeout(toast.timer); toast.timer = setTimeout(() => { el.hidden = true; }, 3000);
  }

  async function api(method, path, body) {
    try {
      return await window.kefu.api(method, path, body, token);
    } catch (err) {
      if (err.status === 401 && path !== "/api/agent/login") logout();
      throw err;
    }
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;   // always text, never HTML
    return node;
  }

  function waited(ticket) {
    const minutes = Math.floor((Date.now() / 1000 - ticket.created_at) / 60);
    return minutes < 1 ? "刚刚" : `已等 ${minutes} 分钟`;
  }

  async function loadQueue() {
    const data = await api("GET", "/api/handoffs");
    const box = $("queue");
    box.replaceChildren();
    $("queue-count").textContent = `(${data.handoffs.length})`;
    if (!data.handoffs.length) box.appendChild(el("div", "empty", "暂无待处理会话"));
    data.handoffs.forEach((t) => {
      const item = el("div", "ticket" + (selected && selected.id === t.id ? " selected" : ""));
      item.dataset.id = t.id;
      const row = el("div", "row");
      row.append(el("span", "prio p" + t.priority, PRIORITY[t.priority] || "普通"),
                 el("span", "status", (STATUS[t.status] || t.status) + (t.assigned_to ? " · " + t.assigned_to : "") + " · " + waited(t)));
      item.append(row, el("div", "summary", t.summary));
      item.addEventListener("click", () => open(t.id));
      box.appendChild(item);
    });
  }

  function renderMessage(m) {
    if (shown.has(m.seq)) return;
    shown.add(m.seq);
    lastSeq = Math.max(lastSeq, m.seq);
    const row = el("div", "msg " + m.sender);
    const label = m.sender === "shopper" ? "顾客" : m.sender === "agent" ? (m.agent || "客服") : "机器人" + botName;
    const bubble = el("div", "bubble", m.attachment ? "" : m.text);
    if (m.attachment) {                     // a photo the shopper sent: open it full size
      const link = el("a", "photo-link", "");
      link.href = m.attachment.url; link.target = "_blank"; link.rel = "noopener";
      const img = document.createElement("img");
      img.className = "photo"; img.alt = "顾客发送的图片"; img.src = m.attachment.url;
      link.appendChild(img);
      bubble.appendChild(link);
    }
    row.append(el("div", "who", label + " · " + new Date(m.time * 1000).toLocaleTimeString("zh-CN")), bubble);
    insertBySeq($("transcript"), row, m.seq);
  }

  function renderOrder(order) {
    const box = $("order");
    box.replaceChildren();
    if (!order) { box.textContent = "该会话没有关联订单"; return; }
    const STATE = { not_shipped: "未发货", awaiting_pickup: "仓库已发货,待揽收", picked_up: "已揽收",
      in_transit: "运输中", stalled: "物流超时未更新", delivered: "已签收", exception: "物流异常" };
    const lines = [
      `订单号:${order.order_id}`, `账号:${order.account}  电话:${order.phone}`, `金额:¥${order.amount}`,
      `商品:${order.items.map((i) => i.name + " ×" + i.qty).join("、")}`,
      `物流状态:${STATE[order.parcel_state] || order.parcel_state}`,
    ];
    if (order.courier) lines.push(`快递:${order.courier} ${order.tracking_no}`);
    if (order.latest_event) lines.push(`最新:${order.latest_event_time} ${order.latest_event}`);
    lines.forEach((line) => box.appendChild(el("div", "", line)));
  }

  function renderHead(t) {
    const head = $("detail-head");
    head.replaceChildren();
    head.append(el("span", "prio p" + t.priority, PRIORITY[t.priority] || "普通"),
                el("span", "reasons", "原因:" + t.reasons.join("、") + "  · " + (STATUS[t.status] || t.status)));
    const actions = el("span", "actions");
    if (t.status === "queued") {
      const claim = el("button", "primary", "认领");
      claim.id = "claim";
      claim.addEventListener("click", () => act("claim"));
      actions.appendChild(claim);
    }
    if (t.status === "assigned" && t.assigned_to === username) {
      const back = el("button", "primary", "解决并交还机器人");
      back.id = "resolve-bot";
      back.addEventListener("click", () => act("resolve", { resume_bot: true }));
      const end = el("button", "", "解决并结束");
      end.addEventListener("click", () => act("resolve", { resume_bot: false }));
      actions.append(back, end);
    }
    head.appendChild(actions);
    $("reply").hidden = !(t.status === "assigned" && t.assigned_to === username);
  }

  async function open(id) {
    const request = ++openRequest;
    const data = await api("GET", `/api/handoffs/${id}`);
    if (request !== openRequest) return;   // the agent has opened another ticket meanwhile
    const changed = !selected || selected.conversation_id !== data.handoff.conversation_id;
    selected = data.handoff;
    renderHead(selected);
    renderOrder(data.order);
    if (changed) {
      shown.clear(); lastSeq = 0; $("transcript").replaceChildren();
      if (convSocket) { convSocket.onclose = null; convSocket.close(); }
    }
    data.messages.forEach(renderMessage);
    if (changed) watchConversation(selected.conversation_id);
    document.querySelectorAll(".ticket").forEach((x) => x.classList.toggle("selected", x.dataset.id === id));
  }

  function watchConversation(cid) {
    convSocket = new WebSocket(socketUrl(`/ws/conversations/${cid}?after=${lastSeq}`));
    convSocket.onmessage = (event) => {
      const data = JSON.parse(event.data);
      if (data.type === "message") renderMessage(data.message);
    };
    convSocket.onclose = () => setTimeout(() => { if (selected && selected.conversation_id === cid) watchConversation(cid); }, 1000);
  }

  async function act(kind, body) {
    try {
      await api("POST", `/api/handoffs/${selected.id}/${kind}`, body || {});
      if (kind === "resolve") toast("已解决");
    } catch (err) {
      toast(err.status === 409 ? "该会话已被其他客服认领" : "操作失败:" + err.message);
    }
    await loadQueue();
    await open(selected.id);
  }

  async function reply(text) {
    if (!text.trim() || !selected) return;
    try {
      const data = await api("POST", `/api/handoffs/${selected.id}/messages`, { text });
      renderMessage(data.message);
    } catch (err) { toast("发送失败:" + err.message); }
  }

  async function loadQuickReplies() {
    const data = await api("GET", "/api/quick_replies");
    const cats = $("quick-cats"), list = $("quick-list");
    const names = Object.keys(data.categories);
    function show(name) {
      cats.querySelectorAll("button").forEach((b) => b.classList.toggle("active", b.textContent === name));
      list.replaceChildren();
      data.categories[name].forEach((phrase) => {
        const b = el("button", "phrase", phrase);
        b.type = "button";
        b.title = "点击发送";
        b.addEventListener("click", () => reply(phrase));   // one click to send
        list.appendChild(b);
      });
    }
    names.forEach((name) => {
      const b = el("button", "", name);
      b.type = "button";
      b.addEventListener("click", () => show(name));
      cats.appendChild(b);
    });
    if (names.length) show(names[0]);
  }

  // The socket authenticates with a single-use ticket, so the login token is never in a URL.
  async function watchQueue() {
    if (!token) return;
    let ticket;
    try {
      ticket = (await api("POST", "/api/agent/socket_ticket")).ticket;
    } catch (err) {
      if (token) setTimeout(watchQueue, 3000);
      return;
    }
    const socket = new WebSocket(socketUrl(`/ws/agent?ticket=${encodeURIComponent(ticket)}`));
    socket.onmessage = async (event) => {
      const data = JSON.parse(event.data);
      await loadQueue();
      if (selected && data.handoff_id === selected.id) await open(selected.id);
    };
    socket.onclose = () => { if (token) setTimeout(watchQueue, 1000); };
  }

  function logout() {
    token = null;
    sessionStorage.clear();
    $("console").hidden = true;
    $("logout").hidden = true;
    $("login").hidden = false;
  }

  $("logout").addEventListener("click", async () => {
    try { await api("POST", "/api/agent/logout"); } catch (err) { /* the token is dropped anyway */ }
    logout();
  });

  async function enter() {
    const site = await window.kefu.site();
    PRIORITY = site.priorities; botName = site.bot_name;
    $("login").hidden = true;
    $("console").hidden = false;
    $("whoami").textContent = me ? "当前客服:" + me : "";
    $("logout").hidden = false;
    await loadQueue();
    if (entered) return;   // socket, timer and phrases exist already (a re-login)
    entered = true;
    await loadQuickReplies();
    watchQueue();
    setInterval(() => { if (token) loadQueue(); }, 30000);   // keeps the waiting times fresh
  }

  $("login").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const data = await api("POST", "/api/agent/login", { username: $("username").value, password: $("password").value });
      token = data.token; me = data.name; username = data.username;
      sessionStorage.setItem("kefu_agent_token", token);
      sessionStorage.setItem("kefu_agent_name", me);
      sessionStorage.setItem("kefu_agent_username", username);
      await enter();
    } catch (err) { $("login-error").textContent = "登录失败:" + err.message; }
  });
  $("reply").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("reply-text").value;
    $("reply-text").value = "";
    reply(text);
  });
  if (token) enter().catch(logout);
})();
