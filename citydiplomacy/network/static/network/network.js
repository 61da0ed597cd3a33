// Network pictures: graph views (cytoscape.js), maps coloured by a metric (Leaflet) and
// distribution charts (SVG). Each reads the JSON its page embeds; every picture also has
// its table on the page and its JSON twin (?format=json). No inline script (strict CSP).
(function () {
  "use strict";
  var PALETTE = ["#1f5fa8", "#d1495b", "#2e933c", "#edae49", "#7b4fa0", "#00798c",
                 "#c26a1b", "#5c6f7b", "#a4243b", "#3c8d93"];
  var LAYER_COLOURS = { "twinning": "#1f5fa8", "co-membership": "#2e933c",
                        "membership": "#7b4fa0", "engagements": "#d1495b" };

  function readJson(id) { return JSON.parse(document.getElementById(id).textContent); }

  function elements(graph) {
    var ranks = graph.nodes.map(function (n) { return n.pagerank || 0; });
    var top = Math.max.apply(null, ranks.concat([1e-12]));
    var nodes = graph.nodes.map(function (n) {
      var size = 12 + 38 * Math.sqrt((n.pagerank || 0) / top);
      var colour = n.community === null || n.community === undefined ? "#999"
        : PALETTE[n.community % PALETTE.length];
      if (n.id === graph.center) { colour = "#111"; }
      return { data: { id: n.id, label: n.label, size: size, colour: colour,
                       shape: n.kind === "organisation" ? "round-rectangle" : "ellipse" } };
    });
    var edges = graph.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, layer: e.layer,
                       colour: LAYER_COLOURS[e.layer] || "#888",
                       style: e.one_sided ? "dashed" : "solid" } };
    });
    return nodes.concat(edges);
  }

  function draw(container, graph) {
    container.dataset.nodes = String(graph.nodes.length);
    container.dataset.edges = String(graph.edges.length);
    container.dataset.layers = (graph.layers || []).join(",");
    if (typeof cytoscape === "undefined") { return; }
    if (container._cy) { container._cy.destroy(); }
    container._cy = cytoscape({
      container: container,
      elements: elements(graph),
      layout: { name: graph.nodes.length > 60 ? "concentric" : "cose", animate: false,
                concentric: function (n) { return n.id() === graph.center ? 10 : 1; } },
      style: [
        { selector: "node", style: { "width": "data(size)", "height": "data(size)",
          "background-color": "data(colour)", "shape": "data(shape)", "label": "data(label)",
          "font-size": 9, "color": "#222", "text-valign": "bottom" } },
        { selector: "edge", style: { "line-color": "data(colour)", "line-style": "data(style)",
          "width": 1.2, "opacity": 0.7, "curve-style": "haystack" } }
      ]
    });
    container._cy.on("tap", "node", function (event) {
      var id = event.target.id();
      if (/^\d+$/.test(id)) { window.location.href = "/network/city/" + id + "/"; }
    });
  }

  function setupToggles(container) {
    var boxes = document.querySelectorAll("[data-layer-toggle]");
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        var layers = Array.prototype.filter.call(boxes, function (b) { return b.checked; })
          .map(function (b) { return b.value; });
        var query = new URLSearchParams(window.location.search);
        query.set("layers", layers.join(","));
        window.history.replaceState(null, "", "?" + query.toString());
        query.set("format", "json");
        container.dataset.loading = "true";
        fetch(window.location.pathname + "?" + query.toString(), { headers: { "Accept": "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (data) { draw(container, data.graph); container.dataset.loading = "false"; });
      });
    });
  }

  function colourFor(value, lowest, highest) {
    var t = highest > lowest ? (value - lowest) / (highest - lowest) : 1;
    var hue = 220 - 220 * Math.sqrt(t);
    return "hsl(" + hue.toFixed(0) + ", 75%, 45%)";
  }

  function metricMap(element) {
    if (typeof L === "undefined") { return; }
    var data = readJson(element.dataset.metricMap);
    var map = L.map(element, { preferCanvas: true, worldCopyJump: true });
    var values = data.points.map(function (p) { return p.value || 0; });
    var lowest = Math.min.apply(null, values.concat([0]));
    var highest = Math.max.apply(null, values.concat([0]));
    data.points.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], { radius: 4, weight: 0, fillOpacity: 0.85,
        fillColor: colourFor(p.value || 0, lowest, highest) })
        .bindTooltip(p.name + ": " + p.value).addTo(map);
    });
    map.setView([25, 10], 1);
  }

  function chart(svg) {
    var rows = readJson(svg.dataset.chart);
    var x = svg.dataset.x, y = svg.dataset.y;
    var width = 600, height = 180, pad = 24;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    if (!rows.length) { return; }
    var top = Math.log10(Math.max.apply(null, rows.map(function (r) { return r[y]; })) + 1);
    var step = (width - 2 * pad) / rows.length;
    var ns = "http://www.w3.org/2000/svg";
    rows.forEach(function (r, i) {
      var h = top > 0 ? (height - 2 * pad) * Math.log10(r[y] + 1) / top : 0;
      var bar = document.createElementNS(ns, "rect");
      bar.setAttribute("x", String(pad + i * step));
      bar.setAttribute("y", String(height - pad - h));
      bar.setAttribute("width", String(Math.max(1, step - 1)));
      bar.setAttribute("height", String(h));
      bar.setAttribute("fill", "#1f5fa8");
      var title = document.createElementNS(ns, "title");
      title.textContent = x + " " + r[x] + ": " + r[y];
      bar.appendChild(title);
      svg.appendChild(bar);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-graph]").forEach(function (container) {
      draw(container, readJson(container.dataset.graph));
      setupToggles(container);
    });
    document.querySelectorAll("[data-metric-map]").forEach(metricMap);
    document.querySelectorAll("svg[data-chart]").forEach(chart);
  });
})();
