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

  function drawMap(element) {
    var data = JSON.parse(document.getElementById(element.dataset.map).textContent);
    var map = L.map(element, { preferCanvas: true, worldCopyJump: true, attributionControl: true });
    map.attributionControl.addAttribution("Natural Earth");
    var points = data.points || [];
    var self = points.filter(function (p) { return p.role === "self"; })[0];
    var bounds = [];
    points.forEach(function (p) {
      var isSelf = p.role === "self";
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: isSelf ? 7 : 5, color: isSelf ? "#b3261e" : "#1f5fa8", weight: 1,
        fillOpacity: 0.8
      }).addTo(map);
      // Names come from imports and user-supplied files: shown as text, never as markup.
      marker.bindTooltip(textElement("span", p.name));
      if (p.url) { marker.on("click", function () { window.location = p.url; }); }
      if (data.lines && self && !isSelf) {
        L.polyline([[self.lat, self.lon], [p.lat, p.lon]], { color: "#1f5fa8", weight: 1, opacity: 0.5 }).addTo(map);
      }
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 6 }); }
    else if (bounds.length === 1) { map.setView(bounds[0], 4); }
    else { map.setView([20, 0], 1); }
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

  function textElement(tag, text) {
    var element = document.createElement(tag);
    element.textContent = text == null ? "" : String(text);
    return element;
  }

  function searchableSelect(select) {
    if (select.tomselect) { return; }
    new TomSelect(select, {
      valueField: "value", labelField: "label", searchField: "label",
      maxOptions: 20, loadThrottle: 200, allowEmptyOption: true,
      // Options are built as DOM text, so a record's name can never be read as markup.
      render: {
        option: function (data) { return textElement("div", data.label); },
        item: function (data) { return textElement("div", data.label); },
        no_results: function () { return textElement("div", "No matches"); }
      },
      load: function (query, callback) {
        fetch(select.dataset.optionsUrl + "?q=" + encodeURIComponent(query))
          .then(function (r) { return r.json(); })
          .then(function (json) { callback(json.results); })
          .catch(function () { callback(); });
      }
    });
  }

  function cancelLinks(root) {
    root.querySelectorAll("a[data-back]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
      });
    });
  }

  function init(root) {
    cancelLinks(root);
    root.querySelectorAll("[data-map]").forEach(function (el) { if (!el.dataset.ready) { drawMap(el); } });
    root.querySelectorAll("select[data-options-url]").forEach(searchableSelect);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
