using System.ComponentModel.DataAnnotations;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;

namespace Volunteer.Api.Console.Tasks;

/// <summary>The task form (发单), shared by approving a need and publishing a task directly. Rules stay in the use cases.</summary>
public sealed class TaskForm
{
    [Display(Name = "标题")] public string? Title { get; set; }
    [Display(Name = "说明")] public string? Description { get; set; }
    [Display(Name = "类别")] public TaskCategory Category { get; set; } = TaskCategory.Other;
    [Display(Name = "名额")] public int Slots { get; set; } = 1;
    [Display(Name = "积分")] public int Points { get; set; } = 10;
    [Display(Name = "开始时间")] public string? StartsAt { get; set; }
    [Display(Name = "结束时间")] public string? EndsAt { get; set; }
    [Display(Name = "服务地址")] public string? Address { get; set; }
    [Display(Name = "党员先锋岗（仅限党员认领）")] public bool PartyMembersOnly { get; set; }

    /// <summary>Prefilled from a need: its words, its preferred time, or tomorrow 09:00–11:00.</summary>
    public static TaskForm From(Need need, DateTimeOffset now)
    {
        var (starts, ends) = DefaultTimes(now);
        return new TaskForm
        {
            Title = need.Title,
            Description = need.Description,
            Category = need.Category,
            Slots = 1,
            Points = 10,
            StartsAt = ConsoleText.Input(need.PreferredStartsAt ?? starts),
            EndsAt = ConsoleText.Input(need.PreferredEndsAt ?? (need.PreferredStartsAt?.AddHours(2) ?? ends)),
            Address = need.Address,
        };
    }

    public static TaskForm Blank(DateTimeOffset now)
    {
        var (starts, ends) = DefaultTimes(now);
        return new TaskForm { StartsAt = ConsoleText.Input(starts), EndsAt = ConsoleText.Input(ends) };
    }

    private static (DateTimeOffset, DateTimeOffset) DefaultTimes(DateTimeOffset now)
    {
        var tomorrow = Volunteer.Domain.Common.ChinaTime.ToChina(now).Date.AddDays(1).AddHours(9);
        var starts = new DateTimeOffset(tomorrow, Volunteer.Domain.Common.ChinaTime.Offset);
        return (starts, starts.AddHours(2));
    }

    /// <summary>Reads the two times; the rest is checked by the use case with its own messages.</summary>
    public bool TryTerms(out DateTimeOffset starts, out DateTimeOffset ends, out string? error)
    {
        var s = ConsoleText.FromInput(StartsAt);
        var e = ConsoleText.FromInput(EndsAt);
        starts = s ?? default;
        ends = e ?? default;
        error = s is null ? "请填写开始时间。" : e is null ? "请填写结束时间。" : null;
        return error is null;
    }

    public TaskTerms ToTerms(DateTimeOffset starts, DateTimeOffset ends) =>
        new(Title ?? "", Description, Category, Slots, Points, starts, ends, Address, PartyMembersOnly, null);
}
