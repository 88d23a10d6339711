/* Draws a map from the JSON the server embedded in <script id="gk-data">.
 * Exposes window.gk = {network, nodes, edges, view, showGroups(ids), search(text)}
 * for the page's controls (and for tests). */
(function () {
  "use strict";
  var holder = document.getElementById("gk-map");
  if (!holder) { return; }
  var raw = document.getElementById("gk-data");
  var src = holder.getAttribute("data-src");
  window.gk = {ready: false};
  if (raw) { draw(JSON.parse(raw.textContent)); return; }
  if (!src) { return; }
  holder.textContent = "Loading the map…";
  fetch(src, {credentials: "same-origin", headers: {"Accept": "application/json"}})
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (data) { holder.textContent = ""; draw(data); })
    .catch(function (e) { holder.textContent = "The map could not be loaded: " + e.message; });

  function draw(data) {
  var link = holder.getAttribute("data-link") || "";
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var shown = null; // null: every group
  var view = new vis.DataView(nodes, {
    filter: function (node) { return shown === null || shown.has(node.gk_group || ""); }
  });
  var network = new vis.Network(holder, {nodes: view, edges: edges}, data.options);
  var gk = window.gk = {network: network, nodes: nodes, edges: edges, view: view,
                        ready: false, data: data};
  function done() { gk.ready = true; holder.setAttribute("data-ready", "1"); }
  if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}}); done();
    });
    setTimeout(done, 8000);
  } else {
    network.once("afterDrawing", done);
  }
  gk.visibleIds = function () { return view.getIds(); };
  gk.showGroups = function (ids) {
    shown = (ids === null || ids === undefined) ? null : new Set(ids);
    view.refresh();
    var count = document.getElementById("gk-count");
    if (count) { count.textContent = view.length + " shown"; }
  };
  gk.search = function (text) {
    text = (text || "").trim().toLowerCase();
    if (!text) { network.unselectAll(); return null; }
    var hit = view.get({filter: function (n) {
      return String(n.label || "").toLowerCase().indexOf(text) >= 0 ||
             String(n.id).toLowerCase().indexOf(text) >= 0;
    }});
    if (!hit.length) { return null; }
    network.selectNodes(hit.map(function (n) { return n.id; }));
    network.focus(hit[0].id, {scale: 1.2, animation: {duration: 400}});
    return hit[0].id;
  };
  if (link) {
    network.on("click", function (params) {
      if (params.nodes && params.nodes.length) {
        window.location.href = link.replace("{id}", encodeURIComponent(params.nodes[0]));
      }
    });
  }
  var boxes = document.querySelectorAll("input[data-group]");
  function fromBoxes() {
    var ids = [], all = true;
    boxes.forEach(function (b) { if (b.checked) { ids.push(b.getAttribute("data-group")); }
                                 else { all = false; } });
    gk.showGroups(all ? null : ids);
  }
  boxes.forEach(function (b) { b.addEventListener("change", fromBoxes); });
  if (boxes.length) { fromBoxes(); }
  var only = document.getElementById("gk-only");
  if (only) {
    only.addEventListener("change", function () {
      var value = only.value;
      boxes.forEach(function (b) {
        b.checked = !value || b.getAttribute("data-group") === value; });
      fromBoxes();
    });
  }
  var box = document.getElementById("gk-search");
  if (box) {
    var form = box.form;
    var run = function (e) { if (e) { e.preventDefault(); }
      var found = gk.search(box.value);
      var note = document.getElementById("gk-found");
      if (note) { note.textContent = box.value ? (found ? "" : "no match") : ""; } };
    if (form) { form.addEventListener("submit", run); }
    box.addEventListener("change", run);
  }
  var size = document.getElementById("gk-size");
  if (size) { size.addEventListener("change", function () {
    var url = new URL(window.location.href); url.searchParams.set("size", size.value);
    window.location.href = url.pathname + url.search; }); }
  }
})();
