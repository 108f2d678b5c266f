// Modal mode: the widget opens over this page when the applicant taps the button.
var demo = window.lenderDemo;
var button = document.getElementById('connect');
demo
  .fetchLinkToken()
  .then(function (link) {
    var handle = window.CarrierLink.create({
      token: link.linkToken,
      locale: demo.locale,
      onSuccess: demo.onSuccess,
      onExit: demo.onExit,
      onEvent: demo.onEvent,
    });
    window.carrierlinkHandle = handle;
    button.disabled = false;
    button.addEventListener('click', function () {
      handle.open();
    });
    document.getElementById('close').addEventListener('click', function () {
      handle.close();
    });
    document.getElementById('destroy').addEventListener('click', function () {
      handle.destroy();
    });
    demo.status('已就绪');
  })
  .catch(function (error) {
    demo.status(String(error.message));
  });
