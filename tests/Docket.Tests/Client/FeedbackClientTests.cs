using System.Net;
using System.Text.Json.Nodes;
using Docket.Client;

namespace Docket.Tests.Client;

public sealed class FeedbackClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private DocketClient Client => fixture.Client;

    [Fact]
    public async Task SubmitAndList_KeepTheCorrectedResponseAndNotes_NewestFirst()
    {
        var done = await Client.Executions.WaitAsync((await Client.Agent.ExecuteAsync("test/noop", null)).Id, TimeSpan.FromSeconds(30));

        var first = await Client.Feedback.SubmitAsync(new FeedbackSubmission { AgentExecutionId = done.Id, Notes = "looks right" });
        var second = await Client.Feedback.SubmitAsync(new FeedbackSubmission { RequestId = done.Id, Response = new JsonObject { ["ok"] = false }, Notes = "actually not" });
        var list = await Client.Feedback.ListAsync(done.Id);
        var paged = await Client.Feedback.ListAsync(done.Id, limit: 1, offset: 1);

        Assert.Equal((done.Id, done.Id), (first.AgentExecutionId, first.RequestId));
        Assert.Equal(done.Id, list.RequestId);
        Assert.Equal([second.Id, first.Id], list.Items.Select(i => i.Id));
        Assert.Equal(("actually not", """{"ok":false}"""), (list.Items[0].Notes, list.Items[0].Response!.ToJsonString()));
        Assert.Null(list.Items[1].Response);
        Assert.Equal(first.Id, paged.Items.Single().Id);
    }

    [Fact]
    public async Task Submit_OnAnUnknownExecution_IsA404ApiException()
    {
        var error = await Assert.ThrowsAsync<DocketApiException>(() => Client.Feedback.SubmitAsync(new FeedbackSubmission { AgentExecutionId = "no_such_execution", Notes = "?" }));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }
}
