// Shared by the example pages: ask our own server for a link token, and show every event.
// Real lenders do the same: the browser never holds the API key, only the single-use link token.
window.lenderDemo = (function () {
  var params = new URLSearchParams(location.search);
  var log = [];
  var counts = { success: 0, exit: 0 };
  function show(line) {
    var item = document.createElement('li');
    item.textContent = line;
    document.getElementById('event-log').appendChild(item);
  }
  function status(text) {
    document.getElementById('status').textContent = text;
  }
  return {
    events: log,
    counts: counts,
    status: status,
    fetchLinkToken: function () {
      var body = {};
      if (params.get('phone')) body.phone = params.get('phone');
      if (params.get('locale')) body.locale = params.get('locale');
      return fetch('/link-token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        .then(function (response) {
          if (!response.ok) throw new Error('link token request failed: ' + response.status);
          return response.json();
        });
    },
    locale: params.get('locale') || undefined,
    onEvent: function (event) {
      log.push(event);
      show(event.type + ' ' + JSON.stringify(event.data));
    },
    onSuccess: function (data) {
      counts.success += 1;
      status('授权成功 · session ' + data.sessionId);
    },
    onExit: function (data) {
      counts.exit += 1;
      status('已退出：' + data.reason + (data.error ? ' (' + data.error.code + ')' : ''));
    },
  };
})();
