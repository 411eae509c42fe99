namespace Volunteer.Infrastructure.Common;

/// <summary>
/// Marks one operation of the product (a use case). Each is a small class taking the DbContext
/// directly; endpoints and scheduled jobs call the same classes. Registered as scoped services.
/// </summary>
public interface IUseCase;
