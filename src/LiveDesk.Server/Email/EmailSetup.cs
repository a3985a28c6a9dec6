using LiveDesk.Server.Infrastructure;

namespace LiveDesk.Server.Email;

public static class EmailSetup
{
    /// <summary>The outbox and its sender. Sources (campaigns, later notifications) register as IOutboxSource.</summary>
    public static WebApplicationBuilder AddLiveDeskEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OutboxSender>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxSender>());
        return builder;
    }

    public static bool EmailEnabled(this IServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LiveDeskOptions>>().Value.Email.Enabled;
}
