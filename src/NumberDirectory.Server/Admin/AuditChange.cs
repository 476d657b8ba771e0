using Google.Protobuf;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// One change for the audit log: its subject (<c>range e164/_4XXX</c>, <c>peer 00:00:5e:00:53:01</c>), the
/// object before and after as the API shows it (null where there was none), and a line for people.
/// </summary>
internal sealed record AuditChange(string Subject, IMessage? Before, IMessage? After, string Summary);
