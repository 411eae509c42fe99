using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using QRCoder;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Tasks;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Api.Console.Tasks;

/// <summary>
/// <c>/console/tasks/{id}/check-in</c>: the task's live check-in code as a full-screen QR code,
/// drawn on the server. The page reloads itself a minute before the code expires (no script needed).
/// </summary>
[Authorize(Policy = ConsoleAuth.StaffOrGridWorker)]
public sealed class CheckInModel(TaskQueries tasks, IssueCheckInCode issue, TimeProvider clock) : ConsolePageModel
{
    public ServiceTask Task { get; private set; } = null!;
    public string Code { get; private set; } = "";
    public DateTimeOffset ExpiresAt { get; private set; }
    public string Payload { get; private set; } = "";
    public string QrPng { get; private set; } = "";
    public int RefreshSeconds { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Task = await tasks.ManagedTaskAsync(Actor, id, ct);
        (Code, ExpiresAt) = await issue.ExecuteAsync(Actor, id, ct);
        // What the mini-program's scanner reads: the task and its code.
        Payload = JsonSerializer.Serialize(new { task = Task.Id, code = Code });
        // Drawing the QR code is CPU work: on the thread pool, not on a socket thread (CpuWork).
        QrPng = await CpuWork.RunAsync(() => QrPngOf(Payload), ct);
        RefreshSeconds = (int)Math.Clamp((ExpiresAt - clock.GetUtcNow()).TotalSeconds - 60, 15, 600);
    }

    private static string QrPngOf(string payload)
    {
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(12));
    }
}
