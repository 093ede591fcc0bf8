// Names for the parts of the theme that ship without one, so screen readers can announce them.
// (Only adds attributes; the guide works the same without JavaScript.)
document.querySelectorAll(".md-search[role='dialog']").forEach(function (dialog) {
  if (!dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the guide");
});
