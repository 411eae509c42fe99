namespace Volunteer.Domain.Common;

/// <summary>Argument checks shared by entity factories; each failure names the field in Chinese.</summary>
public static class Guard
{
    public static string Text(string? value, string field, string label, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw DomainException.Invalid(field, $"{label}不能为空。");
        if (trimmed.Length > maxLength)
            throw DomainException.Invalid(field, $"{label}不能超过 {maxLength} 个字。");
        return trimmed;
    }

    public static string? OptionalText(string? value, string field, string label, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return null;
        if (trimmed.Length > maxLength)
            throw DomainException.Invalid(field, $"{label}不能超过 {maxLength} 个字。");
        return trimmed;
    }

    public static int Range(int value, int min, int max, string field, string label)
    {
        if (value < min || value > max)
            throw DomainException.Invalid(field, $"{label}必须在 {min} 到 {max} 之间。");
        return value;
    }

    /// <summary>Mainland mobile numbers: 11 digits starting with 1.</summary>
    public static string? Phone(string? value, string field = "phone")
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return null;
        if (trimmed.Length != 11 || trimmed[0] != '1' || !trimmed.All(char.IsAsciiDigit))
            throw DomainException.Invalid(field, "手机号应为 11 位数字，以 1 开头。");
        return trimmed;
    }
}
