using System.Activities;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Workflow;

// Workflow activities the tests run through `run` steps (the CLI's settings add this assembly to the emulator).
namespace Mci.Cli.Tests.Activities;

/// <summary>Echoes its inputs to its outputs: one of each argument type scenario files can express.</summary>
public sealed class EchoActivity : CodeActivity
{
    [RequiredArgument]
    [Input("Record")]
    [ReferenceTarget("account")]
    public InArgument<EntityReference> Record { get; set; } = new();

    [Input("Amount")]
    public InArgument<decimal> Amount { get; set; } = new();

    [Input("Partner type")]
    [AttributeTarget("mci_partner", "mci_partnertype")]
    public InArgument<OptionSetValue> PartnerType { get; set; } = new();

    [Input("Label")]
    public InArgument<string> Label { get; set; } = new();

    [Output("Doubled")]
    public OutArgument<decimal> Doubled { get; set; } = new();

    [Output("Same record")]
    [ReferenceTarget("account")]
    public OutArgument<EntityReference> SameRecord { get; set; } = new();

    [Output("Same type")]
    [AttributeTarget("mci_partner", "mci_partnertype")]
    public OutArgument<OptionSetValue> SameType { get; set; } = new();

    [Output("Text")]
    public OutArgument<string> Text { get; set; } = new();

    [Output("Flag")]
    public OutArgument<bool> Flag { get; set; } = new();

    [Output("Fee")]
    public OutArgument<Money> Fee { get; set; } = new();

    [Output("Count")]
    public OutArgument<int> Count { get; set; } = new();

    [Output("Today")]
    public OutArgument<DateTime> Today { get; set; } = new();

    protected override void Execute(CodeActivityContext context)
    {
        var amount = Amount.Get(context);
        Doubled.Set(context, amount * 2);
        SameRecord.Set(context, Record.Get(context));
        SameType.Set(context, PartnerType.Get(context));
        Text.Set(context, "echo " + Label.Get(context));
        Flag.Set(context, amount > 0);
        Fee.Set(context, new Money(amount / 10));
        Count.Set(context, 3);
        Today.Set(context, context.GetExtension<IWorkflowContext>().OperationCreatedOn.Date);
    }
}

/// <summary>Writes an account, then refuses: a workflow activity is not transactional, so the write stays.</summary>
public sealed class LeakyActivity : CodeActivity
{
    [Input("Name")]
    public InArgument<string> Name { get; set; } = new();

    protected override void Execute(CodeActivityContext context)
    {
        var factory = context.GetExtension<IOrganizationServiceFactory>();
        var service = factory.CreateOrganizationService(context.GetExtension<IWorkflowContext>().UserId);
        service.Create(new Entity("account") { ["name"] = Name.Get(context) });
        throw new InvalidPluginExecutionException("Leaky refused after writing an account.");
    }
}

/// <summary>Refuses before writing anything.</summary>
public sealed class RefusingActivity : CodeActivity
{
    protected override void Execute(CodeActivityContext context) =>
        throw new InvalidPluginExecutionException("Refused: nothing was written. / 已拒绝：未写入任何内容。");
}
