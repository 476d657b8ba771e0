using NumberDirectory.Server.Hosting;

return await NumberDirectoryNode.RunAsync(args);
