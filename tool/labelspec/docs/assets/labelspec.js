/* labelspec: give a region overlay the coordinate system of its image when the
   build could not read the image size. Runs on every page view, including
   mkdocs-material's instant navigation. */
(function () {
  function measure(root) {
    root.querySelectorAll("svg.ls-overlay[data-ls-measure]").forEach(function (svg) {
      var img = svg.parentNode.querySelector("img");
      if (!img) return;
      function apply() {
        if (img.naturalWidth && img.naturalHeight) {
          svg.setAttribute("viewBox", "0 0 " + img.naturalWidth + " " + img.naturalHeight);
          svg.removeAttribute("data-ls-measure");
        }
      }
      if (img.complete) apply(); else img.addEventListener("load", apply, { once: true });
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { measure(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { measure(document); });
  }
})();
