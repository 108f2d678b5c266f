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
  // After onSuccess our backend waits for CarrierLink's data_ready webhook and reads the data API;
  // the page just asks our backend how far it got.
  function watchData(sessionId) {
    var node = document.getElementById('data-status');
    var tries = 0;
    function poll() {
      tries += 1;
      fetch('/sessions/' + encodeURIComponent(sessionId))
        .then(function (response) {
          return response.ok ? response.json() : { events: [] };
        })
        .then(function (view) {
          node.dataset.events = view.events.join(' ');
          if (view.summary) {
            var bills = view.summary.bills.length;
            node.textContent = '数据已就绪：通话 ' + view.summary.calls + ' 条，短信 ' + view.summary.sms + ' 条，账单 ' + bills + ' 个月';
            node.dataset.ready = 'true';
            return;
          }
          node.textContent = view.events.length ? '已收到：' + view.events.join('、') + '，等待数据…' : '等待运营商数据…';
          if (tries < 120) setTimeout(poll, 1000);
          else node.textContent = '等待数据超时';
        })
        .catch(function () {
          if (tries < 120) setTimeout(poll, 1000);
        });
    }
    poll();
  }
  return {
    events: log,
    counts: counts,
    status: status,
    fetchLinkToken: function () {
      var body = {};
      if (params.get('phone')) body.phone = params.get('phone');
      if (params.get('locale')) body.locale = params.get('locale');
      return fetch('/link-token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        function (response) {
          if (!response.ok) throw new Error('link token request failed: ' + response.status);
          return response.json();
        },
      );
    },
    locale: params.get('locale') || undefined,
    onEvent: function (event) {
      log.push(event);
      show(event.type + ' ' + JSON.stringify(event.data));
    },
    onSuccess: function (data) {
      counts.success += 1;
      status('授权成功 · session ' + data.sessionId);
      watchData(data.sessionId);
    },
    onExit: function (data) {
      counts.exit += 1;
      status('已退出：' + data.reason + (data.error ? ' (' + data.error.code + ')' : ''));
    },
  };
})();
