using System.Text.Json;
using LiveDesk.Client;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Tests.Unit;

/// <summary>The SDK's apply rules (promise 4): duplicates by seq are dropped, versions never go backwards, events that
/// race a resume are applied in seq order, and a reset moves the cursor to the head.</summary>
public sealed class EventSequencerTests
{
    private const string Epoch = "e1";
    private static readonly JsonElement NoChanges = JsonDocument.Parse("{}").RootElement;

    private static EventEnvelope Ticket(long seq, long id, long version, string epoch = Epoch) =>
        new(seq, epoch, "ticket.updated", "ticket", id, version, 1, DateTimeOffset.UnixEpoch, NoChanges);

    [Fact]
    public void DuplicateSeqsAreDroppedAndTheCursorAdvances()
    {
        var sequencer = new EventSequencer(new Cursor(10, Epoch), 1000, 1000);
        var applied = new List<EventEnvelope>();

        sequencer.Receive([Ticket(11, 1, 2), Ticket(11, 1, 2), Ticket(9, 2, 5), Ticket(12, 3, 1)], applied);
        sequencer.Receive([Ticket(12, 3, 1)], applied);

        Assert.Equal([11L, 12L], applied.Select(e => e.Seq));
        Assert.Equal(new Cursor(12, Epoch), sequencer.Cursor);
    }

    [Fact]
    public void AnOlderVersionOfAnEntityIsNeverApplied()
    {
        var sequencer = new EventSequencer(new Cursor(0, Epoch), 1000, 1000);
        var applied = new List<EventEnvelope>();
        sequencer.ObserveVersion("ticket", 1, 5);

        sequencer.Receive([Ticket(1, 1, 4), Ticket(2, 1, 6), Ticket(3, 1, 5), Ticket(4, 2, 1)], applied);

        Assert.Equal([2L, 4L], applied.Select(e => e.Seq));
        Assert.True(sequencer.TryGetKnownVersion("ticket", 1, out var version));
        Assert.Equal(6, version);
        Assert.Equal(4, sequencer.Cursor!.Seq);
    }

    [Fact]
    public void LiveEventsThatArriveDuringAResumeAreAppliedInSeqOrderAfterTheReplay()
    {
        var sequencer = new EventSequencer(new Cursor(100, Epoch), 1000, 1000);
        var applied = new List<EventEnvelope>();

        sequencer.BeginBuffering();
        sequencer.Receive([Ticket(105, 7, 3)], applied);            // live, ahead of the replay
        sequencer.Receive([Ticket(101, 7, 1), Ticket(103, 7, 2)], applied); // replay
        sequencer.Receive([Ticket(103, 7, 2)], applied);            // the same event, live
        Assert.Empty(applied);
        var result = sequencer.CompleteResume(new ResumeResult(true, 104, Epoch), applied);

        Assert.True(result.Recovered);
        Assert.Equal([101L, 103L, 105L], applied.Select(e => e.Seq));
        Assert.Equal(105, sequencer.Cursor!.Seq);
    }

    [Fact]
    public void RecoveredResumeMovesAQuietClientsCursorToTheHead()
    {
        var sequencer = new EventSequencer(new Cursor(100, Epoch), 1000, 1000);
        var applied = new List<EventEnvelope>();

        sequencer.BeginBuffering();
        sequencer.CompleteResume(new ResumeResult(true, 5000, Epoch), applied);
        sequencer.Receive([Ticket(4999, 1, 9)], applied);

        Assert.Equal(new Cursor(5000, Epoch), sequencer.Cursor);
        Assert.Empty(applied);
    }

    [Fact]
    public void ResetMovesTheCursorToTheHeadAndForgetsKnownVersions()
    {
        var sequencer = new EventSequencer(new Cursor(50, "old"), 1000, 1000);
        var applied = new List<EventEnvelope>();
        sequencer.ObserveVersion("ticket", 1, 40);

        sequencer.BeginBuffering();
        sequencer.Receive([Ticket(8, 1, 2, epoch: "new"), Ticket(12, 1, 3, epoch: "new")], applied);
        var result = sequencer.CompleteResume(new ResumeResult(false, 10, "new"), applied);

        Assert.False(result.Recovered);
        Assert.Equal([12L], applied.Select(e => e.Seq));
        Assert.Equal(new Cursor(12, "new"), sequencer.Cursor);
        Assert.True(sequencer.TryGetKnownVersion("ticket", 1, out var version));
        Assert.Equal(3, version);
    }

    [Fact]
    public void AResumeBufferThatOverflowsBecomesAReset()
    {
        var sequencer = new EventSequencer(new Cursor(0, Epoch), maxBufferedEvents: 3, 1000);
        var applied = new List<EventEnvelope>();

        sequencer.BeginBuffering();
        sequencer.Receive([Ticket(1, 1, 1), Ticket(2, 2, 1), Ticket(3, 3, 1), Ticket(4, 4, 1)], applied);
        var result = sequencer.CompleteResume(new ResumeResult(true, 4, Epoch), applied);

        Assert.False(result.Recovered);
        Assert.Empty(applied);
        Assert.Equal(new Cursor(4, Epoch), sequencer.Cursor);
    }
}
