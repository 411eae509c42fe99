using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// Short check-in codes that prove presence at a task: staff show the code (as a QR code) on site,
/// volunteers send it back. Codes are derived (HMAC of task and time window with a server secret),
/// so nothing is stored and every instance agrees. A code is valid for its window and the next.
/// </summary>
public sealed class CheckInCodes(byte[] key, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public (string Code, DateTimeOffset ExpiresAt) Issue(Guid taskId)
    {
        var window = WindowOf(clock.GetUtcNow());
        return (CodeFor(taskId, window), StartOf(window + 2));
    }

    public bool IsValid(Guid taskId, string? code)
    {
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
            return false;
        var window = WindowOf(clock.GetUtcNow());
        var given = System.Text.Encoding.ASCII.GetBytes(code);
        return CryptographicOperations.FixedTimeEquals(given, System.Text.Encoding.ASCII.GetBytes(CodeFor(taskId, window)))
            | CryptographicOperations.FixedTimeEquals(given, System.Text.Encoding.ASCII.GetBytes(CodeFor(taskId, window - 1)));
    }

    private string CodeFor(Guid taskId, long window)
    {
        Span<byte> message = stackalloc byte[24];
        taskId.TryWriteBytes(message[..16]);
        BinaryPrimitives.WriteInt64BigEndian(message[16..], window);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, message, mac);
        var number = BinaryPrimitives.ReadUInt32BigEndian(mac) % 1_000_000;
        return number.ToString("D6");
    }

    private static long WindowOf(DateTimeOffset now) => now.UtcTicks / Window.Ticks;

    private static DateTimeOffset StartOf(long window) => new(window * Window.Ticks, TimeSpan.Zero);
}
