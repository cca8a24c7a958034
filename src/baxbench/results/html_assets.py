"""The report's stylesheet and its one small script (sorting and filtering), inlined so the
page stays one file that works offline."""

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1280px;padding:0 24px 48px;
color:#1d2330}
h1{font-size:24px;margin-top:20px}h2{margin-top:36px;border-bottom:1px solid #ddd;
padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 8px;border:1px solid #e1e4ea;
vertical-align:top}
th{background:#f4f6f9;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}
th[data-sort]{cursor:pointer;user-select:none}th[data-sort]:after{content:" ⇅";color:#9aa1ad}
th[aria-sort=ascending]:after{content:" ▲";color:#1d2330}
th[aria-sort=descending]:after{content:" ▼";color:#1d2330}
.ci{color:#6b7280;font-size:11px;display:block}.heat td{text-align:center;min-width:64px;font-size:12px}
.bad{color:#b42318;font-weight:600}.good{color:#067647;font-weight:600}.muted{color:#6b7280}
.warn{color:#b54708;font-weight:600}
pre{background:#f6f8fa;padding:8px;overflow:auto;max-height:420px;font-size:12px;
white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
details{margin:4px 0}summary{cursor:pointer}
.sample{border-left:3px solid #d0d5dd;padding-left:8px}
.sample>div{padding:4px 0 12px}.sample table{width:100%}
.legend span{display:inline-block;width:28px;height:12px;margin-right:2px}
#filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #e1e4ea;padding:8px 0;
z-index:2;display:flex;gap:12px;flex-wrap:wrap;align-items:center}
#filters label{font-size:12px;color:#475467}#filters select,#filters input{font-size:13px;
max-width:240px}
#leaderboard td,#tasks td:not(:last-child){white-space:nowrap}
#tasks td:last-child{min-width:240px}
.scroll{overflow-x:auto;max-height:640px;overflow-y:auto}
.scroll thead th{position:sticky;top:0;z-index:1}
.scroll thead tr.families th{position:static;text-align:center}
td.rank{color:#6b7280;text-align:right}
[hidden]{display:none!important}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var filters = {};
  function matches(el) {
    for (var key in filters) {
      var want = filters[key];
      if (!want) continue;
      var have = el.dataset[key];
      if (have === undefined) continue;
      if (key === "model") {
        if (have.toLowerCase().indexOf(want.toLowerCase()) < 0) return false;
      } else if (key === "cwe") {
        if (have.split(" ").indexOf(want) < 0) return false;
      } else if (have !== want) {
        return false;
      }
    }
    return true;
  }
  function apply() {
    var rows = document.querySelectorAll("[data-row]");
    var shown = 0, samples = 0;
    rows.forEach(function (el) {
      el.hidden = !matches(el);
      if (el.classList.contains("sample")) {
        samples++;
        if (!el.hidden) shown++;
      }
    });
    var count = document.getElementById("shown");
    if (count) count.textContent = shown + " of " + samples + " samples shown";
  }
  document.querySelectorAll("[data-filter]").forEach(function (input) {
    input.addEventListener("input", function () {
      filters[input.dataset.filter] = input.value;
      apply();
    });
  });
  function value(row, index) {
    var cell = row.children[index];
    var raw = cell ? (cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent) : "";
    var number = parseFloat(raw);
    if (raw === "") return null;
    return !isNaN(number) && isFinite(raw) ? number : raw.toLowerCase();
  }
  document.querySelectorAll("th[data-sort]").forEach(function (th) {
    th.addEventListener("click", function () {
      var table = th.closest("table"), body = table.tBodies[0];
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th[aria-sort]").forEach(function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = value(a, index), y = value(b, index);
        if (x === null || y === null) return (x === null) - (y === null);  // blanks last
        var order = (typeof x === typeof y) ? (x < y ? -1 : x > y ? 1 : 0)
                                             : (typeof x === "number" ? -1 : 1);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  apply();
})();
"""
