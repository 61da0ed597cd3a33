// Front-end glue: searchable selects (Tom Select) and offline maps (Leaflet over the
// Natural Earth country outlines of world-atlas). Every library is served from this machine.
(function () {
  "use strict";
  var script = document.currentScript;
  var worldUrl = script && script.dataset.worldUrl;
  var worldPromise = null;

  function world() {
    if (!worldPromise) {
      worldPromise = fetch(worldUrl).then(function (r) { return r.json(); }).then(function (topo) {
        var countries = topojson.feature(topo, topo.objects.countries);
        // Antarctica (M49 010) wraps the whole antimeridian and draws seams across the map.
        countries.features = countries.features.filter(function (f) { return f.id !== "010"; });
        // Borders are drawn as the mesh of shared arcs only, so no seam along the antimeridian.
        var borders = topojson.mesh(topo, topo.objects.countries, function (a, b) { return a !== b; });
        return { countries: countries, borders: borders };
      });
    }
    return worldPromise;
  }

  // Above this many points a map gathers nearby points into clusters (Leaflet.markercluster)
  // that open as one zooms in: the 8,707 members of a network are not one blob.
  var CLUSTER_ABOVE = 60;
  var LINE_STYLE = { color: "#1f5fa8", weight: 1, opacity: 0.5, interactive: false };

  function pointMarker(p) {
    var home = p.role === "self" || p.role === "home";
    var marker = L.circleMarker([p.lat, p.lon], {
      radius: p.role === "self" ? 7 : 5, color: home ? "#b3261e" : "#1f5fa8", weight: 1,
      fillOpacity: 0.8
    });
    // Names come from imports and user-supplied files: shown as text, never as markup.
    marker.bindTooltip(textElement("span", p.name));
    if (p.url) { marker.on("click", function () { window.location = p.url; }); }
    return marker;
  }

  function drawMap(element) {
    var data = JSON.parse(document.getElementById(element.dataset.map).textContent);
    // No tile layer sets the zoom range, and the clusters need one.
    var map = L.map(element, {
      preferCanvas: true, worldCopyJump: true, attributionControl: true, minZoom: 1, maxZoom: 12
    });
    map.attributionControl.addAttribution("Natural Earth");
    element.leafletMap = map;  // the page's map, for scripts that act on it (and the tests)
    var points = data.points || [];
    var self = points.filter(function (p) { return p.role === "self"; })[0];
    var clustered = points.length > CLUSTER_ABOVE && L.markerClusterGroup;
    var layer = clustered ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 }) : map;
    element.markerLayer = clustered ? layer : null;  // the clusters, for the tests
    // The view first: vector layers and clusters need it before they are drawn.
    var bounds = points.map(function (p) { return [p.lat, p.lon]; });
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 6 }); }
    else if (bounds.length === 1) { map.setView(bounds[0], 4); }
    else { map.setView([20, 0], 1); }
    var lines = L.layerGroup().addTo(map);
    points.forEach(function (p) {
      var marker = pointMarker(p);
      // The city of a city's map stays a marker of its own, outside the clusters.
      marker.addTo(p.role === "self" ? map : layer);
      if (data.lines && self && p !== self) {
        L.polyline([[self.lat, self.lon], [p.lat, p.lon]], LINE_STYLE).addTo(lines);
      }
    });
    // A country's map: a line per tie, as a pair of indexes into the points.
    (data.links || []).forEach(function (link) {
      var a = points[link[0]], b = points[link[1]];
      if (a && b) { L.polyline([[a.lat, a.lon], [b.lat, b.lon]], LINE_STYLE).addTo(lines); }
    });
    element.dataset.lines = String(lines.getLayers().length);
    if (clustered) { layer.addTo(map); }
    world().then(function (world) {
      var land = L.geoJSON(world.countries, {
        style: { stroke: false, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false
      });
      var borders = L.geoJSON(world.borders, {
        style: { color: "#b4bec8", weight: 0.6, fill: false }, interactive: false
      });
      borders.addTo(map).bringToBack();
      land.addTo(map).bringToBack();
    });
    element.dataset.ready = "true";
  }

  // A picker shows exactly what the server found, in the server's order: the server's
  // search is accent-, transliteration- and alternate-name blind and ranks big cities before
  // small namesakes, which Tom Select's own filter (by label) would undo. So options are
  // scored by their rank in the latest answer to this very query, and nothing else shows.
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function optionDetail(data) {
    var parts = [];
    if (data.division) { parts.push(data.division); }
    if (data.country) { parts.push(data.country); }
    if (typeof data.population === "number" && data.population > 0) {
      parts.push("pop. " + data.population.toLocaleString("en"));
    }
    if (data.detail) { parts.push(data.detail); }
    return parts.join(" · ");
  }

  function renderOption(data) {
    var node = el("div", "picker-option");
    node.appendChild(el("span", "picker-label", data.name || data.label));
    var detail = optionDetail(data);
    if (detail) { node.appendChild(el("small", "picker-detail", detail)); }
    if (data.reason && data.reason !== "name") {
      node.appendChild(el("small", "picker-reason", data.reason));
    }
    node.dataset.testid = "picker-option";
    return node;
  }

  function textElement(tag, text) {
    var element = document.createElement(tag);
    element.textContent = text == null ? "" : String(text);
    return element;
  }

  function searchableSelect(select) {
    if (select.tomselect) { return; }
    var ranks = {};  // query -> {value: position in the server's answer}
    new TomSelect(select, {
      valueField: "value", labelField: "label", searchField: [],
      maxOptions: 20, loadThrottle: 200, allowEmptyOption: true,
      sortField: [{ field: "$score", direction: "desc" }],
      score: function (query) {
        var rank = ranks[query] || {};
        return function (item) {
          var position = rank[String(item.value)];
          return position === undefined ? 0 : 1000 - position;
        };
      },
      load: function (query, callback) {
        var self = this;
        fetch(select.dataset.optionsUrl + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" }
        })
          .then(function (r) { return r.json(); })
          .then(function (json) {
            var rank = {};
            json.results.forEach(function (row, i) { rank[String(row.value)] = i; });
            ranks[query] = rank;
            // Drop the options of earlier queries (the chosen ones stay) so they cannot mix in.
            self.clearOptions();
            callback(json.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        option: function (data) { return renderOption(data); },
        item: function (data) { return el("div", "", data.label); },
        no_results: function () { return el("div", "no-results", "No match. Try another spelling or the search page."); }
      }
    });
  }

  // Column choice of a list table (`data-column-chooser="name"`, one `data-column` per
  // header): a "Columns" menu of checkboxes above it; the choice is remembered per list in
  // this browser (localStorage), so the next visit shows the same columns.
  function storedColumns(key) {
    try { return JSON.parse(window.localStorage.getItem("columns:" + key) || "null"); }
    catch (e) { return null; }
  }

  function applyColumns(table, hidden) {
    var headers = table.querySelectorAll("thead th[data-column]");
    var width = table.querySelectorAll("thead th").length;
    headers.forEach(function (th) {
      var hide = hidden.indexOf(th.dataset.column) >= 0;
      th.hidden = hide;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        // A "None." row spanning the table has one cell: hiding it would hide the message.
        if (row.children.length !== width) { return; }
        row.children[th.cellIndex].hidden = hide;
      });
    });
  }

  function cancelLinks(root) {
    root.querySelectorAll("a[data-back]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
      });
    });
  }

  function columnChooser(table) {
    if (table.dataset.chooserReady) { return; }
    table.dataset.chooserReady = "true";
    var key = table.dataset.columnChooser;
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th[data-column]"));
    var hidden = storedColumns(key);
    if (!Array.isArray(hidden)) {
      hidden = headers.filter(function (th) { return th.hasAttribute("data-hidden-by-default"); })
        .map(function (th) { return th.dataset.column; });
    }
    var menu = el("details", "column-chooser");
    menu.dataset.testid = "column-chooser";
    menu.appendChild(el("summary", "", "Columns"));
    var list = el("fieldset", "");
    headers.forEach(function (th) {
      var label = el("label", "");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = "column";
      box.value = th.dataset.column;
      box.checked = hidden.indexOf(th.dataset.column) < 0;
      box.addEventListener("change", function () {
        hidden = headers.map(function (h) { return h.dataset.column; }).filter(function (name) {
          var input = list.querySelector("input[value='" + name + "']");
          return input && !input.checked;
        });
        try { window.localStorage.setItem("columns:" + key, JSON.stringify(hidden)); } catch (e) { /* private mode */ }
        applyColumns(table, hidden);
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + th.textContent.replace(/[▲▼]/g, "").trim()));
      list.appendChild(label);
    });
    menu.appendChild(list);
    table.parentNode.insertBefore(menu, table);
    applyColumns(table, hidden);
  }

  // The main navigation folds behind a "Menu" button on small screens. The CSS folds it
  // only once this script has marked the header, so without scripts it stays open.
  function collapsibleNavigation() {
    var header = document.querySelector(".site-header");
    var toggle = header && header.querySelector(".nav-toggle");
    if (!toggle) { return; }
    header.classList.add("nav-collapsible");
    toggle.addEventListener("click", function () {
      var open = header.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // A table sorted and filtered in place (list.js): a container marked `data-in-place="a b c"`
  // names its columns; each cell carries its column as class and the text to sort and filter
  // on as data-value (not its markup: links would sort by address), each sorting header is a
  // button with data-sort. The filter box, hidden without scripts, narrows the rows and a line
  // says how many show.
  function inPlaceTable(container) {
    if (container.dataset.ready || !window.List) { return; }
    container.dataset.ready = "true";
    var columns = container.dataset.inPlace.split(" ").map(function (name) {
      return { name: name, attr: "data-value" };
    });
    var rows = new window.List(container, { valueNames: columns });
    var filter = container.querySelector(".in-place-filter");
    if (filter) {
      filter.hidden = false;
      // Our own listener, not list.js's (it hears key presses only, and the box has not its
      // class): typing, a paste and the clear button each filter once.
      var box = filter.querySelector("input");
      box.addEventListener("input", function () { rows.search(box.value); });
    }
    var count = container.querySelector("[data-in-place-count]");
    function shown() {
      if (count) { count.textContent = rows.matchingItems.length + " of " + rows.items.length + " shown"; }
    }
    rows.on("updated", shown);
    shown();
  }

  function init(root) {
    cancelLinks(root);
    root.querySelectorAll("[data-map]").forEach(function (el) { if (!el.dataset.ready) { drawMap(el); } });
    root.querySelectorAll("select[data-options-url]").forEach(searchableSelect);
    root.querySelectorAll("table[data-column-chooser]").forEach(columnChooser);
    root.querySelectorAll("[data-in-place]").forEach(inPlaceTable);
  }

  document.addEventListener("DOMContentLoaded", function () { collapsibleNavigation(); init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
