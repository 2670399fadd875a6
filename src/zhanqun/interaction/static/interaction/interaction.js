// 互动交流: a click on the CAPTCHA image fetches a new one (django-simple-captcha's
// refresh view); a form is submitted once — the button is disabled after the first click
// (the server also ignores a second submission of the same form).
(function () {
  document.querySelectorAll("img.captcha[data-captcha-refresh]").forEach(function (img) {
    img.addEventListener("click", function () {
      fetch(img.dataset.captchaRefresh, { headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          img.src = data.image_url;
          var key = img.parentNode.querySelector('input[name$="captcha_0"]');
          if (key) { key.value = data.key; }
        });
    });
  });
  document.querySelectorAll("form.hd-form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
    });
  });
})();
