// Inline mode: the widget renders inside #widget-slot, its height following its content.
var demo = window.lenderDemo;
demo
  .fetchLinkToken()
  .then(function (link) {
    var handle = window.CarrierLink.create({
      token: link.linkToken,
      container: '#widget-slot',
      locale: demo.locale,
      onSuccess: demo.onSuccess,
      onExit: demo.onExit,
      onEvent: demo.onEvent,
    });
    window.carrierlinkHandle = handle;
    handle.open();
    demo.status('已就绪');
  })
  .catch(function (error) {
    demo.status(String(error.message));
  });
