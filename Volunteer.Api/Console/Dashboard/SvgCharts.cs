using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Volunteer.Api.Console.Dashboard;

/// <summary>
/// Bar charts drawn on the server as inline SVG: no script, no chart library, readable by screen
/// readers (a title, a description and a text label on every bar).
/// </summary>
public static class SvgCharts
{
    private static readonly string[] Palette = ["#b3261e", "#d9822b", "#4c7a34", "#2f6f9f", "#7a4c9f", "#8c6d1f"];

    /// <param name="categories">One group of bars per category (a community, a partner).</param>
    /// <param name="series">One bar per series in each group (a month, a measure), with its legend name.</param>
    public static IHtmlContent Bars(string id, string title, IReadOnlyList<string> categories, IReadOnlyList<(string Name, double[] Values)> series, string unit)
    {
        const int labelWidth = 170, barHeight = 18, gap = 12, width = 720, valueWidth = 60;
        var plotWidth = width - labelWidth - valueWidth;
        var groupHeight = series.Count * barHeight + gap;
        var legendHeight = series.Count > 1 ? 24 : 0;
        var height = legendHeight + categories.Count * groupHeight + 10;
        var max = Math.Max(1e-9, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var svg = new StringBuilder();
        var t = WebUtility.HtmlEncode(title);
        svg.Append(CultureInfo.InvariantCulture, $"""<figure class="chart" id="{id}"><figcaption>{t}</figcaption><svg role="img" aria-labelledby="{id}-t" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{t}</title>""");
        if (series.Count > 1)
            for (var s = 0; s < series.Count; s++)
            {
                var x = labelWidth + s * 90;
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x}" y="4" width="12" height="12" fill="{Palette[s % Palette.Length]}"/><text x="{x + 16}" y="14" font-size="14">{WebUtility.HtmlEncode(series[s].Name)}</text>""");
            }
        for (var c = 0; c < categories.Count; c++)
        {
            var y0 = legendHeight + c * groupHeight;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{labelWidth - 8}" y="{y0 + series.Count * barHeight / 2.0 + 4}" font-size="15" text-anchor="end">{WebUtility.HtmlEncode(categories[c])}</text>""");
            for (var s = 0; s < series.Count; s++)
            {
                var value = series[s].Values[c];
                var w = Math.Max(value > 0 ? 1 : 0, value / max * plotWidth);
                var y = y0 + s * barHeight;
                var label = value.ToString("0.##", CultureInfo.InvariantCulture);
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{labelWidth}" y="{y}" width="{w:0.#}" height="{barHeight - 2}" fill="{Palette[s % Palette.Length]}"><title>{WebUtility.HtmlEncode(categories[c])} {WebUtility.HtmlEncode(series[s].Name)}：{label} {WebUtility.HtmlEncode(unit)}</title></rect><text x="{labelWidth + w + 4:0.#}" y="{y + barHeight - 4}" font-size="13">{label}</text>""");
            }
        }
        svg.Append("</svg></figure>");
        return new HtmlString(svg.ToString());
    }
}
