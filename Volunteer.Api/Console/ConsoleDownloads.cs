using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Api.Reports;

namespace Volunteer.Api.Console;

/// <summary>Tables as files staff open in Excel: CSV (UTF-8 with BOM, formulas defused) or .xlsx (MiniExcel).</summary>
public static class ConsoleDownloads
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static FileContentResult Csv(string fileName, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var csv = new StringBuilder();
        CsvText.Row(csv, [.. columns]);
        foreach (var row in rows)
            CsvText.Row(csv, row.Select(Text).ToArray());
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return new FileContentResult(bytes, "text/csv; charset=utf-8") { FileDownloadName = fileName };
    }

    /// <summary>One sheet with a header row; numbers stay numbers, text stays text (never a formula).</summary>
    public static FileContentResult Xlsx(string fileName, string sheet, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var table = rows.Select(row =>
        {
            var line = new Dictionary<string, object?>();
            for (var i = 0; i < columns.Count; i++)
                line[columns[i]] = row[i];
            return line;
        }).ToList();
        using var stream = new MemoryStream();
        if (table.Count == 0)
            table.Add(columns.ToDictionary(c => c, _ => (object?)null));
        MiniExcelLibs.MiniExcel.SaveAs(stream, table, sheetName: sheet);
        return new FileContentResult(stream.ToArray(), XlsxType) { FileDownloadName = fileName };
    }

    private static string Text(object? cell) => cell switch
    {
        null => "",
        decimal d => d.ToString("0.##", CultureInfo.InvariantCulture),
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
