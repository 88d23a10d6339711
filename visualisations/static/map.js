/* Draws a map from the JSON the server embedded in <script id="gk-data"> (or serves at the
 * map element's data-src), with the page's controls: search with suggestions, filters,
 * colour by group or community, fit, zoom, PNG export.
 *
 * Exposes window.gk for the page and for tests:
 *   gk.ready, gk.firstDrawMs        drawn once (ms since navigation start)
 *   gk.network, gk.nodes, gk.edges, gk.view   vis-network objects
 *   gk.visibleIds()                 ids left by the filters
 *   gk.filter({keys, stances, influence, gapsOnly})   keys: group ids, "(pmo)", "(none)"
 *   gk.suggest(text) -> ids          who the search box would suggest
 *   gk.pick(id)                      select a person, highlight them and their neighbours
 *   gk.highlighted() -> ids          the person picked and their neighbours
 *   gk.ringed(), gk.labelled()       ids drawn with a gap ring / a label in the last frame
 *   gk.dashed()                      [from, to] of the ties drawn dashed (stale)
 *   gk.colourBy("group"|"community"), gk.fit(), gk.exportPng()
 */
(function () {
  "use strict";
  var PMO = "(pmo)", NONE = "(none)", BULK = 5000, STALE_OVERLAY = 600, MIN_RADIUS = 5;
  var holder = document.getElementById("gk-map");
  if (!holder) { return; }
  var raw = document.getElementById("gk-data");
  var src = holder.getAttribute("data-src");
  window.gk = {ready: false};
  if (raw) { draw(JSON.parse(raw.textContent)); return; }
  if (!src) { return; }
  holder.setAttribute("aria-busy", "true");
  var loading = document.createElement("p");
  loading.className = "loading";
  loading.textContent = "Loading the map…";
  holder.appendChild(loading);
  var timings = {start: performance.now()};
  fetch(src, {credentials: "same-origin", headers: {"Accept": "application/json"}})
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } timings.response = performance.now(); return r.json(); })
    .then(function (data) { timings.parsed = performance.now(); holder.removeChild(loading); draw(data, timings); })
    .catch(function (e) { loading.textContent = "The map could not be loaded: " + e.message; });

  function $(id) { return document.getElementById(id); }

  function draw(data, timings) {
    timings = timings || {};
    var marks = (data.legend && data.legend.marks) || {};
    // A force layout has no natural width-to-height ratio: stretch it (within 0.7–1.6x)
    // to the canvas's, so the network fills a wide screen as well as a phone's.
    if (holder.getAttribute("data-fit") === "stretch" && data.nodes.length > 1) {
      var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      data.nodes.forEach(function (n) { x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x);
                                        y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y); });
      if (x1 > x0 && y1 > y0 && holder.clientHeight > 0) {
        var k = (holder.clientWidth / holder.clientHeight) / ((x1 - x0) / (y1 - y0));
        k = Math.max(0.7, Math.min(1.6, k));
        data.nodes.forEach(function (n) { n.x = Math.round(n.x * k); });
      }
    }
    var gapColour = marks.gap || "#a50021";
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var state = {keys: null, stances: null, influence: 0, gapsOnly: false};
    var view = new vis.DataView(nodes, {filter: function (n) {
      // PMO members show with the PMO entry, and with their group if they have one
      if (state.keys !== null && !((n.gk_pmo && state.keys.has(PMO)) ||
          state.keys.has(n.gk_group || (n.gk_pmo ? PMO : NONE)))) { return false; }
      if (state.stances !== null && !state.stances.has(n.gk_stance || "unknown")) { return false; }
      if (state.influence > 0 && !(n.gk_influence >= state.influence)) { return false; }
      if (state.gapsOnly && !n.gk_gap) { return false; }
      return true;
    }});
    var byRank = data.nodes.slice().sort(function (a, b) { return a.gk_rank - b.gk_rank; })
      .map(function (n) { return n.id; });
    var gapIds = data.nodes.filter(function (n) { return n.gk_gap; }).map(function (n) { return n.id; });
    var staleEdges = data.edges.filter(function (e) { return e.gk_stale; });
    // vis-network builds an object per tie (about 40 µs each): above BULK ties they are
    // drawn here in one canvas pass per frame instead (plain, then stale ones dashed).
    var bulk = data.edges.length > (window.GK_BULK_TIES !== undefined ? window.GK_BULK_TIES : BULK);
    var plain = bulk ? data.edges.filter(function (e) { return !e.gk_stale; }) : [];
    var bulkStale = bulk ? data.edges.filter(function (e) { return e.gk_stale; }) : [];
    var edgeView = bulk ? new vis.DataView(edges, {filter: function () { return false; }}) : edges;
    timings.datasets = performance.now();
    var network = new vis.Network(holder, {nodes: view, edges: edgeView}, data.options);
    timings.network = performance.now();
    var gk = window.gk = {network: network, nodes: nodes, edges: edges, view: view,
                          data: data, ready: false, firstDrawMs: null, timings: timings};
    var picked = null, lit = null, dimmed = [];
    var rankedVisible = byRank;  // the most central first, among those the filters leave
    var baseSize = {};
    data.nodes.forEach(function (n) { baseSize[n.id] = n.size; });
    var grown = [];
    var lastRinged = [], lastLabelled = [];
    var showRings = true, showStale = true;

    network.once("afterDrawing", function () {
      gk.firstDrawMs = performance.now();
      gk.ready = true;
      holder.setAttribute("data-ready", "1");
      holder.removeAttribute("aria-busy");
    });

    function tiePath(ctx, list, shown, only) {
      var body = network.body;
      ctx.beginPath();
      for (var i = 0; i < list.length; i++) {
        var e = list[i];
        if (!shown.has(e.from) || !shown.has(e.to)) { continue; }
        if (only && !only.has(e.from) && !only.has(e.to)) { continue; }
        var a = body.nodes[e.from], b = body.nodes[e.to];
        ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y);
      }
    }
    network.on("beforeDrawing", function (ctx) {
      if (!plain.length) { return; }
      var scale = network.getScale();
      ctx.save();
      ctx.strokeStyle = marks.tie || "#8c8c8c";
      ctx.lineWidth = Math.max(1, 0.3 / scale);  // a faint haze when zoomed out
      ctx.globalAlpha = picked !== null ? 0.25 : 1;
      var shown = new Set(network.body.nodeIndices);
      tiePath(ctx, plain, shown, null);
      ctx.stroke();
      if (showStale && bulkStale.length) {
        ctx.strokeStyle = gapColour;
        ctx.lineWidth = Math.max(2, 0.3 / scale);
        ctx.setLineDash([8, 6]);
        tiePath(ctx, bulkStale, shown, null);
        ctx.stroke();
      }
      ctx.restore();
    });

    // --- what vis-network does not draw at every zoom: rings, stale ties, top labels
    network.on("afterDrawing", function (ctx) {
      var scale = network.getScale(), body = network.body;
      var visible = body.nodeIndices;
      var shown = new Set(visible);
      var litSet = lit ? new Set([picked]) : null;
      lastRinged = [];
      if (bulk && litSet) {  // the picked person's ties, which vis does not hold
        ctx.save();
        ctx.strokeStyle = "#1d2330";
        ctx.lineWidth = 1.5 / scale;
        tiePath(ctx, plain, shown, litSet);
        tiePath(ctx, bulkStale, shown, litSet);
        ctx.stroke();
        ctx.restore();
      }
      // vis draws stale ties too thin to see when zoomed out: redraw them (all of them
      // when there are few, else the picked person's)
      if (showStale && 2 * scale < 1.5 && (staleEdges.length <= STALE_OVERLAY || litSet)) {
        ctx.save();
        ctx.strokeStyle = gapColour;
        ctx.lineWidth = 1.2 / scale;
        ctx.setLineDash([6 / scale, 4 / scale]);
        tiePath(ctx, staleEdges, shown, staleEdges.length <= STALE_OVERLAY ? null : litSet);
        ctx.stroke();
        ctx.restore();
      }
      if (showRings) {
        ctx.save();
        ctx.strokeStyle = gapColour;
        ctx.lineWidth = 2.5 / scale;
        gapIds.forEach(function (id) {
          if (!shown.has(id)) { return; }
          var n = body.nodes[id];
          var r = n.options.size * (n.options.shape === "star" ? 1.15 : 1) + 3.5 / scale;
          ctx.beginPath(); ctx.arc(n.x, n.y, r, 0, 2 * Math.PI); ctx.stroke();
          lastRinged.push(id);
        });
        ctx.restore();
      }
      lastLabelled = drawLabels(ctx, scale, shown);
    });

    function drawLabels(ctx, scale, shown) {
      var font = data.options.nodes.font.size || 14;
      var threshold = data.options.nodes.scaling.label.drawThreshold || 9;
      var drawn = [];
      if (font * scale >= threshold) {  // vis-network draws every label itself
        return view.getIds();
      }
      var px = 12 / scale, boxes = [], want = [];
      if (data.center) { want.push(data.center); }
      if (lit) { want = want.concat([picked], lit.filter(function (id) { return id !== picked; })); }
      want = want.concat(rankedVisible);
      var canvas = holder.querySelector("canvas");
      var view0 = network.DOMtoCanvas({x: 0, y: 0});
      var view1 = network.DOMtoCanvas({x: canvas.clientWidth, y: canvas.clientHeight});
      ctx.save();
      ctx.font = "600 " + px + "px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.lineJoin = "round";
      for (var i = 0; i < want.length && drawn.length < 18 && i < 400; i++) {
        var id = want[i];
        if (!shown.has(id) || drawn.indexOf(id) >= 0) { continue; }
        var n = network.body.nodes[id];
        if (n.x < view0.x || n.x > view1.x || n.y < view0.y || n.y > view1.y) { continue; }
        var label = String(n.options.label || id);
        var w = ctx.measureText(label).width, h = px * 1.25;
        var box = {x0: n.x - w / 2 - 2 / scale, x1: n.x + w / 2 + 2 / scale,
                   y0: n.y + n.options.size + 2 / scale, y1: 0};
        box.y1 = box.y0 + h;
        if (boxes.some(function (b) { return b.x0 < box.x1 && box.x0 < b.x1 &&
                                              b.y0 < box.y1 && box.y0 < b.y1; })) { continue; }
        boxes.push(box);
        ctx.lineWidth = 3.5 / scale;
        ctx.strokeStyle = "rgba(255,255,255,0.92)";
        ctx.strokeText(label, n.x, box.y0);
        ctx.fillStyle = "#1d2330";
        ctx.fillText(label, n.x, box.y0);
        drawn.push(id);
      }
      ctx.restore();
      return drawn;
    }

    gk.visibleIds = function () { return view.getIds(); };
    gk.dashed = function () {
      if (!showStale) { return []; }
      var shown = new Set(view.getIds());
      if (bulk) {
        return bulkStale.filter(function (e) { return shown.has(e.from) && shown.has(e.to); })
          .map(function (e) { return [e.from, e.to]; });
      }
      return Object.keys(network.body.edges).map(function (id) { return network.body.edges[id]; })
        .filter(function (e) { return e.options.dashes && !e.options.hidden && shown.has(e.fromId) && shown.has(e.toId); })
        .map(function (e) { return [e.fromId, e.toId]; });
    };
    gk.ringed = function () { return lastRinged.slice(); };
    gk.labelled = function () { return lastLabelled.slice(); };
    gk.highlighted = function () { return lit ? lit.slice() : []; };
    gk.fit = function (animate) {
      network.fit({animation: animate ? {duration: 300, easingFunction: "easeInOutQuad"} : false});
    };

    // --- filters
    function announce() {
      var count = $("gk-count"), n = view.length, total = data.nodes.length;
      if (count) { count.textContent = n === total ? total + " shown" : n + " of " + total + " shown"; }
      var label = holder.getAttribute("data-label");
      if (label) { holder.setAttribute("aria-label", label + " " + n + " of " + total + " people shown."); }
    }
    gk.filter = function (next) {
      next = next || {};
      ["keys", "stances"].forEach(function (k) {
        if (k in next) { state[k] = next[k] === null ? null : new Set(next[k]); }
      });
      if ("influence" in next) { state.influence = Number(next.influence) || 0; }
      if ("gapsOnly" in next) { state.gapsOnly = !!next.gapsOnly; }
      view.refresh();
      var shown = new Set(view.getIds());
      rankedVisible = byRank.filter(function (id) { return shown.has(id); });
      if (picked !== null && !shown.has(picked)) { unpick(); }
      gk.fit(false);  // re-fit: what is left fills the canvas
      grow(shown);
      announce();
    };
    gk.showGroups = function (ids) { gk.filter({keys: ids}); };  // older name
    // A filter that leaves a few people scattered over a large map would draw them a
    // pixel or two wide: enlarge them (all by one factor, up to 4x) until the typical one
    // is MIN_RADIUS pixels on screen; everyone is back to size when the filter goes.
    function grow(shown) {
      if (grown.length) {
        nodes.update(grown.map(function (id) { return {id: id, size: baseSize[id]}; }));
        grown = [];
      }
      if (shown.size === 0 || shown.size === data.nodes.length || shown.size > 1000) { return; }
      var sizes = Array.from(shown).map(function (id) { return baseSize[id]; }).sort(function (a, b) { return a - b; });
      var typical = sizes[Math.floor(sizes.length / 2)] * network.getScale();
      var k = Math.min(4, MIN_RADIUS / Math.max(typical, 1e-6));
      if (k <= 1.05) { return; }
      grown = Array.from(shown);
      nodes.update(grown.map(function (id) { return {id: id, size: baseSize[id] * k}; }));
      gk.fit(false);
    }

    // --- search, pick, highlight
    function norm(s) { return String(s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
    gk.suggest = function (text, limit) {
      text = norm(text).trim();
      if (!text) { return []; }
      var starts = [], inside = [];
      view.forEach(function (n) {
        var label = norm(n.label), id = norm(n.id);
        if (label.indexOf(text) === 0 || id === text ||
            label.split(/\s+/).some(function (w) { return w.indexOf(text) === 0; })) {
          starts.push(n);
        } else if (label.indexOf(text) >= 0 || id.indexOf(text) >= 0) { inside.push(n); }
      });
      var byName = function (a, b) { return a.gk_rank - b.gk_rank; };
      return starts.sort(byName).concat(inside.sort(byName)).slice(0, limit || 1000)
        .map(function (n) { return n.id; });
    };
    function unpick() {
      picked = null; lit = null;
      if (dimmed.length) {
        nodes.update(dimmed.map(function (id) { return {id: id, opacity: 1}; }));
        dimmed = [];
      }
      network.setOptions({edges: {color: {opacity: 1}}});
      network.unselectAll();
      var info = $("gk-info"); if (info) { info.hidden = true; }
    }
    gk.unpick = unpick;
    gk.pick = function (id, how) {
      if (id === null || id === undefined || view.get(id) === null) { unpick(); return null; }
      if (picked !== null) { unpick(); }
      picked = id;
      lit = [id].concat(network.getConnectedNodes(id));
      var keep = new Set(lit);
      dimmed = view.getIds().filter(function (other) { return !keep.has(other); });
      nodes.update(dimmed.map(function (other) { return {id: other, opacity: 0.18}; }));
      network.setOptions({edges: {color: {opacity: 0.25}}});
      network.selectNodes([id], true);
      if (how !== "click") {
        network.fit({nodes: lit, animation: false});
        if (network.getScale() > 1.5) { network.moveTo({scale: 1.5}); }
      }
      showInfo(id);
      return id;
    };
    function showInfo(id) {
      var info = $("gk-info"), n = nodes.get(id);
      if (!info || !n) { return; }
      info.hidden = false;
      info.textContent = "";
      var h = document.createElement("strong");
      h.textContent = String(n.title || n.label).split("\n")[0];
      info.appendChild(h);
      String(n.title || "").split("\n").slice(1).forEach(function (line) {
        var d = document.createElement("div"); d.textContent = line; info.appendChild(d);
      });
      var neighbours = document.createElement("div");
      neighbours.textContent = (lit.length - 1) + " direct ties";
      info.appendChild(neighbours);
      var link = holder.getAttribute("data-link");
      if (link) {
        var a = document.createElement("a");
        a.href = link.replace("{id}", encodeURIComponent(id));
        a.textContent = "Open " + n.label + "’s page";
        a.id = "gk-open";
        info.appendChild(a);
      }
      var close = document.createElement("button");
      close.type = "button"; close.className = "light"; close.textContent = "Clear";
      close.addEventListener("click", unpick);
      info.appendChild(close);
    }
    // older name kept for scripts: select the best match, return its id (null: none)
    gk.search = function (text) { var hit = gk.suggest(text, 1); return hit.length ? gk.pick(hit[0]) : null; };

    var box = $("gk-search"), list = $("gk-suggest"), found = $("gk-found");
    if (box && list) {
      var active = -1, options = [];
      var close = function () { list.hidden = true; box.setAttribute("aria-expanded", "false");
                                box.removeAttribute("aria-activedescendant"); active = -1; };
      var choose = function (id) {
        var n = nodes.get(id);
        box.value = n ? n.label : box.value;
        close();
        gk.pick(id);
        if (found) { found.textContent = n ? n.label + " and " + (lit.length - 1) + " direct ties highlighted" : ""; }
      };
      var mark = function (i) {
        active = i;
        Array.prototype.forEach.call(list.children, function (li, j) {
          li.setAttribute("aria-selected", j === i ? "true" : "false");
        });
        if (i >= 0 && list.children[i]) {
          box.setAttribute("aria-activedescendant", list.children[i].id);
          list.children[i].scrollIntoView({block: "nearest"});
        }
      };
      var update = function () {
        var text = box.value;
        var all = gk.suggest(text);
        options = all.slice(0, 12);
        list.textContent = "";
        if (!text.trim()) { close(); if (found) { found.textContent = ""; } return; }
        options.forEach(function (id, i) {
          var n = nodes.get(id), li = document.createElement("li");
          li.id = "gk-opt-" + i; li.setAttribute("role", "option");
          li.setAttribute("data-id", id);
          var name = document.createElement("span"); name.textContent = n.label;
          var more = document.createElement("span"); more.className = "muted";
          more.textContent = " " + String(n.title || "").split("\n").slice(1, 3).join(" · ");
          li.appendChild(name); li.appendChild(more);
          li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(id); });
          list.appendChild(li);
        });
        list.hidden = options.length === 0;
        box.setAttribute("aria-expanded", options.length ? "true" : "false");
        mark(-1);
        if (found) {
          found.textContent = all.length === 0 ? "no match" :
            all.length === 1 ? "" : all.length + " match — pick one";
        }
        if (all.length === 1) { gk.pick(all[0]); if (found) { found.textContent = nodes.get(all[0]).label + " highlighted"; } }
        else if (picked !== null) { unpick(); }
      };
      box.addEventListener("input", update);
      box.addEventListener("keydown", function (e) {
        if (e.key === "ArrowDown" && options.length) { e.preventDefault(); list.hidden = false; mark(Math.min(active + 1, options.length - 1)); }
        else if (e.key === "ArrowUp" && options.length) { e.preventDefault(); mark(Math.max(active - 1, 0)); }
        else if (e.key === "Enter") { e.preventDefault(); if (options.length) { choose(options[active >= 0 ? active : 0]); } }
        else if (e.key === "Escape") { close(); box.value = ""; unpick(); if (found) { found.textContent = ""; } }
      });
      box.addEventListener("blur", function () { setTimeout(close, 150); });
      if (box.form) { box.form.addEventListener("submit", function (e) { e.preventDefault(); }); }
    }

    // --- clicks: select and tell who it is; open their page on double-click (or the
    // element's data-open="click" for maps whose nodes are links, the group map)
    var link = holder.getAttribute("data-link") || "";
    var openOn = holder.getAttribute("data-open") || "doubleClick";
    network.on("click", function (p) {
      if (openOn === "click") { return; }
      if (p.nodes && p.nodes.length) { gk.pick(p.nodes[0], "click"); } else { unpick(); }
    });
    if (link) {
      network.on(openOn, function (p) {
        if (p.nodes && p.nodes.length) {
          window.location.href = link.replace("{id}", encodeURIComponent(p.nodes[0]));
        }
      });
    }

    // --- colour by group or community
    var baseColour = {};
    data.nodes.forEach(function (n) { baseColour[n.id] = n.color; });
    var communityColour = {};
    ((data.legend && data.legend.communities) || []).forEach(function (c) { communityColour[c.id] = c.colour; });
    gk.colourBy = function (what) {
      nodes.update(data.nodes.map(function (n) {
        if (what !== "community" || n.gk_pmo) { return {id: n.id, color: baseColour[n.id]}; }
        var fill = communityColour[n.gk_community] || marks.other_community || "#dcdcdc";
        return {id: n.id, color: {background: fill, border: n.color.border,
                                  highlight: {background: fill, border: "#1d2330"},
                                  hover: {background: fill, border: "#1d2330"}}};
      }));
      var groups = $("gk-key-groups"), comms = $("gk-key-communities");
      if (groups && comms) { groups.hidden = what === "community"; comms.hidden = what !== "community"; }
    };
    var colour = $("gk-colour");
    if (colour) { colour.addEventListener("change", function () { gk.colourBy(colour.value); }); }
    var comms = $("gk-key-communities");
    if (comms && data.legend && data.legend.communities) {
      var shownComms = data.legend.communities.filter(function (c) { return c.colour !== marks.other_community; });
      var rest = data.legend.communities.length - shownComms.length;
      shownComms.forEach(function (c) {
        var d = document.createElement("div");
        d.innerHTML = '<span class="swatch"></span>';
        d.firstChild.style.background = c.colour;
        d.appendChild(document.createTextNode(" community " + (c.id + 1) + " "));
        var m = document.createElement("span"); m.className = "muted"; m.textContent = "(" + c.members + ")";
        d.appendChild(m); comms.appendChild(d);
      });
      if (rest > 0) {
        var d = document.createElement("div");
        d.innerHTML = '<span class="swatch"></span>';
        d.firstChild.style.background = marks.other_community;
        d.appendChild(document.createTextNode(" " + rest + " smaller communities"));
        comms.appendChild(d);
      }
    }

    // --- size key: three circles with the values they stand for
    var sizeKey = $("gk-size-key");
    if (sizeKey && data.legend && data.legend.size) {
      var ex = data.legend.size.examples, biggest = ex.length ? ex[ex.length - 1].size : 1;
      sizeKey.textContent = "";
      ex.forEach(function (e, i) {
        var r = Math.max(3, 16 * e.size / biggest);
        var row = document.createElement("div"); row.className = "size-row";
        row.innerHTML = '<svg width="36" aria-hidden="true"><circle cx="18" fill="#bdbdbd" stroke="#4d4d4d"/></svg>';
        var svg = row.firstChild, c = svg.firstChild;
        svg.setAttribute("height", String(2 * r + 2));
        c.setAttribute("cy", String(r + 1)); c.setAttribute("r", String(r));
        var v = e.value, text = Math.abs(v) >= 100 || v === 0 ? String(Math.round(v)) : v.toPrecision(2);
        row.appendChild(document.createTextNode([" lowest ", " middle ", " highest "][i] + text));
        sizeKey.appendChild(row);
      });
    }
    var sizeNote = $("gk-size-note");
    if (sizeNote && data.sized_by_report === false) {
      sizeNote.hidden = false;
    }

    // --- the page's controls
    var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-key]"));
    function fromBoxes() {
      var keys = [], all = true;
      boxes.forEach(function (b) { if (b.checked) { keys.push(b.getAttribute("data-key")); } else { all = false; } });
      var stanceBoxes = Array.prototype.slice.call(document.querySelectorAll("input[data-stance]"));
      var stances = [], allStances = true;
      stanceBoxes.forEach(function (b) { if (b.checked) { stances.push(b.getAttribute("data-stance")); } else { allStances = false; } });
      var infl = $("gk-influence"), gapsOnly = $("gk-gaps-only");
      gk.filter({keys: all ? null : keys, stances: allStances ? null : stances,
                 influence: infl ? infl.value : 0, gapsOnly: gapsOnly ? gapsOnly.checked : false});
    }
    Array.prototype.forEach.call(document.querySelectorAll("input[data-key], input[data-stance], #gk-influence, #gk-gaps-only"),
      function (el) { el.addEventListener("change", fromBoxes); });
    var only = $("gk-only");
    if (only) {
      only.addEventListener("change", function () {
        boxes.forEach(function (b) { b.checked = !only.value || b.getAttribute("data-key") === only.value; });
        fromBoxes();
      });
    }
    var reset = $("gk-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        document.querySelectorAll("input[data-key], input[data-stance]").forEach(function (b) { b.checked = true; });
        var infl = $("gk-influence"), g = $("gk-gaps-only");
        if (infl) { infl.value = "0"; } if (g) { g.checked = false; } if (only) { only.value = ""; }
        fromBoxes();
      });
    }
    var rings = $("gk-show-rings"), dashes = $("gk-show-stale");
    if (rings) { rings.addEventListener("change", function () { showRings = rings.checked; network.redraw(); }); }
    if (dashes) {
      dashes.addEventListener("change", function () {
        showStale = dashes.checked;
        if (bulk) { network.redraw(); return; }
        edges.update(staleEdges.map(function (e) { return {id: e.id, hidden: !showStale}; }));
      });
    }
    var fit = $("gk-fit"); if (fit) { fit.addEventListener("click", function () { gk.fit(true); }); }
    var zoom = function (f) { network.moveTo({scale: network.getScale() * f, animation: {duration: 200}}); };
    var zin = $("gk-zoom-in"), zout = $("gk-zoom-out");
    if (zin) { zin.addEventListener("click", function () { zoom(1.5); }); }
    if (zout) { zout.addEventListener("click", function () { zoom(1 / 1.5); }); }
    gk.exportPng = function () {
      var canvas = holder.querySelector("canvas");
      var out = document.createElement("canvas");
      out.width = canvas.width; out.height = canvas.height;
      var c = out.getContext("2d");
      c.fillStyle = "#ffffff"; c.fillRect(0, 0, out.width, out.height);
      c.drawImage(canvas, 0, 0);
      var a = document.createElement("a");
      a.download = (holder.getAttribute("data-name") || "network-map") + ".png";
      a.href = out.toDataURL("image/png");
      document.body.appendChild(a); a.click(); document.body.removeChild(a);
    };
    var exp = $("gk-export"); if (exp) { exp.addEventListener("click", gk.exportPng); }
    var size = $("gk-size");
    if (size) { size.addEventListener("change", function () {
      var url = new URL(window.location.href); url.searchParams.set("size", size.value);
      window.location.href = url.pathname + url.search; }); }

    if (boxes.some(function (b) { return !b.checked; })) { fromBoxes(); } else { announce(); }
  }
})();
