using System.Globalization;
using System.Text;
using System.Text.Json;
using Volunteer.Domain.Common;

namespace Volunteer.Domain.Notifications;

/// <summary>
/// The <c>data</c> of a WeChat subscribe message (订阅消息): keyword → value. A keyword's prefix is its
/// WeChat type, and each type has limits WeChat enforces by refusing the message (47003), so values
/// are fitted here: <c>thing</c> ≤ 20 characters, <c>phrase</c> ≤ 5 Chinese characters, <c>number</c>
/// digits only, <c>character_string</c> ≤ 32 letters, digits or symbols, <c>name</c> ≤ 10 characters,
/// <c>time</c> "2026年10月1日 15:01" and <c>date</c> "2026年10月1日" in China Standard Time.
/// </summary>
public sealed class TemplateData
{
    public const int ThingMax = 20;
    public const int PhraseMax = 5;
    public const int CharacterStringMax = 32;
    public const int NameMax = 10;

    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    public TemplateData Text(string keyword, string? value)
    {
        var text = (value ?? "").Trim();
        _values[keyword] = Type(keyword) switch
        {
            "thing" => Fit(OneLine(text), ThingMax),
            "phrase" => Fit(new string(text.Where(IsHan).ToArray()), PhraseMax, ellipsis: false),
            "character_string" => Fit(new string(text.Where(c => char.IsAscii(c) && !char.IsControl(c) && c != ' ').ToArray()), CharacterStringMax, ellipsis: false),
            "name" => Fit(OneLine(text), NameMax, ellipsis: false),
            "number" => Number(text),
            _ => throw new ArgumentException($"'{keyword}' is not a text keyword.", nameof(keyword)),
        };
        return this;
    }

    public TemplateData Number(string keyword, decimal value)
    {
        if (Type(keyword) != "number")
            throw new ArgumentException($"'{keyword}' is not a number keyword.", nameof(keyword));
        _values[keyword] = Number(value.ToString("0.##", CultureInfo.InvariantCulture));
        return this;
    }

    public TemplateData Time(string keyword, DateTimeOffset instant)
    {
        var local = ChinaTime.ToChina(instant);
        _values[keyword] = Type(keyword) switch
        {
            "time" => local.ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture),
            "date" => local.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
            _ => throw new ArgumentException($"'{keyword}' is not a time or date keyword.", nameof(keyword)),
        };
        return this;
    }

    public string ToJson() => JsonSerializer.Serialize(_values);

    public static IReadOnlyDictionary<string, string> FromJson(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    /// <summary>thing1 → thing; character_string2 → character_string.</summary>
    private static string Type(string keyword) => keyword.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');

    private static string Number(string text)
    {
        var digits = new string(text.Where(c => char.IsAsciiDigit(c) || c == '.').ToArray());
        return digits.Length is 0 ? "0" : digits.Length > 32 ? digits[..32] : digits;
    }

    private static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff';

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Cuts to <paramref name="max"/> text elements (a character WeChat counts as one), ending with … when cut.</summary>
    internal static string Fit(string text, int max, bool ellipsis = true)
    {
        var info = new StringInfo(text);
        if (info.LengthInTextElements <= max)
            return text;
        var kept = ellipsis ? info.SubstringByTextElements(0, max - 1) + "…" : info.SubstringByTextElements(0, max);
        return kept.Normalize(NormalizationForm.FormC);
    }
}
