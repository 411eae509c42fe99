using System.Security.Cryptography;
using Volunteer.Infrastructure.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Domain;

public class CheckInCodeTests
{
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_code_is_six_digits_valid_in_its_window_and_the_next()
    {
        var codes = new CheckInCodes(_key, _clock);
        var taskId = Guid.NewGuid();
        var (code, expiresAt) = codes.Issue(taskId);

        Assert.Matches("^[0-9]{6}$", code);
        Assert.True(codes.IsValid(taskId, code));
        _clock.Set(expiresAt.AddSeconds(-1));
        Assert.True(codes.IsValid(taskId, code));
        _clock.Set(expiresAt);
        Assert.False(codes.IsValid(taskId, code));
    }

    [Fact]
    public void A_code_is_bound_to_its_task_and_to_the_servers_secret()
    {
        var taskId = Guid.NewGuid();
        var (code, _) = new CheckInCodes(_key, _clock).Issue(taskId);

        // Another task or another secret accepts the same digits only by a one-in-a-million chance.
        var otherTasks = Enumerable.Range(0, 20).Count(_ => new CheckInCodes(_key, _clock).IsValid(Guid.NewGuid(), code));
        Assert.True(otherTasks <= 1);
        Assert.False(new CheckInCodes(RandomNumberGenerator.GetBytes(32), _clock).IsValid(taskId, code)
            && new CheckInCodes(RandomNumberGenerator.GetBytes(32), _clock).IsValid(taskId, code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData(null)]
    public void Malformed_codes_are_refused(string? code)
    {
        Assert.False(new CheckInCodes(_key, _clock).IsValid(Guid.NewGuid(), code));
    }
}
