// Ticks on a checklist page, kept in this browser's localStorage so that they are still there
// when the reader comes back, from the web or from the offline copy (file://). Nothing is
// sent anywhere. Also: print only the ticked items, in large type; clear the ticks.
// Without JavaScript the boxes still tick and print; the toolbar simply stays hidden.
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.wt-box[data-wt-tick]"));
  var bar = document.querySelector(".wt-ticks");
  if (!boxes.length || !bar) return;
  // Each guide keeps its ticks under its own name (guide.yml's short_name), so two guides
  // opened from the same place (file://, one web server) do not share them.
  var prefix = (bar.getAttribute("data-wt-guide") || "guide") + ":";
  var store = null;
  try {
    store = window.localStorage;
    store.setItem(prefix + "test", "1");
    store.removeItem(prefix + "test");
  } catch (error) {
    store = null; // storage switched off or full: ticks last until the page is left
  }
  var status = bar.querySelector(".wt-ticks-status");
  function keyOf(box) {
    return prefix + "tick:" + box.getAttribute("data-wt-tick");
  }
  function say(text) {
    status.textContent = text;
  }
  boxes.forEach(function (box) {
    if (store && store.getItem(keyOf(box)) === "1") box.checked = true;
    box.addEventListener("change", function () {
      if (!store) return;
      if (box.checked) store.setItem(keyOf(box), "1");
      else store.removeItem(keyOf(box));
    });
  });
  if (!store) {
    bar.querySelector(".wt-ticks-note").textContent =
      "This browser does not let the guide keep your ticks, so they go when you leave the page. Nothing is sent anywhere.";
  }
  bar.querySelector(".wt-print-ticked").addEventListener("click", function () {
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    if (!ticked) {
      say("Tick the items you want to print first.");
      return;
    }
    say("Printing the " + ticked + " item" + (ticked === 1 ? "" : "s") + " you ticked, in large type.");
    document.body.classList.add("wt-ticked-only");
    window.print();
  });
  window.addEventListener("afterprint", function () {
    document.body.classList.remove("wt-ticked-only");
  });
  bar.querySelector(".wt-clear-ticks").addEventListener("click", function () {
    boxes.forEach(function (box) {
      box.checked = false;
      if (store) store.removeItem(keyOf(box));
    });
    say("Your ticks are cleared.");
  });
  bar.hidden = false;
})();
