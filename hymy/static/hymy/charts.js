/* Hymy's charts, drawn with the vendored Chart.js (static/vendor/chartjs/).

   Each <canvas data-chart="trend|matrix" data-source="ID"> is drawn from the JSON the server put in the
   element ID (json_script, made by hymy/insights/charts.py). The server gives every word and every date
   already in the page's language; numbers are formatted here for the page's language
   (<html lang>), so a Finnish page shows 12,5 and an English one 12.5. Without JavaScript the table of the
   same points beside each chart is all there is, and it says everything the chart does. */
(function () {
  "use strict";
  if (!window.Chart) {
    return;
  }
  var language = document.documentElement.lang || "en";
  var style = getComputedStyle(document.documentElement);
  var oneDecimal = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  var wholeNumber = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });

  function colour(name, fallback) {
    return style.getPropertyValue(name).trim() || fallback;
  }

  var BRAND = colour("--brand", "#1f6f5c");
  var MUTED = colour("--muted", "#66767c");
  var TIERS = {
    core: colour("--core", "#1f6f5c"),
    extended: colour("--extended", "#3a6ea5"),
    exceeding: colour("--exceeding", "#a5673a"),
  };

  function number(value, suffix) {
    return oneDecimal.format(value) + (suffix || "");
  }

  function axisTitle(text) {
    return { display: Boolean(text), text: text, color: MUTED };
  }

  // The metric's line with its 95 % range as a band between two invisible lines (high filled down to low).
  // A point with too few answers for a range has no band, and is drawn hollow.
  function trend(canvas, data) {
    var points = data.points;
    var text = data.text;
    var ranged = function (point, value) {
      return point.low === null ? null : value;
    };
    return new window.Chart(canvas, {
      type: "line",
      data: {
        labels: points.map(function (point) { return point.label; }),
        datasets: [
          {
            label: text.interval,
            data: points.map(function (point) { return ranged(point, point.high); }),
            fill: "+1",
            backgroundColor: "rgba(31, 111, 92, 0.15)",
            borderWidth: 0,
            pointRadius: 0,
            pointHitRadius: 0,
          },
          {
            label: text.interval,
            data: points.map(function (point) { return ranged(point, point.low); }),
            fill: false,
            borderWidth: 0,
            pointRadius: 0,
            pointHitRadius: 0,
          },
          {
            label: text.value,
            data: points.map(function (point) { return point.value; }),
            borderColor: BRAND,
            borderWidth: 2,
            pointBorderColor: BRAND,
            pointBackgroundColor: points.map(function (point) { return point.too_few ? "#fff" : BRAND; }),
            pointRadius: 4,
            pointHoverRadius: 6,
            fill: false,
          },
        ],
      },
      options: {
        locale: language,
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { display: false },
          tooltip: {
            displayColors: false,
            filter: function (item) { return item.datasetIndex === 2; },
            callbacks: {
              title: function (items) { return items.length ? points[items[0].dataIndex].label : ""; },
              label: function (item) {
                return text.value + ": " + number(points[item.dataIndex].value, data.suffix);
              },
              afterLabel: function (item) {
                var point = points[item.dataIndex];
                var lines = [];
                if (point.low !== null) {
                  lines.push(text.interval + ": " + number(point.low) + " … " + number(point.high, data.suffix));
                }
                lines.push(text.n + ": " + wholeNumber.format(point.n));
                if (point.too_few) {
                  lines.push(text.too_few);
                }
                return lines;
              },
            },
          },
        },
        scales: {
          x: { title: axisTitle(text.x), ticks: { maxRotation: 0, autoSkip: true, color: MUTED } },
          y: {
            min: data.min,
            max: data.max,
            title: axisTitle(text.y),
            ticks: {
              color: MUTED,
              callback: function (value) { return wholeNumber.format(value) + data.suffix; },
            },
          },
        },
      },
    });
  }

  // The four quadrants behind the dots, each with its name in its outer corner; "fix first" (important,
  // weak) is bottom right and red.
  var quadrants = {
    id: "hymyQuadrants",
    beforeDatasetsDraw: function (chart) {
      var data = chart.config.options.plugins.hymyQuadrants;
      var x = chart.scales.x;
      var y = chart.scales.y;
      var area = chart.chartArea;
      var midX = x.getPixelForValue(50);
      var midY = y.getPixelForValue(data.strong);
      var context = chart.ctx;
      var boxes = [
        ["extra", area.left, area.top, midX, midY, "#eef3fa", "left", "top"],
        ["keep", midX, area.top, area.right, midY, "#e7f3ef", "right", "top"],
        ["later", area.left, midY, midX, area.bottom, "#f4f6f7", "left", "bottom"],
        ["fix", midX, midY, area.right, area.bottom, "#fdecea", "right", "bottom"],
      ];
      context.save();
      context.font = "600 12px system-ui, sans-serif";
      boxes.forEach(function (box) {
        context.fillStyle = box[5];
        context.fillRect(box[1], box[2], box[3] - box[1], box[4] - box[2]);
        context.fillStyle = box[0] === "fix" ? colour("--warn", "#b3261e") : MUTED;
        context.textAlign = box[6];
        context.textBaseline = box[7];
        var textX = box[6] === "left" ? box[1] + 6 : box[3] - 6;
        var textY = box[7] === "top" ? box[2] + 6 : box[4] - 6;
        context.fillText(data.text[box[0]], textX, textY);
      });
      context.restore();
    },
    // Each dot's touchpoint name beside it: the matrix is read by names, not by colours.
    afterDatasetsDraw: function (chart) {
      var data = chart.config.options.plugins.hymyQuadrants;
      var context = chart.ctx;
      context.save();
      context.font = "11px system-ui, sans-serif";
      context.fillStyle = colour("--ink", "#1d2a2f");
      context.textBaseline = "middle";
      chart.getDatasetMeta(0).data.forEach(function (element, index) {
        var name = data.points[index].label;
        name = name.length > 22 ? name.slice(0, 21) + "…" : name;
        var right = element.x > chart.chartArea.right - 120;
        context.textAlign = right ? "right" : "left";
        context.fillText(name, element.x + (right ? -9 : 9), element.y);
      });
      context.restore();
    },
  };

  function matrix(canvas, data) {
    var points = data.points;
    var text = data.text;
    return new window.Chart(canvas, {
      type: "scatter",
      data: {
        datasets: [
          {
            label: text.y,
            data: points.map(function (point) { return { x: point.x, y: point.y }; }),
            pointBackgroundColor: points.map(function (point) { return TIERS[point.tier] || BRAND; }),
            pointBorderColor: "#fff",
            pointBorderWidth: 1.5,
            pointRadius: 6,
            pointHoverRadius: 8,
            clip: false, // a dot at 0 or 100 is drawn whole, over the axis
          },
        ],
      },
      plugins: [quadrants],
      options: {
        locale: language,
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          hymyQuadrants: data,
          tooltip: {
            displayColors: false,
            callbacks: {
              label: function (item) {
                var point = points[item.dataIndex];
                return point.label + ": " + number(point.y, data.suffix);
              },
              afterLabel: function (item) {
                var point = points[item.dataIndex];
                return [text.x + ": " + wholeNumber.format(point.x), text.n + ": " + wholeNumber.format(point.n)];
              },
            },
          },
        },
        scales: {
          x: {
            min: 0,
            max: 100,
            title: axisTitle(text.x + " →"),
            ticks: { color: MUTED, callback: function (value) { return wholeNumber.format(value); } },
          },
          y: {
            min: 0,
            max: 100,
            title: axisTitle(text.y + " →"),
            ticks: { color: MUTED, callback: function (value) { return wholeNumber.format(value) + data.suffix; } },
          },
        },
      },
    });
  }

  var KINDS = { trend: trend, matrix: matrix };

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.source);
    var draw = KINDS[canvas.dataset.chart];
    if (source && draw) {
      // The box is hidden until there is something to draw in it (no empty frame without JavaScript).
      canvas.closest(".chart-box").classList.add("is-drawn");
      draw(canvas, JSON.parse(source.textContent));
    }
  });
})();
