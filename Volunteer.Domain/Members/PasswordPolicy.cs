using Volunteer.Domain.Common;

namespace Volunteer.Domain.Members;

public static class PasswordPolicy
{
    public const int MinLength = 8;

    public static void Validate(string? password, string field = "password")
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength || password.Length > 128)
            throw DomainException.Invalid(field, $"密码长度须在 {MinLength} 到 128 位之间。");
        if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit))
            throw DomainException.Invalid(field, "密码须同时包含字母和数字。");
    }
}
