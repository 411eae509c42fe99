namespace Volunteer.Api.Http;

public static class EndpointConventions
{
    /// <summary>Documents the ProblemDetails answers an endpoint can give.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            if (status == 400)
                builder.ProducesValidationProblem();
            else
                builder.ProducesProblem(status);
        }
        return builder;
    }

    /// <summary>A group of endpoints that require a signed-in caller and check request bodies.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix, string tag, bool requireAuth = true)
    {
        var group = app.MapGroup(prefix).WithTags(tag).AddEndpointFilterFactory(ValidationFilter.Create).AddEndpointFilter<OneConnectionPerRequest>();
        if (requireAuth)
            group.RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }
}
