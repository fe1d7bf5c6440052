using System.Activities;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Microsoft.Xrm.Sdk.Workflow;

// Plug-ins the fixture solution (Fixture/src) registers. Each shows one thing the pipeline must do.
namespace Mci.Emulator.Tests.Plugins;

public abstract class TestPlugin : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext4)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var factory = (IOrganizationServiceFactory)serviceProvider.GetService(typeof(IOrganizationServiceFactory))!;
        var tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService))!;
        Run(context, factory, tracing, serviceProvider);
    }

    protected abstract void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services);

    /// <summary>The parent contexts, nearest first: "Message@Depth&lt;Message@Depth…".</summary>
    protected static string Ancestors(IPluginExecutionContext context)
    {
        var chain = new List<string>();
        for (var c = context.ParentContext; c != null; c = c.ParentContext) chain.Add(c.MessageName + "@" + c.Depth);
        return string.Join("<", chain);
    }

    protected static string Name(IPluginExecutionContext context) =>
        context.InputParameters.TryGetValue("Target", out var t) && t is Entity e ? e.GetAttributeValue<string>("test_name") ?? "" : "";
}

/// <summary>Records its whole context and marks the shared variables with its stage.</summary>
public sealed class ContextProbe : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        context.SharedVariables["seen" + context.Stage] = true;
        var variables = (IEnvironmentVariableService?)services.GetService(typeof(IEnvironmentVariableService));
        context.InputParameters.TryGetValue("Target", out var target);
        context.InputParameters.TryGetValue("Targets", out var targets);
        Probe.Records.Add(new ProbeRecord(
            ((IExecutionContext)context).OwningExtension?.Name ?? "",
            context.MessageName, context.Stage, context.Mode, context.Depth, context.PrimaryEntityName, context.PrimaryEntityId,
            target is Entity e ? Probe.Copy(e) : null,
            (targets as EntityCollection)?.Entities.Select(Probe.Copy).ToList(),
            target as EntityReference,
            Probe.Images(context.PreEntityImages), Probe.Images(context.PostEntityImages),
            context.PreEntityImagesCollection.Select(Probe.Images).ToList(), context.PostEntityImagesCollection.Select(Probe.Images).ToList(),
            context.SharedVariables.ToDictionary(k => k.Key, k => (object?)k.Value), context.ParentContext?.SharedVariables.ToDictionary(k => k.Key, k => (object?)k.Value), context.ParentContext?.Stage,
            context.IsInTransaction, context.UserId, context.InitiatingUserId, context.OperationCreatedOn,
            context.OutputParameters.ToDictionary(k => k.Key, k => (object?)k.Value), context.InputParameters.Keys.ToList(),
            variables?.RetrieveEnvironmentVariableValue("test_Threshold"),
            Ancestors(context)));
        tracing.Trace("probe {0} {1} at stage {2}", context.MessageName, context.PrimaryEntityName, context.Stage);
    }
}

/// <summary>Update PreOperation (filtered on test_amount): total = amount × factor from the unsecure configuration.</summary>
public sealed class TotalCalculator : TestPlugin
{
    private readonly decimal _factor;

    public TotalCalculator(string unsecure, string secure) => _factor = decimal.Parse(unsecure.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);

    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        var target = (Entity)context.InputParameters["Target"];
        var amount = target.GetAttributeValue<Money>("test_amount")?.Value ?? 0m;
        target["test_total"] = new Money(amount * _factor);
        tracing.Trace("total = {0}", amount * _factor);
    }
}

/// <summary>Child Create PostOperation: adds the configured increment to the parent's counter (a nested write as the user).</summary>
public sealed class ChildRollup : TestPlugin
{
    private readonly int _increment;
    private readonly string? _secure;
    private int _runs;

    public ChildRollup(string unsecure, string secure)
    {
        _increment = int.Parse(unsecure.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        _secure = secure;
    }

    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        _runs++;
        tracing.Trace("run {0}, secure configuration '{1}'", _runs, _secure ?? "(none)");
        var target = (Entity)context.InputParameters["Target"];
        if (target.GetAttributeValue<EntityReference>("test_parentid") is not { } parent) return;
        var service = factory.CreateOrganizationService(context.UserId);
        var current = service.Retrieve("test_parent", parent.Id, new ColumnSet("test_counter")).GetAttributeValue<int?>("test_counter") ?? 0;
        service.Update(new Entity("test_parent", parent.Id) { ["test_counter"] = current + _increment });
    }
}

/// <summary>Refuses a record whose name contains its configuration; "crash" throws a non-plug-in exception.</summary>
public sealed class Refuser : TestPlugin
{
    private readonly string _trigger;

    public Refuser(string unsecure) => _trigger = unsecure;

    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        var name = Name(context);
        tracing.Trace("checking '{0}'", name);
        if (name.Contains(_trigger, StringComparison.Ordinal)) throw new InvalidPluginExecutionException($"Refused '{name}': {_trigger}. 已拒绝。");
        if (name == "crash") throw new InvalidOperationException("boom");
    }
}

