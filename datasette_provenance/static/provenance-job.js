// Poll a running analysis job's JSON and update its progress page in place.
(function () {
  var root = document.querySelector(".pv-job");
  if (!root) return;
  var status = root.getAttribute("data-status");
  if (status !== "queued" && status !== "running") return;
  var url = root.getAttribute("data-json-url");
  function set(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = value === null || value === undefined ? "—" : String(value);
  }
  // Date and minute, as the page renders timestamps server-side (_provenance_macros.timestamp).
  function minute(value) {
    if (typeof value === "string" && value.length >= 16 && value.charAt(10) === "T") {
      return value.slice(0, 10) + " " + value.slice(11, 16);
    }
    return value;
  }
  function poll() {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        var bar = document.getElementById("pv-progress");
        bar.max = job.total || 1;
        bar.value = job.status === "done" ? bar.max : job.done;
        set("pv-status", job.status);
        set("pv-done", job.done);
        set("pv-total", job.total);
        set("pv-percent", job.percent);
        set("pv-statements", job.statements);
        set("pv-skipped", job.skipped);
        set("pv-not-text", job.not_text);
        set("pv-failed", job.failed);
        set("pv-started", minute(job.started));
        set("pv-finished", minute(job.finished));
        if (job.status === "queued" || job.status === "running") {
          setTimeout(poll, 1000);
        } else {
          // Finished or failed: reload once so links and errors render server-side.
          window.location.reload();
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
