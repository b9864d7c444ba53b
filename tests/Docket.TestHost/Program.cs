using Docket.Cli;
using Docket.TestHost;

// The real `docket` command with the test agents added: what process-level tests start.
return await DocketCli.RunAsync(args, TestAgents.Register).ConfigureAwait(false);