/// <summary>Child Create PreValidation: a name starting "pv-write" adds 100 to the parent's counter, outside the transaction.</summary>
public sealed class PreValidationWriter : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        if (!Name(context).StartsWith("pv-write", StringComparison.Ordinal)) return;
        var parent = ((Entity)context.InputParameters["Target"]).GetAttributeValue<EntityReference>("test_parentid");
        var service = factory.CreateOrganizationService(null);
        var current = service.Retrieve("test_parent", parent.Id, new ColumnSet("test_counter")).GetAttributeValue<int?>("test_counter") ?? 0;
        service.Update(new Entity("test_parent", parent.Id) { ["test_counter"] = current + 100 });
    }
}

/// <summary>Child Update PostOperation (filtered on test_value): raises test_value by one until it reaches test_stop.</summary>
public sealed class Looper : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        var service = factory.CreateOrganizationService(context.UserId);
        var row = service.Retrieve("test_child", context.PrimaryEntityId, new ColumnSet("test_value", "test_stop"));
        var value = row.GetAttributeValue<int?>("test_value") ?? 0;
        if (value < (row.GetAttributeValue<int?>("test_stop") ?? 0))
            service.Update(new Entity("test_child", context.PrimaryEntityId) { ["test_value"] = value + 1 });
    }
}

/// <summary>Async Update PostOperation (filtered on test_kind): writes a note about the new kind; "async-fail" fails.</summary>
public sealed class AsyncNote : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        var post = context.PostEntityImages["Post"];
        if (post.GetAttributeValue<string>("test_name") == "async-fail") throw new InvalidPluginExecutionException("The async step failed on purpose.");
        factory.CreateOrganizationService(null).Create(new Entity("annotation")
        {
            ["objectid"] = new EntityReference("test_parent", context.PrimaryEntityId),
            ["subject"] = "Kind changed",
            ["notetext"] = $"{post.GetAttributeValue<string>("test_name")}: {post.GetAttributeValue<OptionSetValue>("test_kind")?.Value}",
        });
    }
}

/// <summary>Blocker Create PostOperation: for "swallow", makes a failing nested call and ignores the failure.</summary>
public sealed class Swallower : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        if (Name(context) != "swallow") return;
        try
        {
            factory.CreateOrganizationService(context.UserId).Create(new Entity("test_child") { ["test_name"] = new string('x', 500) });
        }
        catch (Exception e)
        {
            tracing.Trace("ignored: {0}", e.Message);
        }
    }
}

/// <summary>Win PreOperation: refuses to win an opportunity whose topic contains "refuse".</summary>
public sealed class WinGuard : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        var close = (Entity)context.InputParameters["OpportunityClose"];
        var opportunity = close.GetAttributeValue<EntityReference>("opportunityid");
        var name = factory.CreateOrganizationService(null).Retrieve("opportunity", opportunity.Id, new ColumnSet("name")).GetAttributeValue<string>("name");
        if (name.Contains("refuse", StringComparison.Ordinal)) throw new InvalidPluginExecutionException($"The opportunity '{name}' cannot be won yet.");
    }
}

/// <summary>opportunityclose Create PreOperation (rank 2): inside a Win or a Lose, refuses to close an opportunity whose topic contains "deny-close".</summary>
public sealed class CloseGuard : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        var ancestors = Ancestors(context);
        if (!ancestors.Contains("Win@", StringComparison.Ordinal) && !ancestors.Contains("Lose@", StringComparison.Ordinal)) return;
        var opportunity = ((Entity)context.InputParameters["Target"]).GetAttributeValue<EntityReference>("opportunityid");
        var name = factory.CreateOrganizationService(null).Retrieve("opportunity", opportunity.Id, new ColumnSet("name")).GetAttributeValue<string>("name");
        if (name.Contains("deny-close", StringComparison.Ordinal)) throw new InvalidPluginExecutionException($"The close of '{name}' is refused.");
    }
}

/// <summary>Blocker Create PostOperation: for "batch:Message", sends that batch or bulk request from inside the plug-in (Dataverse does not support it).</summary>
public sealed class BatchSender : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        var name = Name(context);
        if (!name.StartsWith("batch:", StringComparison.Ordinal)) return;
        var one = new Entity("test_child") { ["test_name"] = "from a plug-in" };
        OrganizationRequest request = name["batch:".Length..] switch
        {
            "CreateMultiple" => new Microsoft.Xrm.Sdk.Messages.CreateMultipleRequest { Targets = new EntityCollection(new List<Entity> { one }) { EntityName = "test_child" } },
            "UpdateMultiple" => new Microsoft.Xrm.Sdk.Messages.UpdateMultipleRequest { Targets = new EntityCollection(new List<Entity> { new("test_blocker", context.PrimaryEntityId) { ["test_name"] = "x" } }) { EntityName = "test_blocker" } },
            "ExecuteMultiple" => new Microsoft.Xrm.Sdk.Messages.ExecuteMultipleRequest
            {
                Requests = new Microsoft.Xrm.Sdk.OrganizationRequestCollection { new Microsoft.Xrm.Sdk.Messages.CreateRequest { Target = one } },
                Settings = new Microsoft.Xrm.Sdk.ExecuteMultipleSettings(),
            },
            "ExecuteTransaction" => new Microsoft.Xrm.Sdk.Messages.ExecuteTransactionRequest { Requests = new Microsoft.Xrm.Sdk.OrganizationRequestCollection { new Microsoft.Xrm.Sdk.Messages.CreateRequest { Target = one } } },
            var other => new OrganizationRequest(other) { ["Targets"] = new EntityCollection(new List<Entity> { one }) { EntityName = "test_child" } },
        };
        factory.CreateOrganizationService(null).Execute(request);
    }
}

