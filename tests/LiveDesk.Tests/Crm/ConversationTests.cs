using System.Net;
using LiveDesk.Client;
using LiveDesk.Contracts.Conversations;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Crm;

/// <summary>Conversations: the portal and the inbox talk live, no other customer hears any of it, and archiving moves a
/// conversation out of (and back into) every agent's inbox without a reload.</summary>
public sealed class ConversationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task APortalMessageReachesTheAssignedAgentHerReplyReachesTheCustomerAndAnotherCustomerGetsNeither(LiveTransport transport)
    {
        var carlaApi = await fixture.Server.LoginAsync(Demo.Carla);
        var conversation = await carlaApi.StartConversationAsync(new StartConversationRequest("Where is my order?", "Order 4711"));
        Assert.Equal(ConversationStatus.Open, conversation.Status);
        Assert.NotNull(conversation.ContactId);
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        await manager.AssignConversationAsync(conversation.Id, await manager.UserIdAsync(Demo.Ana), conversation.Version);
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana, transport: transport);
        await using var carla = await LiveClient.ConnectAsync(fixture.Server, Demo.Carla, transport: transport);
        await using var dan = await LiveClient.ConnectAsync(fixture.Server, Demo.Dan, transport: transport);

        var asked = await carlaApi.PostMessageAsync(conversation.Id, "Any news? It was due Monday.");
        var atAna = await ana.WaitForAsync(e => e.Type == EventTypes.MessageCreated && e.EntityId == asked.Id);
        Assert.Equal("in", atAna.Changes.GetProperty("direction").GetString());
        Assert.Equal("Any news? It was due Monday.", atAna.Changes.GetProperty("body").GetString());

        var anaApi = await fixture.Server.LoginAsync(Demo.Ana);
        var answer = await anaApi.PostMessageAsync(conversation.Id, "It shipped this morning.");
        var atCarla = await carla.WaitForAsync(e => e.Type == EventTypes.MessageCreated && e.EntityId == answer.Id);
        Assert.Equal("out", atCarla.Changes.GetProperty("direction").GetString());
        Assert.Equal(conversation.Id, atCarla.Changes.GetProperty("conversationId").GetInt64());

        // Dan's own conversation is published after both messages: once he has it, he would have had them.
        var dansApi = await fixture.Server.LoginAsync(Demo.Dan);
        var dans = await dansApi.StartConversationAsync(new StartConversationRequest("Hello from Dan"));
        await dan.WaitForAsync(e => e.Type == EventTypes.ConversationCreated && e.EntityId == dans.Id);
        Assert.DoesNotContain(dan.Events, e => e.Entity == EntityNames.Message && e.Changes.GetProperty("conversationId").GetInt64() == conversation.Id);
        Assert.DoesNotContain(dan.Events, e => e.Entity == EntityNames.Conversation && e.EntityId == conversation.Id);
        Assert.False((await dan.SubscribeAsync(Room.Conversation(conversation.Id).Name)).Ok);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<LiveDeskApiException>(() => dansApi.GetConversationAsync(conversation.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<LiveDeskApiException>(() => dansApi.GetMessagesAsync(conversation.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<LiveDeskApiException>(() => dansApi.PostMessageAsync(conversation.Id, "Let me in"))).StatusCode);
        Assert.DoesNotContain((await dansApi.ListConversationsAsync()).Items, c => c.Id == conversation.Id);
        Assert.Equal(["Where is my order?", "Any news? It was due Monday.", "It shipped this morning."],
            (await carlaApi.GetMessagesAsync(conversation.Id)).Select(m => m.Body));
    }

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task ArchivingTakesItOutOfAnotherAgentsInboxLiveAndUnarchivingBringsItBack(LiveTransport transport)
    {
        var carlaApi = await fixture.Server.LoginAsync(Demo.Carla);
        var conversation = await carlaApi.StartConversationAsync(new StartConversationRequest("Invoice question"));
        var anaApi = await fixture.Server.LoginAsync(Demo.Ana);
        Assert.Contains((await anaApi.ListConversationsAsync(archived: false)).Items, c => c.Id == conversation.Id);
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana, transport: transport);
        var manager = await fixture.Server.LoginAsync(Demo.Manager);

        var archived = await manager.ArchiveConversationAsync(conversation.Id, ifMatchVersion: conversation.Version);

        var gone = await ana.WaitForAsync(e => e.Type == EventTypes.ConversationArchived && e.EntityId == conversation.Id);
        Assert.True(gone.Changes.GetProperty("archived").GetBoolean());
        Assert.DoesNotContain((await anaApi.ListConversationsAsync(archived: false)).Items, c => c.Id == conversation.Id);
        Assert.Contains((await anaApi.ListConversationsAsync(archived: true)).Items, c => c.Id == conversation.Id);

        var back = await manager.ArchiveConversationAsync(conversation.Id, archived: false, ifMatchVersion: archived.Version);
        var returned = await ana.WaitForAsync(e => e.Type == EventTypes.ConversationUnarchived && e.EntityId == conversation.Id);
        Assert.False(returned.Changes.GetProperty("archived").GetBoolean());
        Assert.Contains((await anaApi.ListConversationsAsync(archived: false)).Items, c => c.Id == conversation.Id);

        var stale = await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.ArchiveConversationAsync(conversation.Id, ifMatchVersion: archived.Version));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            carlaApi.ArchiveConversationAsync(conversation.Id, ifMatchVersion: back.Version))).StatusCode);
        var empty = await Assert.ThrowsAsync<LiveDeskApiException>(() => carlaApi.PostMessageAsync(conversation.Id, "  "));
        Assert.Contains("body", empty.Errors!.Keys);
        Assert.False((await anaApi.GetConversationAsync(conversation.Id)).Archived);
    }
}
