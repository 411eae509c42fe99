using System.Text;
using Volunteer.Infrastructure.Rewards;

namespace Volunteer.Api.Rewards;

/// <summary>
/// The monthly settlement as CSV for Excel: UTF-8 with a byte-order mark (without it Excel shows
/// Chinese as mojibake), CRLF line ends, RFC 4180 quoting, and text that Excel would read as a
/// formula prefixed with an apostrophe.
/// </summary>
internal static class SettlementCsv
{
    public static byte[] Write(Settlement settlement)
    {
        var text = new StringBuilder();
        Row(text, "单位", "结算月份", "奖品编号", "奖品名称", "单份积分", "核销份数", "积分合计");
        var period = settlement.Period.ToString();
        foreach (var line in settlement.Lines)
            Row(text, settlement.PartnerName, period, line.RewardId.ToString(), line.RewardTitle,
                line.PointsCost.ToString(), line.Count.ToString(), line.Points.ToString());
        Row(text, settlement.PartnerName, period, "", "合计", "", settlement.TotalCount.ToString(), settlement.TotalPoints.ToString());
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void Row(StringBuilder text, params string[] fields)
    {
        text.AppendJoin(',', fields.Select(Field));
        text.Append("\r\n");
    }

    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