/// <summary>Blocker Retrieve PostOperation: changes the returned entity (OutputParameters["BusinessEntity"]).</summary>
public sealed class RetrieveDecorator : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        if (context.OutputParameters["BusinessEntity"] is Entity e && e.Contains("test_name")) e["test_name"] = e.GetAttributeValue<string>("test_name") + " (seen)";
    }
}

/// <summary>Blocker RetrieveMultiple PreOperation: hides rows named hidden… by changing the query.</summary>
public sealed class QueryProbe : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        if (context.InputParameters["Query"] is QueryExpression q) q.Criteria.AddCondition("test_name", ConditionOperator.DoesNotBeginWith, "hidden");
    }
}

/// <summary>Parent Create PostOperation: writes the secured column as SYSTEM (null), as the calling user (Guid.Empty), or not at all.</summary>
public sealed class SecretStamper : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        var name = Name(context);
        Guid? user = name.StartsWith("stamp-system", StringComparison.Ordinal) ? null : name.StartsWith("stamp-user", StringComparison.Ordinal) ? Guid.Empty : (Guid?)Guid.NewGuid();
        if (user is { } u && u != Guid.Empty) return;
        factory.CreateOrganizationService(user).Update(new Entity("test_parent", context.PrimaryEntityId) { ["test_secret"] = "stamped" });
    }
}

/// <summary>Workflow activity: Start + Days, and the name of the Parent record read as the workflow's user.</summary>
public sealed class AddDays : CodeActivity
{
    [Input("Start")]
    [RequiredArgument]
    public InArgument<DateTime> Start { get; set; } = new();

    [Input("Days")]
    public InArgument<int> Days { get; set; } = new();

    [Input("Parent")]
    [ReferenceTarget("test_parent")]
    public InArgument<EntityReference> Parent { get; set; } = new();

    [Output("Result")]
    public OutArgument<DateTime> Result { get; set; } = new();

    [Output("ParentName")]
    public OutArgument<string> ParentName { get; set; } = new();

    protected override void Execute(CodeActivityContext context)
    {
        var days = Days.Get(context);
        if (days < 0) throw new InvalidPluginExecutionException("Days must not be negative. 天数不能为负数。");
        var workflow = context.GetExtension<IWorkflowContext>();
        context.GetExtension<ITracingService>().Trace("adding {0} days for {1}", days, workflow.UserId);
        Result.Set(context, Start.Get(context).AddDays(days));
        if (Parent.Get(context) is { } parent)
        {
            var service = context.GetExtension<IOrganizationServiceFactory>().CreateOrganizationService(null);
            ParentName.Set(context, service.Retrieve(parent.LogicalName, parent.Id, new ColumnSet("test_name")).GetAttributeValue<string>("test_name"));
        }
    }
}

/// <summary>
/// The main operation of the fixture's custom API test_Echo (Fixture/src/customapis/test_Echo): records its context like
/// <see cref="ContextProbe"/>, answers Echo = Text and Doubled = 2 × Count, with Save creates a test_parent named Text as the
/// caller (Created), sets an output the API does not declare, and refuses a Text starting "refuse" after all that.
/// </summary>
public sealed class EchoApi : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        new ContextProbe().Execute(services);
        var text = context.InputParameters.TryGetValue("Text", out var t) ? t as string : null;
        context.OutputParameters["Echo"] = text;
        if (context.InputParameters.TryGetValue("Count", out var c) && c is int count) context.OutputParameters["Doubled"] = count * 2;
        if (context.InputParameters.TryGetValue("Save", out var s) && s is true)
        {
            var id = factory.CreateOrganizationService(context.UserId).Create(new Entity("test_parent") { ["test_name"] = text });
            context.OutputParameters["Created"] = new EntityReference("test_parent", id);
        }
        context.OutputParameters["Undeclared"] = "not a response property of test_Echo";
        if (text != null && text.StartsWith("refuse", StringComparison.Ordinal)) throw new InvalidPluginExecutionException($"Refused '{text}'. 已拒绝。");
    }
}

/// <summary>The main operation of the fixture's function test_CountParents: how many test_parent rows the caller can read.</summary>
public sealed class CountParentsApi : TestPlugin
{
    protected override void Run(IPluginExecutionContext4 context, IOrganizationServiceFactory factory, ITracingService tracing, IServiceProvider services)
    {
        var rows = factory.CreateOrganizationService(context.UserId).RetrieveMultiple(new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_parentid") });
        context.OutputParameters["Parents"] = rows.Entities.Count;
    }
}
