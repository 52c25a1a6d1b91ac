// The "In" button of a printable page. A static file because the content security policy forbids inline scripts.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
