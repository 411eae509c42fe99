namespace Volunteer.Domain.Tasks;

/// <summary>
/// Where a 微心愿 stands on the wall. A wish is a <see cref="TaskCategory.MicroWish"/> task with one slot:
/// adopting it is claiming it, fulfilling is the adopter's check-out (<see cref="Claim.FulfilWish"/>),
/// the wisher's confirmation is <see cref="Claim.ConfirmReceipt"/>, and the points come with staff
/// verification as for any service.
/// </summary>
public enum WishState
{
    /// <summary>待认领: published, not ended, nobody holds the slot.</summary>
    Open,
    /// <summary>已认领: an adopter holds it; includes "fulfilled by the adopter, waiting for the wisher's confirmation".</summary>
    Adopted,
    /// <summary>已实现: the wisher (or staff) confirmed it came true.</summary>
    Fulfilled,
}

public static class WishRules
{
    /// <summary>
    /// The wall state of a wish task given the claim holding its slot, if any; null when the wish is not on
    /// the wall (cancelled, or ended with nobody adopting it).
    /// </summary>
    public static WishState? StateOf(ServiceTask task, Claim? holding, DateTimeOffset now)
    {
        if (!task.IsWish)
            return null;
        if (holding is null || !holding.HoldsSlot)
            return task.Status == ServiceTaskStatus.Published && !task.HasEnded(now) ? WishState.Open : null;
        return holding.ReceiptConfirmedAt is null ? WishState.Adopted : WishState.Fulfilled;
    }
}
