using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.WeChat;

/// <summary>
/// 小程序码 images by task, kept for a day in this process (at most 500): a task's code never changes,
/// and staff print the same poster many times.
/// </summary>
public sealed class WxaCodes : IDisposable
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 500 });

    public bool TryGet(Guid taskId, out WxaCode? code) => _cache.TryGetValue(taskId, out code);

    public void Keep(Guid taskId, WxaCode code) =>
        _cache.Set(taskId, code, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = KeepFor });

    public void Dispose() => _cache.Dispose();
}

/// <summary>
/// A task's 小程序码 (getwxacodeunlimit): the scene is the task id in 32 hex digits (WeChat allows 32
/// characters), which the page reads from <c>options.scene</c>. A plain QR code when WeChat is not configured.
/// </summary>
public sealed class GetTaskWxaCode(VolunteerDbContext db, IWeChatServerApi wechat, WxaCodes cache, IOptions<WeChatOptions> options) : IUseCase
{
    public async Task<WxaCode> ExecuteAsync(Actor actor, Guid taskId, CancellationToken ct)
    {
        if (!await db.Tasks.AnyAsync(t => t.Id == taskId, ct))
            throw Tasks.CancelTask.TaskNotFound();
        if (cache.TryGet(taskId, out var cached))
            return cached!;
        var code = await wechat.GetWxaCodeAsync(SceneOf(taskId), options.Value.WxaCodePage, ct);
        cache.Keep(taskId, code);
        return code;
    }

    public static string SceneOf(Guid taskId) => taskId.ToString("N");
}
