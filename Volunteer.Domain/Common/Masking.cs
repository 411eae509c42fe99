namespace Volunteer.Domain.Common;

/// <summary>How personal data is shown to people who are not entitled to see it in full.</summary>
public static class Masking
{
    /// <summary>138****5678.</summary>
    public static string? Phone(string? phone) =>
        phone is { Length: 11 } ? string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(7)) : phone is null ? null : "****";

    /// <summary>张*明 for three characters, 张* for two; the first character stays.</summary>
    public static string Name(string name)
    {
        if (string.IsNullOrEmpty(name))
            return name;
        var chars = System.Globalization.StringInfo.ParseCombiningCharacters(name);
        if (chars.Length == 1)
            return name;
        var first = name[..chars[1]];
        if (chars.Length == 2)
            return first + "*";
        var last = name[chars[^1]..];
        return first + new string('*', chars.Length - 2) + last;
    }
}
