using LiveDesk.Server.Campaigns;
using LiveDesk.Server.Comments;
using LiveDesk.Server.Contacts;
using LiveDesk.Server.Conversations;
using LiveDesk.Server.Data;
using LiveDesk.Server.Email;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Leads;
using LiveDesk.Server.Organizations;
using LiveDesk.Server.Realtime;
using LiveDesk.Server.Realtime.Features;
using LiveDesk.Server.Realtime.Native;
using LiveDesk.Server.Tickets;

// Settings ship beside the binary; the data directory stays relative to where the server is started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.Configure<LiveDeskOptions>(builder.Configuration.GetSection(LiveDeskOptions.Section));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOpenApi();
builder.AddLiveDeskErrors();
builder.AddLiveDeskData();
builder.AddLiveDeskAuth();
builder.AddLiveDeskRealtime();
// Every live entity is a feature folder with its declarations (docs/adding-an-entity.md).
builder.Services.AddLiveFeature<TicketLiveFeature>();
builder.Services.AddLiveFeature<CommentLiveFeature>();
builder.Services.AddLiveFeature<ContactLiveFeature>();
builder.Services.AddLiveFeature<OrganizationLiveFeature>();
builder.Services.AddLiveFeature<LeadLiveFeature>();
builder.Services.AddLiveFeature<ConversationLiveFeature>();
builder.Services.AddLiveFeature<CampaignLiveFeature>();
builder.AddLiveDeskEmail();
builder.Services.AddSingleton<IOutboxSource, CampaignOutboxSource>();
builder.Services.AddSingleton<CampaignProgressCoalescer>();
builder.Services.AddHostedService(services => services.GetRequiredService<CampaignProgressCoalescer>());
builder.AddLiveDeskRateLimits();

var app = builder.Build();
await app.InitializeLiveDeskDataAsync();
// First: the native live WebSocket skips the rest of the chain (NativeSocketEndpoint says why).
app.UseNativeLive();
app.UseLiveDeskErrors();
app.UseLiveDeskWebApp();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapOpenApi();
app.MapHealthChecks("/health");
app.MapIdentity();
app.MapTickets();
app.MapComments();
app.MapContacts();
app.MapOrganizations();
app.MapLeads();
app.MapConversations();
app.MapCampaigns();
app.MapLiveDeskRealtime();
app.Run();
