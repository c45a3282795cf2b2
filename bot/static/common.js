// Shared by the storefront chat and the agent console: JSON calls, websocket
// addresses, messages kept in seq order, and the site's names and labels, which
// come from the gateway (/api/site) so that no page keeps its own copy.
window.kefu = (function () {
  "use strict";

  async function api(method, path, body, token) {
    const headers = { "Content-Type": "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    const res = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) { const err = new Error(data.error || res.statusText); err.status = res.status; throw err; }
    return data;
  }

  function socketUrl(path) {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    return `${scheme}://${location.host}${path}`;
  }

  // Messages may arrive twice or out of order (POST reply, push, replay): place each by seq.
  function insertBySeq(log, row, seq) {
    row.dataset.seq = seq;
    const later = [...log.children].find((el) => Number(el.dataset.seq) > seq);
    log.insertBefore(row, later || null);
    log.scrollTop = log.scrollHeight;
  }

  let siteInfo = null;
  function site() {
    if (!siteInfo) siteInfo = api("GET", "/api/site");
    return siteInfo;
  }

  return { api, socketUrl, insertBySeq, site };
})();
