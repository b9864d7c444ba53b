using Docket.Cli;

return await DocketCli.RunAsync(args).ConfigureAwait(false);
