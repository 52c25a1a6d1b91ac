// "Add a row" for the row sections of the edit form (channels, documents, legal bases).
// Without JavaScript the form still offers a few empty rows; this only adds more.
(function () {
  function addRow(prefix) {
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    const template = document.getElementById(`${prefix}-empty-row`);
    const rows = document.getElementById(`${prefix}-rows`);
    if (!total || !template || !rows) {
      return;
    }
    const index = parseInt(total.value, 10);
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)));
    total.value = String(index + 1);
    const first = rows.lastElementChild && rows.lastElementChild.querySelector("input, select, textarea");
    if (first) {
      first.focus();
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-formset-add]");
    if (button) {
      addRow(button.dataset.formsetAdd);
    }
  });

  document.querySelectorAll("[data-formset-add]").forEach((button) => button.classList.remove("d-none"));
})();
