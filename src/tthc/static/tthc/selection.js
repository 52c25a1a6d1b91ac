// Keeps the "Đang chọn" line under a multiple-choice list in step with the list (templates/catalog/_field.html).
document.addEventListener("change", (event) => {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement) || !select.multiple) {
    return;
  }
  const list = document.querySelector(`[data-selected-of="${select.id}"]`);
  if (!list) {
    return;
  }
  list.replaceChildren(
    ...Array.from(select.selectedOptions, (option) => {
      const badge = document.createElement("span");
      badge.className = "badge text-bg-light border fw-normal me-1";
      badge.textContent = option.textContent;
      return badge;
    }),
  );
});
