using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Tests.Unit;

public sealed class RoomNameTests
{
    [Theory]
    [InlineData("user:7", RoomKind.User, 7)]
    [InlineData("team:2", RoomKind.Team, 2)]
    [InlineData("queue:3", RoomKind.Queue, 3)]
    [InlineData("ticket:11", RoomKind.Ticket, 11)]
    [InlineData("ticket:11:staff", RoomKind.TicketStaff, 11)]
    public void RoomNamesRoundTrip(string name, RoomKind kind, long id)
    {
        Assert.True(Room.TryParse(name, out var room));
        Assert.Equal(kind, room.Kind);
        Assert.Equal(id, room.Id);
        Assert.Equal(name, room.Name);
    }

    [Fact]
    public void RoleRoomsUseTheWireNameOfTheRole()
    {
        Assert.True(Room.TryParse("role:manager", out var room));
        Assert.Equal(UserRole.Manager, room.Role);
        Assert.Equal("role:manager", Room.ForRole(UserRole.Manager).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ticket")]
    [InlineData("ticket:")]
    [InlineData("ticket:-1")]
    [InlineData("ticket:0")]
    [InlineData("ticket:1:public")]
    [InlineData("team:1:staff")]
    [InlineData("role:superuser")]
    [InlineData("planet:3")]
    [InlineData("user:1 ")]
    [InlineData("user:99999999999999999999999")]
    public void MalformedRoomNamesAreRejected(string name) => Assert.False(Room.TryParse(name, out _));

    [Fact]
    public void OverlongRoomNamesAreRejected() => Assert.False(Room.TryParse("user:" + new string('1', 200), out _));
}
