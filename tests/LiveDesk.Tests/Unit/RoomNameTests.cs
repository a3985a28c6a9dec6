using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Tests.Unit;

/// <summary>The room-name syntax, the same for every kind. Which kinds exist is the server's to say (the hub and
/// native bad-input tests check that unknown kinds are refused).</summary>
public sealed class RoomNameTests
{
    [Theory]
    [InlineData("user:7", "user", 7, null)]
    [InlineData("team:2", "team", 2, null)]
    [InlineData("queue:3", "queue", 3, null)]
    [InlineData("ticket:11", "ticket", 11, null)]
    [InlineData("ticket:11:staff", "ticket", 11, "staff")]
    [InlineData("contact:42", "contact", 42, null)]
    public void RoomNamesRoundTrip(string name, string kind, long id, string? qualifier)
    {
        Assert.True(Room.TryParse(name, out var room));
        Assert.Equal(kind, room.Kind);
        Assert.Equal(id, room.Id);
        Assert.Equal(qualifier, room.Qualifier);
        Assert.Equal(name, room.Name);
    }

    [Fact]
    public void FactoriesBuildTheSameNamesTheParserReads()
    {
        Assert.Equal("ticket:9:staff", Room.TicketStaff(9).Name);
        Assert.Equal(Room.TicketStaff(9), Room.TryParse("ticket:9:staff", out var staff) ? staff : default);
        Assert.Equal("ticket:{id}:staff", staff.Shape);
        Assert.Equal("queue:{id}", Room.Queue(3).Shape);
    }

    [Fact]
    public void RoleRoomsUseTheWireNameOfTheRole()
    {
        Assert.True(Room.TryParse("role:manager", out var room));
        Assert.Equal(UserRole.Manager, room.Role);
        Assert.True(room.IsNamed);
        Assert.Equal("role:{name}", room.Shape);
        Assert.Equal("role:manager", Room.ForRole(UserRole.Manager).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ticket")]
    [InlineData("ticket:")]
    [InlineData("ticket:-1")]
    [InlineData("ticket:0")]
    [InlineData("ticket:1:")]
    [InlineData("ticket:1:2")]
    [InlineData("ticket:1:staff:x")]
    [InlineData("Ticket:1")]
    [InlineData("role:manager:x")]
    [InlineData("user:1 ")]
    [InlineData("user:1\u0000")]
    [InlineData("user:99999999999999999999999")]
    [InlineData(":1")]
    public void MalformedRoomNamesAreRejected(string name) => Assert.False(Room.TryParse(name, out _));

    [Fact]
    public void OverlongRoomNamesAreRejected() => Assert.False(Room.TryParse("user:" + new string('1', 200), out _));
}
