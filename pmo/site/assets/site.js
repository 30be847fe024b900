/* pmo site: the status filters, made better. The filters work without this script (the
   radio buttons drive the stylesheet); with it, the page says how many projects are shown,
   and the address keeps the choice (?programme=ID&declared=RATING&derived=RATING), so a
   filtered view can be bookmarked or sent. Nothing is fetched. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("status");
  var count = document.getElementById("filter-count");
  if (!form || !table || !count) {
    return;
  }
  var groups = ["programme", "declared", "derived"];
  var params;
  try {
    params = new URLSearchParams(window.location.search);
  } catch (e) {
    params = null;
  }
  groups.forEach(function (name) {
    var value = params && params.get(name);
    if (value) {
      var input = document.getElementById("f-" + name + "-" + value);
      if (input && input.name === name) {
        input.checked = true;
      }
    }
  });

  function chosen(name) {
    var input = form.querySelector("input[name='" + name + "']:checked");
    return input ? input.value : "all";
  }

  function update() {
    var rows = table.querySelectorAll("tbody tr[data-kind='project']");
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getClientRects().length > 0) {
        shown += 1;
      }
    }
    var noun = rows.length === 1 ? "project" : "projects";
    count.textContent = shown === rows.length
      ? "Showing all " + rows.length + " " + noun + "."
      : "Showing " + shown + " of " + rows.length + " " + noun + ".";
    var query = [];
    groups.forEach(function (name) {
      var value = chosen(name);
      if (value !== "all") {
        query.push(name + "=" + encodeURIComponent(value));
      }
    });
    try {
      var address = window.location.pathname + (query.length ? "?" + query.join("&") : "");
      window.history.replaceState(null, "", address + window.location.hash);
    } catch (e) {
      /* some browsers refuse to change the address of a file: page; the filter still works */
    }
  }

  form.addEventListener("change", update);
  update();
})();
